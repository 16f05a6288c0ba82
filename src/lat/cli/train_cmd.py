"""``lat train RECIPE [key=value ...]`` — run a LAT (or baseline) recipe."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "train",
        help="train a model with a recipe (LAT or its baseline)",
        description="Train with a YAML recipe; key=value overrides win (e.g. attack.epsilon=2.5).",
    )
    p.add_argument("recipe", help="recipe name (lat ls) or path to a YAML file")
    p.add_argument("overrides", nargs="*", help="section.key=value overrides, e.g. train.steps=10 attack.layers=[4,8]")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from lat.config import load_recipe

    recipe = load_recipe(args.recipe, args.overrides)
    from lat.training import train

    trainer = train(recipe)
    if trainer.accelerator.is_main_process:
        last = trainer.history[-1] if trainer.history else {}
        print(f"done: {len(trainer.history)} steps; adapter and config in {trainer.output_dir}")
        if last:
            print(
                "last step: "
                + ", ".join(f"{k}={v:.4g}" for k, v in last.items() if isinstance(v, float) and "/" not in k)
            )
    return 0
