"""``lat reproduce NAME`` — a paper experiment end to end: train every method × seed, attack, judged report.

``lat reproduce --list`` shows the registered experiments (:data:`lat.experiments.EXPERIMENTS`).
"""

from __future__ import annotations

import argparse
from typing import Any

from lat.errors import LatError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reproduce", help="reproduce a paper experiment end to end (train, attack, judged report)")
    p.add_argument("experiment", nargs="?", help="experiment name (lat reproduce --list)")
    p.add_argument("--list", action="store_true", help="list the registered experiments and their presets")
    p.add_argument("--quick", action="store_true", help="the short CPU version (one seed, fewer steps and prompts)")
    p.add_argument("--preset", default=None, help="model + recipes (default: the embedded model; e.g. llama3-8b)")
    p.add_argument("--model", default=None, help="model for every method (default: the preset's)")
    p.add_argument("--seeds", default=None, help="comma-separated seeds (default 0,1,2; quick: 0)")
    p.add_argument("--n-harmful", type=int, default=None, help="attacked eval prompts (default: the whole split)")
    p.add_argument("--n-gcg", type=int, default=None, help="prompts attacked with GCG")
    p.add_argument("--n-latent", type=int, default=None, help="prompts attacked with latent / embedding PGD")
    p.add_argument("--n-benign", type=int, default=None, help="benign and borderline prompts each")
    p.add_argument(
        "--methods",
        default=None,
        help="comma-separated methods, in report order: the preset's and --method labels (default: the preset's); "
        "'none' evaluates the starting model (the organism) only",
    )
    p.add_argument(
        "--method",
        action="append",
        default=None,
        metavar="LABEL=RECIPE [OVERRIDES]",
        help="a method variant for sweeps, repeatable: 'LAT-all=rt_lat_smollm2 attack.positions=all' "
        "(added after the --methods named, unless --methods names a variant: then exactly those run; every method "
        "is compared with the experiment's reference method)",
    )
    p.add_argument(
        "--eval",
        action="append",
        default=None,
        metavar="KEY=VALUE",
        help="evaluation-suite override, repeatable: 'latent.epsilons=[0.25,0.5]', 'max_new_tokens=32'",
    )
    p.add_argument(
        "--option",
        action="append",
        default=None,
        metavar="KEY=VALUE",
        help="a setting of this experiment only, repeatable (lat reproduce --list shows them)",
    )
    p.add_argument(
        "--reference",
        default=None,
        help="the method every other one is compared with (default: the experiment's, e.g. DPO for backdoors)",
    )
    p.add_argument("--attacks", default=None, help="comma-separated eval attacks (default: the whole suite)")
    p.add_argument("--split", default=None, help="evaluation split: test (default) or validation (for tuning)")
    p.add_argument("--out", default=None, help="output folder")
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="method × seed runs trained at a time, each in its own process with cores / N threads (or one GPU "
        "each); after the starting model's evaluation (default 1)",
    )
    p.add_argument(
        "--plan",
        action="store_true",
        help="say, for every run, what this command would reuse, continue, evaluate or train again, and stop",
    )
    p.add_argument("overrides", nargs="*", help="recipe overrides for every method, e.g. train.steps=20")
    p.set_defaults(handler=run)


def list_experiments() -> str:
    from lat.experiments import EXPERIMENTS

    lines = []
    for name, help_ in EXPERIMENTS.describe():
        definition = EXPERIMENTS.get(name)
        options = ", ".join(f"{k}={v}" for k, v in definition.option_defaults.items())
        lines.append(
            f"{name:14s} {help_} (presets: {', '.join(definition.presets)}"
            + (f"; options: {options})" if options else ")")
        )
    return "\n".join(lines)


def build_experiment(args: argparse.Namespace) -> Any:
    """The :class:`~lat.experiments.Experiment` the command line describes (bad input raises :class:`LatError`)."""
    from lat.config import merge_nested, parse_overrides
    from lat.experiments import EXPERIMENTS
    from lat.registry import did_you_mean

    if not args.experiment:
        raise LatError(f"name an experiment: lat reproduce NAME; registered:\n{list_experiments()}")
    definition = EXPERIMENTS.get(args.experiment)()
    known = definition.make(args.preset).methods  # --methods picks from the preset's, --quick or not
    kw: dict[str, Any] = {}
    if args.model:
        kw["model"] = args.model
    if args.seeds:
        kw["seeds"] = [int(s) for s in args.seeds.split(",")]
    if args.n_harmful is not None:
        kw["n_harmful"] = args.n_harmful
    if args.n_gcg is not None:
        kw["n_gcg"] = args.n_gcg
    if args.n_latent is not None:
        kw["n_latent"] = args.n_latent
    if args.n_benign is not None:
        kw["n_benign"] = args.n_benign
    if args.split:
        kw["split"] = args.split
    variants: dict[str, str] = {}  # --method LABEL=RECIPE [OVERRIDES]
    for spec in args.method or []:
        label, sep, recipe = spec.partition("=")
        if not sep or not label.strip() or not recipe.strip():
            raise LatError(
                f"--method '{spec}': expected LABEL=RECIPE [OVERRIDES], e.g. 'LAT-all=rt_lat_smollm2 attack.positions=all'"
            )
        variants[label.strip()] = recipe.strip()
    if args.methods and args.methods.strip() == "none":  # the starting model (organism) only: build, evaluate
        if variants:
            raise LatError("--methods none evaluates the starting model only: drop the --method variants")
        kw["methods"] = {}
    elif args.methods:  # the preset's methods and this command's variants, in the order named
        names = [m.strip() for m in args.methods.split(",")]
        pool = {**known, **variants}
        for m in names:
            if m not in pool:
                raise LatError(f"unknown method '{m}'{did_you_mean(m, list(pool))}; known: {', '.join(pool)}")
        # Naming any variant makes the list exact (one process per variant of a sweep); naming none of them adds
        # them after the named preset methods (--methods DPO --method 'DPO+LAT=…').
        exact = any(m in variants for m in names)
        kw["methods"] = {**{m: pool[m] for m in names}, **({} if exact else variants)}
    elif variants:  # after the preset's methods; a variant with a preset method's label replaces it
        kw["methods"] = {**definition.make(args.preset, args.quick).methods, **variants}
    if args.attacks:
        kw["attacks"] = [a.strip() for a in args.attacks.split(",")]
    if args.out:
        kw["out"] = args.out
    if args.jobs < 1:
        raise LatError(f"--jobs {args.jobs}: give at least 1 (runs trained at a time)")
    kw["jobs"] = args.jobs
    exp = definition.make(args.preset, args.quick, **kw)
    if args.reference is not None:
        if args.reference not in exp.methods:
            raise LatError(
                f"--reference '{args.reference}' is not among this run's methods"
                f"{did_you_mean(args.reference, list(exp.methods))}: {', '.join(exp.methods)}"
            )
        exp.reference = args.reference
    for item in args.eval or []:
        if "=" not in item:
            raise LatError(f"--eval '{item}': expected KEY=VALUE, e.g. latent.epsilons=[0.25,0.5]")
        exp.suite_overrides = merge_nested(exp.suite_overrides, parse_overrides([item]))
    for item in args.option or []:
        if "=" not in item:
            raise LatError(f"--option '{item}': expected KEY=VALUE")
        exp.options = {**exp.options, **parse_overrides([item])}
    definition.options(exp)
    exp.overrides = last_wins([*exp.overrides, *args.overrides])
    # Fail now, not after the base model's evaluation: every recipe, override and eval key must resolve.
    from lat.experiments.runner import resolve_recipes

    definition.eval_suite(exp, resolve_recipes(exp))
    return exp


def run(args: argparse.Namespace) -> int:
    from lat.evals.report import experiment_markdown
    from lat.experiments import run as run_experiment

    if args.list:
        print(list_experiments())
        return 0
    exp = build_experiment(args)
    if args.plan:
        from lat.experiments.runner import plan

        entries = plan(exp)
        width = max(32, *(len(e["run"]) for e in entries))
        for entry in entries:
            print(f"{entry['run']:{width}s} {entry['action']:9s} {entry['detail']}")
        for note in exp.definition.prompt_notes(exp):
            print(f"note: {note}")
        return 0
    report = run_experiment(exp)
    print()
    print(experiment_markdown(report))
    print(f"report: {exp.out}/report.md (and report.html, report.json, per-run results)")
    return 0


def last_wins(overrides: list[str]) -> list[str]:
    """Drop overrides that a later one for the same key replaces (``train.steps=8 … train.steps=16`` → the 16), so the
    report lists the settings that were actually used."""
    last = {o.split("=", 1)[0].strip(): i for i, o in enumerate(overrides)}
    return [o for i, o in enumerate(overrides) if last[o.split("=", 1)[0].strip()] == i]
