"""``lat attack`` — run a latent PGD attack against a model on prompts; report target loss and success."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "attack",
        help="latent PGD attack on a model: target loss and compliance before/after",
        description="Attack each prompt's residual stream toward the harmful target and away from "
        "the refusal; print the attack loss and (with --max-new-tokens) the judged behaviour.",
    )
    p.add_argument("--model", default="smollm2-135m-instruct", help="registered name, hub id or local directory")
    p.add_argument("--adapter", default=None, help="PEFT adapter directory (e.g. runs/x/adapter)")
    p.add_argument("--data", default="jailbreak", help="pair data: jailbreak | FILE | hf:NAME")
    p.add_argument("--split", default="test")
    p.add_argument("--limit", type=int, default=8, help="number of prompts")
    p.add_argument("--layers", default="8", help="comma-separated block indices and/or 'embedding'")
    p.add_argument("--epsilon", type=float, default=1.0)
    p.add_argument("--epsilon-mode", default="absolute", choices=["absolute", "relative"])
    p.add_argument("--steps", type=int, default=16)
    p.add_argument("--lr", type=float, default=5e-2)
    p.add_argument("--objective", default="targeted", choices=["targeted", "untargeted"])
    p.add_argument("--positions", default="prompt", choices=["prompt", "completion", "all"])
    p.add_argument("--max-new-tokens", type=int, default=32, help="generate with and without δ (0 = loss only)")
    p.add_argument("--out", default=None, help="write every row (with completions) as JSON here")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json
    import time

    from lat.attack.run import attack_prompts, format_table
    from lat.data.sources import load_pairs
    from lat.hooks.layers import parse_layers
    from lat.models import load_model

    layers = parse_layers(args.layers)
    t0 = time.time()
    model, tokenizer = load_model(args.model, adapter=args.adapter)
    records = load_pairs(args.data, args.split, {}, args.limit, model, tokenizer)
    rows = attack_prompts(
        model,
        tokenizer,
        records,
        layers,
        args.epsilon,
        args.epsilon_mode,
        args.steps,
        args.lr,
        args.objective,
        args.positions,
        max_new_tokens=args.max_new_tokens,
    )
    print(format_table(rows))
    eps = rows[0]["epsilon"] if rows else {}
    print(
        f"\nlayers {layers}, ε {args.epsilon} ({args.epsilon_mode}; absolute radius "
        + ", ".join(f"{k} {v:.3g}" for k, v in eps.items())
        + f"), {args.steps} steps; {time.time() - t0:.1f}s"
    )
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(rows, fh, indent=1)
        print(f"rows written to {args.out}")
    return 0
