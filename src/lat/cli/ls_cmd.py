"""``lat ls`` — what is registered: objectives, adversaries, models, eval attacks, judges, datasets, recipes."""

from __future__ import annotations

import argparse
import importlib
import os
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ls", help="list objectives, adversaries, models, attacks, judges, datasets and recipes")
    p.add_argument(
        "what",
        nargs="?",
        default="all",
        choices=[
            "all",
            "objectives",
            "adversaries",
            "models",
            "attacks",
            "judges",
            "datasets",
            "experiments",
            "recipes",
        ],
    )
    p.set_defaults(handler=run)


def _section(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"{title}:")
    for name, help_ in rows:
        print(f"  {name:26s} {help_}")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    want = args.what
    if want in ("all", "objectives"):
        from lat.objectives import ATTACK_OBJECTIVES, DEFENSE_OBJECTIVES

        _section("attack objectives (attack.objective)", ATTACK_OBJECTIVES.describe())
        _section("defense objectives (defense.objective)", DEFENSE_OBJECTIVES.describe())
    if want in ("all", "adversaries"):
        from lat.adversaries import ADVERSARIES

        _section("adversaries (attack.adversary)", ADVERSARIES.describe())
    if want in ("all", "models"):
        from lat.models.registry import HUB_MODELS, MODELS

        _section("models (model.name)", MODELS.describe() + [(k, f"hub: {v}") for k, v in HUB_MODELS.items()])
    failed = 0
    for kind, module, attr in (
        ("attacks", "lat.evals.attacks", "EVAL_ATTACKS"),
        ("judges", "lat.judges", "JUDGES"),
    ):
        if want in ("all", kind):
            try:
                registry = getattr(importlib.import_module(module), attr)
            except (ImportError, AttributeError) as err:  # say so: a missing section must not look like "none"
                failed += 1
                print(
                    f"eval {kind}: could not be listed ({type(err).__name__}: {err}); reinstall lat with its "
                    "dependencies (pip install -e .) or run with LAT_DEBUG=1 for the traceback",
                    file=sys.stderr,
                )
                if os.environ.get("LAT_DEBUG"):
                    raise
                continue
            _section(f"eval {kind}", registry.describe())
    if want in ("all", "datasets"):
        from lat.data.sources import DATA_SOURCES

        _section(
            "datasets (data.adversarial = pairs / data.retain = retain)",
            [(n, f"[{DATA_SOURCES.get(n).kind}] {h}") for n, h in DATA_SOURCES.describe()]
            + [("FILE.jsonl|csv|parquet", "local data"), ("hf:NAME", "a Hugging Face dataset")],
        )
    if want in ("all", "experiments"):
        from lat.experiments import EXPERIMENTS

        _section("experiments (lat reproduce NAME)", EXPERIMENTS.describe())
    if want in ("all", "recipes"):
        from lat.cli.validate_cmd import shipped_recipes

        _section("recipes (lat train NAME)", [(Path(p).stem, _first_line(p)) for p in shipped_recipes()])
    return 1 if failed else 0


def _first_line(path: str) -> str:
    import yaml

    with open(path) as fh:
        data = yaml.safe_load(fh) or {}
    return str(data.get("description", "")).split("\n")[0][:90]
