"""``lat reproduce jailbreaks`` — the paper's jailbreak result end to end: train RT / RT+EAT / RT+LAT, attack, report."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reproduce", help="reproduce a paper experiment end to end (train, attack, judged report)")
    p.add_argument("experiment", choices=["jailbreaks"])
    p.add_argument(
        "--quick", action="store_true", help="the short CPU version (one seed, fewer steps/prompts, ~15 min)"
    )
    p.add_argument("--model", default=None, help="model for every method (default: smollm2-135m-instruct)")
    p.add_argument("--seeds", default=None, help="comma-separated seeds (default 0,1,2; quick: 0)")
    p.add_argument("--n-harmful", type=int, default=None, help="harmful eval prompts (default: the whole split)")
    p.add_argument("--n-gcg", type=int, default=None, help="prompts attacked with GCG")
    p.add_argument("--methods", default=None, help="comma-separated subset of RT,RT+EAT,RT+LAT (default: all three)")
    p.add_argument("--attacks", default=None, help="comma-separated eval attacks (default: the whole suite)")
    p.add_argument("--split", default=None, help="evaluation split: test (default) or validation (for tuning)")
    p.add_argument("--out", default=None, help="output folder")
    p.add_argument("overrides", nargs="*", help="recipe overrides for every method, e.g. train.steps=20")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from lat.experiments.jailbreaks import JailbreakExperiment
    from lat.experiments.jailbreaks import run as run_experiment

    kw = {}
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
        from lat.errors import LatError
        from lat.experiments.jailbreaks import METHODS
        from lat.registry import did_you_mean

        names = [m.strip() for m in args.methods.split(",")]
        for m in names:
            if m not in METHODS:
                raise LatError(f"unknown method '{m}'{did_you_mean(m, list(METHODS))}; known: {', '.join(METHODS)}")
        kw["methods"] = {m: METHODS[m] for m in names}
    if args.attacks:
        kw["attacks"] = [a.strip() for a in args.attacks.split(",")]
    if args.out:
        kw["out"] = args.out
    exp = JailbreakExperiment.quick(**kw) if args.quick else JailbreakExperiment(**kw)
    exp.overrides = exp.overrides + list(args.overrides)
    from lat.experiments.jailbreaks import render_markdown

    report = run_experiment(exp)
    print()
    print(render_markdown(report))
    print(f"report: {exp.out}/report.md (and report.html, report.json, per-run results)")
    return 0
