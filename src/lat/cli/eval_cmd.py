"""``lat eval``: attack a model (+ adapter) with an eval suite and measure capability; writes results.json/.md."""

from __future__ import annotations

import argparse
import time


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "eval",
        help="attack a model with an eval suite (ASR with 95%% CIs) and measure capability",
        description="Run the suite's attacks on the held-out harmful prompts of the built-in jailbreak organism, judge "
        "every generation, measure benign compliance / drift / multiple-choice accuracy, and write results.json "
        "(every generation with its verdict) and results.md.",
        epilog="Examples:\n  lat eval --model smollm2-135m-instruct --suite quick --limit 8\n  lat eval --model "
        "smollm2-135m-instruct --adapter runs/rt_lat/final --attacks direct,gcg gcg.steps=250\n  lat eval --list",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--model", help="registered name (lat models list), hub id, or local directory")
    p.add_argument("--adapter", default=None, help="a PEFT adapter directory written by lat train")
    p.add_argument("--suite", default="jailbreak", help="jailbreak (full budgets) | quick (CPU smoke test)")
    p.add_argument("--split", default="test", help="data split to attack (default: test, the held-out categories)")
    p.add_argument("--limit", type=int, default=None, help="at most N harmful prompts")
    p.add_argument("--attacks", default=None, help="comma-separated subset, e.g. direct,prefill,gcg")
    p.add_argument("--judge", default=None, help="refusal | model:<path> | strongreject:<path> (default: the suite's)")
    p.add_argument("--out", default=None, help="output directory (default runs/eval/<model>-<suite>-<time>)")
    p.add_argument("--device", default=None, help="cpu | cuda | cuda:1 (default: cuda if available)")
    p.add_argument("--dtype", default="auto", help="auto | float32 | bfloat16 | float16")
    p.add_argument("--list", action="store_true", help="list suites and attacks, then exit")
    p.add_argument(
        "overrides", nargs="*", help="key=value overrides: gcg.steps=250 max_new_tokens=128 capability.limit=50"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from lat.errors import LatError
    from lat.evals.attacks import EVAL_ATTACKS
    from lat.evals.suites import SUITES

    if args.list:
        print("suites:")
        for name, s in SUITES.items():
            print(f"  {name:<18} {s['description']} ({', '.join(s['attacks'])})")
        print("attacks:")
        for name, doc in EVAL_ATTACKS.describe():
            print(f"  {name:<18} {doc}")
        return 0
    if not args.model:
        raise LatError("lat eval needs --model (a registered name, hub id or local directory); see lat models list")
    attacks = [a.strip() for a in args.attacks.split(",") if a.strip()] if args.attacks else None
    if attacks is not None and not attacks:
        raise LatError("--attacks is empty: name at least one attack (lat eval --list)")

    from lat.evals.runner import results_markdown, run_eval

    t0 = time.perf_counter()
    results = run_eval(
        args.model,
        adapter=args.adapter,
        suite=args.suite,
        split=args.split,
        limit=args.limit,
        out_dir=args.out,
        attacks=attacks,
        overrides=args.overrides,
        judge=args.judge,
        device=args.device,
        dtype=args.dtype,
    )
    print(results_markdown(results))
    out = results["meta"]["out_dir"]
    print(
        f"results: {out}/results.json (every generation with its verdict), {out}/results.md "
        f"[{time.perf_counter() - t0:.0f}s]"
    )
    return 0
