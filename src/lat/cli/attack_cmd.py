"""``lat attack`` — run a latent PGD attack against a model on prompts; report target loss and success.

Its options are the eval suite's ``latent`` attack settings (:class:`lat.attack.generate.LatentConfig`), with the
same defaults: both run :func:`lat.attack.generate.attack_and_generate`.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    # No choices or defaults are written here: unset options take LatentConfig's defaults and every value is
    # checked against the registries when the config is built (heavy imports stay out of `lat --help`).
    p = sub.add_parser(
        "attack",
        help="latent PGD attack on a model: target loss and compliance before/after",
        description="Attack each prompt's residual stream toward the harmful target and away from "
        "the refusal; print the attack loss and (with --max-new-tokens) the judged behaviour. "
        "The same attack, with the same defaults, as the eval suite's 'latent' attack (lat.attack.generate).",
    )
    p.add_argument("--model", default="smollm2-135m-instruct", help="registered name, hub id or local directory")
    p.add_argument("--adapter", default=None, help="PEFT adapter directory (e.g. runs/x/adapter)")
    p.add_argument("--data", default="jailbreak", help="pair data: a dataset name (lat ls datasets) | FILE | hf:NAME")
    p.add_argument("--split", default="test")
    p.add_argument("--limit", type=int, default=8, help="number of prompts")
    p.add_argument("--layers", help="comma-separated block indices and/or 'embedding' (default: the middle block)")
    p.add_argument("--epsilon", help="radius, or a comma-separated grid (default: 0.1,0.25,0.5,1)")
    p.add_argument("--epsilon-mode", help="absolute | relative (default) | std")
    p.add_argument("--norm", help="l2 (default) | linf")
    p.add_argument("--steps", type=int, help="PGD steps (default 16)")
    p.add_argument("--lr", type=float, help="step size (default 0.25, with lr-mode epsilon)")
    p.add_argument("--lr-mode", help="epsilon (default) | absolute")
    p.add_argument("--optimizer", help="adam (default) | adamw | sign")
    p.add_argument("--objective", help="attack objective (default targeted; lat ls objectives)")
    p.add_argument("--max-length", type=int, help="prompt + target tokens (default 512)")
    p.add_argument("--max-new-tokens", type=int, default=32, help="generate with and without δ (0 = loss only)")
    p.add_argument("--out", default=None, help="write every row (with completions) as JSON here")
    p.set_defaults(handler=run)


def latent_config(args: argparse.Namespace):
    """The :class:`LatentConfig` the command line describes (bad values raise :class:`LatError`)."""
    from lat.attack.generate import LatentConfig
    from lat.errors import LatError
    from lat.hooks.layers import parse_layers

    given = {
        key: getattr(args, key)
        for key in ("epsilon_mode", "norm", "steps", "lr", "lr_mode", "optimizer", "objective", "max_length")
        if getattr(args, key, None) is not None
    }
    if args.epsilon is not None:
        try:
            given["epsilons"] = [float(e) for e in str(args.epsilon).split(",") if e.strip()]
        except ValueError:
            raise LatError(f"--epsilon: expected a number or a comma-separated list, got '{args.epsilon}'") from None
    if args.layers:
        given["layers"] = parse_layers(args.layers)
    return LatentConfig(**given)


def run(args: argparse.Namespace) -> int:
    import json
    import time

    from lat.attack.run import attack_prompts, format_table
    from lat.data.sources import load_pairs
    from lat.models import load_model

    config = latent_config(args)
    t0 = time.time()
    model, tokenizer = load_model(args.model, adapter=args.adapter)
    records = load_pairs(args.data, args.split, {}, args.limit, model, tokenizer)
    rows = attack_prompts(model, tokenizer, records, config, max_new_tokens=args.max_new_tokens)
    print(format_table(rows))
    eps = rows[0]["epsilon_abs"] if rows else {}
    print(
        f"\nlayers {config.hook_layers(model)}, ε {config.epsilons} ({config.epsilon_mode}; absolute radius at the "
        f"first ε " + ", ".join(f"{k} {v:.3g}" for k, v in eps.items()) + f"), {config.steps} steps "
        f"({config.optimizer}, lr {config.lr:g} {config.lr_mode}); {time.time() - t0:.1f}s"
    )
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(rows, fh, indent=1)
        print(f"rows written to {args.out}")
    return 0
