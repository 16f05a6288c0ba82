"""The ``lat`` command line: thin argparse front-ends over the library. Heavy imports happen inside commands, so
``lat --help`` is instant. Each subcommand module exposes ``register(subparsers)``; its handler returns an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# Subcommand modules, in the order ``lat --help`` lists them.
# Commands that run a model: they get a sane CPU thread count first (lat.runtime).
HEAVY = ("train", "attack", "eval", "reproduce", "bench")
COMMANDS = ("train", "attack", "eval", "report", "reproduce", "bench", "validate", "ls", "models", "data")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lat",
        description="Targeted latent adversarial training (Sheshadri et al. 2024) for any Hugging Face decoder.",
        epilog="Examples:\n  lat train rt_lat_smollm2 train.steps=20\n  lat attack --model smollm2-135m-instruct "
        "--layers 8,16 --epsilon 2\n  lat eval --model smollm2-135m-instruct --suite jailbreak\n  lat validate "
        "llama3_8b_jailbreak_lat",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"lat {__import__('lat').__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"lat.cli.{name}_cmd")
        except ModuleNotFoundError as err:
            if err.name != f"lat.cli.{name}_cmd":
                raise
            continue
        module.register(sub)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse a command line; key=value overrides may also follow options (`lat reproduce jailbreaks --quick a.b=1`)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and hasattr(args, "overrides") and all("=" in e and not e.startswith("-") for e in extra):
        args.overrides = list(args.overrides or []) + extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.print_help = parser.print_help
    return args


def main(argv: list[str] | None = None) -> int:
    from lat.errors import LatError

    args = parse_args(argv)
    if not getattr(args, "handler", None):
        args.print_help()
        return 0
    if args.command in HEAVY and not getattr(args, "plan", False):  # --plan computes nothing
        from lat.runtime import configure_threads, quiet_library_noise

        configure_threads(lambda msg: print(msg, file=sys.stderr))
        quiet_library_noise()
    try:
        return int(args.handler(args) or 0)
    except LatError as err:
        print(f"lat {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"lat {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # a bug, or an error deep in a library: show it in one line unless asked for more
        if os.environ.get("LAT_DEBUG"):
            raise
        print(f"lat {args.command}: {type(err).__name__}: {err}\n(set LAT_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
