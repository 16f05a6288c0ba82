"""``lat report``: combine several eval runs into one Markdown and one HTML page with plots."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "report",
        help="combine lat eval runs into report.md / report.html with plots",
        description="Read each RUN_DIR/results.json and write one Markdown and one HTML page: ASR per attack per "
        "model (grouped bars with 95%% CIs) and capability vs robustness (scatter). Plots need matplotlib.",
        epilog="Example:\n  lat report runs/eval/base-jailbreak-* runs/eval/lat-jailbreak-* -o runs/report",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("runs", nargs="+", metavar="RUN_DIR", help="directories written by lat eval (or results.json files)")
    p.add_argument("-o", "--out", default="runs/report", help="output directory (default runs/report)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from lat.evals.report import write_report

    paths = write_report(args.runs, args.out)
    for name, path in paths.items():
        print(f"{name}: {path}")
    return 0
