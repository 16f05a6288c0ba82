"""``lat reproduce jailbreaks`` — the paper's jailbreak result end to end: train RT / RT+EAT / RT+LAT, attack, report."""

from __future__ import annotations

import argparse
from typing import Any

from lat.errors import LatError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reproduce", help="reproduce a paper experiment end to end (train, attack, judged report)")
    p.add_argument("experiment", choices=["jailbreaks"])
    p.add_argument(
        "--quick", action="store_true", help="the short CPU version (one seed, fewer steps/prompts, ~15 min)"
    )
    p.add_argument(
        "--preset",
        default="smollm2",
        help="smollm2 (default: the embedded model, built-in data, CPU) or llama3-8b (the paper's Llama-3-8B-Instruct "
        "recipes on the LLM-LAT hub datasets; GPU)",
    )
    p.add_argument("--model", default=None, help="model for every method (default: smollm2-135m-instruct)")
    p.add_argument("--seeds", default=None, help="comma-separated seeds (default 0,1,2; quick: 0)")
    p.add_argument("--n-harmful", type=int, default=None, help="harmful eval prompts (default: the whole split)")
    p.add_argument("--n-gcg", type=int, default=None, help="prompts attacked with GCG")
    p.add_argument("--methods", default=None, help="comma-separated subset of RT,RT+EAT,RT+LAT (default: all three)")
    p.add_argument(
        "--method",
        action="append",
        default=None,
        metavar="LABEL=RECIPE [OVERRIDES]",
        help="a method variant for sweeps, repeatable: 'LAT-all=rt_lat_smollm2 attack.positions=all' "
        "(added to --methods; RT is the reference every method is compared with)",
    )
    p.add_argument(
        "--eval",
        action="append",
        default=None,
        metavar="KEY=VALUE",
        help="evaluation-suite override, repeatable: 'latent.epsilons=[0.25,0.5]', 'max_new_tokens=32'",
    )
    p.add_argument("--attacks", default=None, help="comma-separated eval attacks (default: the whole suite)")
    p.add_argument("--split", default=None, help="evaluation split: test (default) or validation (for tuning)")
    p.add_argument("--out", default=None, help="output folder")
    p.add_argument("overrides", nargs="*", help="recipe overrides for every method, e.g. train.steps=20")
    p.set_defaults(handler=run)


def parse_eval_override(item: str) -> dict[str, Any]:
    """``latent.epsilons=[0.25,0.5]`` → ``{"latent": {"epsilons": [0.25, 0.5]}}`` (values parsed as YAML)."""
    import yaml

    key, sep, value = item.partition("=")
    if not sep or not key:
        raise LatError(f"--eval '{item}': expected KEY=VALUE, e.g. latent.epsilons=[0.25,0.5]")
    out: dict[str, Any] = {}
    node = out
    parts = key.strip().split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = yaml.safe_load(value)
    return out


def merge_nested(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for k, v in b.items():
        out[k] = merge_nested(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def build_experiment(args: argparse.Namespace) -> Any:
    """The :class:`JailbreakExperiment` the command line describes (bad input raises :class:`LatError`)."""
    from lat.experiments.jailbreaks import PRESETS, JailbreakExperiment

    if args.preset not in PRESETS:
        JailbreakExperiment.preset(args.preset)  # raises with a did-you-mean
    known = PRESETS[args.preset]["methods"]
    kw: dict[str, Any] = {}
    if args.model:
        kw["model"] = args.model
    if args.seeds:
        kw["seeds"] = [int(s) for s in args.seeds.split(",")]
    if args.n_harmful is not None:
        kw["n_harmful"] = args.n_harmful
    if args.n_gcg is not None:
        kw["n_gcg"] = args.n_gcg
    if args.split:
        kw["split"] = args.split
    if args.methods:
        from lat.registry import did_you_mean

        names = [m.strip() for m in args.methods.split(",")]
        for m in names:
            if m not in known:
                raise LatError(f"unknown method '{m}'{did_you_mean(m, list(known))}; known: {', '.join(known)}")
        kw["methods"] = {m: known[m] for m in names}
    if args.method:
        kw["methods"] = dict(kw.get("methods", {} if args.methods else known))
        for spec in args.method:
            label, sep, recipe = spec.partition("=")
            if not sep or not label.strip() or not recipe.strip():
                raise LatError(
                    f"--method '{spec}': expected LABEL=RECIPE [OVERRIDES], e.g. 'LAT-all=rt_lat_smollm2 attack.positions=all'"
                )
            kw["methods"][label.strip()] = recipe.strip()
    if args.attacks:
        kw["attacks"] = [a.strip() for a in args.attacks.split(",")]
    if args.out:
        kw["out"] = args.out
    exp = JailbreakExperiment.preset(args.preset, quick=args.quick, **kw)
    for item in args.eval or []:
        exp.suite_overrides = merge_nested(exp.suite_overrides, parse_eval_override(item))
    exp.overrides = last_wins([*exp.overrides, *args.overrides])
    # Fail now, not after the base model's evaluation: every recipe, override and eval key must resolve.
    from lat.config import load_recipe
    from lat.experiments.jailbreaks import eval_suite

    for label, spec in exp.methods.items():
        name, *own = spec.split()
        try:
            load_recipe(name, [*exp.overrides, *own])
        except LatError as e:
            raise LatError(f"method '{label}': {e}") from None
    eval_suite(exp, [0])
    return exp


def run(args: argparse.Namespace) -> int:
    from lat.experiments.jailbreaks import render_markdown
    from lat.experiments.jailbreaks import run as run_experiment

    exp = build_experiment(args)

    report = run_experiment(exp)
    print()
    print(render_markdown(report))
    print(f"report: {exp.out}/report.md (and report.html, report.json, per-run results)")
    return 0


def last_wins(overrides: list[str]) -> list[str]:
    """Drop overrides that a later one for the same key replaces (``train.steps=8 … train.steps=16`` → the 16), so the
    report lists the settings that were actually used."""
    last = {o.split("=", 1)[0].strip(): i for i, o in enumerate(overrides)}
    return [o for i, o in enumerate(overrides) if last[o.split("=", 1)[0].strip()] == i]
