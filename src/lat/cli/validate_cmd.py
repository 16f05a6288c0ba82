"""``lat validate [RECIPE ...] [key=value ...]`` — check recipes without training: unknown keys, bad values, and
with ``--check-model`` everything that needs only the model's config (layers, LoRA targets, context length)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate", help="check recipes (keys, values; with --check-model layers, LoRA targets, lengths)"
    )
    p.add_argument(
        "items",
        nargs="*",
        metavar="RECIPE|KEY=VALUE",
        help="recipe names or YAML paths (default: every shipped recipe), and section.key=value overrides to "
        "validate with, as lat train takes them",
    )
    p.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE", help="more overrides (same as positional)")
    p.add_argument("--check-model", action="store_true", help="read the model config (no weights): layers, targets")
    p.add_argument("--explain", action="store_true", help="print every config key with its default and help")
    p.set_defaults(handler=run, overrides=[])


def shipped_recipes() -> list[str]:
    """Every recipe shipped inside the package (``lat/recipes/*.yaml``)."""
    from lat.config import recipe_dirs

    d = recipe_dirs()[-1]
    return [str(p) for p in sorted(d.glob("*.yaml"))] if d.is_dir() else []


def run(args: argparse.Namespace) -> int:
    from lat.config import explain, load_recipe
    from lat.errors import LatError

    if args.explain:
        for key, default, help_ in explain():
            print(f"{key:34s} {default:28s} {help_}")
        return 0
    items = [*args.items, *args.overrides]  # key=value items that followed options land in args.overrides
    overrides = [*[i for i in items if "=" in i], *args.set]
    paths = [i for i in items if "=" not in i] or shipped_recipes()
    failed = 0
    for path in paths:
        try:
            recipe = load_recipe(path, overrides)
            extra = ""
            if args.check_model:
                from lat.training.preflight import check_model, model_skeleton

                skeleton = model_skeleton(recipe)
                if skeleton is not None:
                    check_model(recipe, skeleton)
                    extra = " (layers, LoRA targets and length checked against the model config)"
            a = recipe.attack
            what = (
                f"attack {a.objective} layers={a.layers} eps={a.epsilon} ({a.epsilon_mode})"
                if a.enabled
                else "no attack"
            )
            print(f"ok    {path}: model={recipe.model.name}; {what}; {recipe.train.steps} steps{extra}")
        except (LatError, OSError) as err:
            failed += 1
            print(f"FAIL  {path}: {err}")
    return 1 if failed else 0
