"""``lat validate RECIPE ...`` — check recipes without training (unknown keys, bad values, layer ranges)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check recipes (keys, values, and with --check-model the layer indices)")
    p.add_argument("recipes", nargs="*", help="recipe names or YAML paths (default: every shipped recipe)")
    p.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE", help="overrides to validate with")
    p.add_argument("--check-model", action="store_true", help="read the model config and check attacked layers exist")
    p.add_argument("--explain", action="store_true", help="print every config key with its default and help")
    p.set_defaults(handler=run)


def shipped_recipes() -> list[str]:
    from lat.config import recipe_dirs

    for d in recipe_dirs():
        if d.is_dir():
            return [str(p) for p in sorted(d.glob("*.yaml"))]
    return []


def check_layers(recipe) -> str:
    """Check attacked layer indices against the model's config (no weights loaded)."""
    from transformers import AutoConfig

    from lat.errors import LatError
    from lat.models.loading import resolve_model_path

    cfg = AutoConfig.from_pretrained(
        resolve_model_path(recipe.model.name), trust_remote_code=recipe.model.trust_remote_code
    )
    cfg = cfg.get_text_config() if hasattr(cfg, "get_text_config") else cfg
    n = getattr(cfg, "num_hidden_layers", None) or getattr(cfg, "n_layer", None)
    for layer in recipe.attack.layers:
        if isinstance(layer, int) and not -n <= layer < n:
            raise LatError(
                f"attack.layers: layer {layer} is out of range for {recipe.model.name} ({n} layers: 0..{n - 1})"
            )
    return f"{n} layers"


def run(args: argparse.Namespace) -> int:
    from lat.config import explain, load_recipe
    from lat.errors import LatError

    if args.explain:
        for key, default, help_ in explain():
            print(f"{key:34s} {default:28s} {help_}")
        return 0
    paths = args.recipes or shipped_recipes()
    failed = 0
    for path in paths:
        try:
            recipe = load_recipe(path, args.set)
            extra = f", {check_layers(recipe)}" if args.check_model else ""
            a = recipe.attack
            what = (
                f"attack {a.objective} layers={a.layers} eps={a.epsilon} ({a.epsilon_mode})"
                if a.enabled
                else "no attack"
            )
            print(f"ok    {path}: model={recipe.model.name}{extra}; {what}; {recipe.train.steps} steps")
        except (LatError, OSError) as err:
            failed += 1
            print(f"FAIL  {path}: {err}")
    return 1 if failed else 0
