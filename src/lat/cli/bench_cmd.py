"""``lat bench`` — what a LAT step costs against plain SFT, measured side by side in one process."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench",
        help="time T_SFT, an RT step, the attack and a LAT step (interleaved); ratios and the attack's floor",
        description="Interleaved timings of one LoRA SFT step (T_SFT), a defense-only RT step, the attack alone "
        "and a full LAT step of a recipe on a synthetic batch, through the trainer's own code; prints the medians, "
        "T_LAT / T_SFT and attack / analytic floor. The default recipe is the reference configuration "
        "(bench_smollm2). Run it on an otherwise idle machine.",
    )
    p.add_argument("--recipe", default="bench_smollm2", help="recipe name or YAML (default: %(default)s)")
    p.add_argument("--batch", type=int, default=4, help="sequences per batch (default 4)")
    p.add_argument("--seq", type=int, default=128, help="tokens per sequence, half prompt half completion (128)")
    p.add_argument("--repeats", type=int, default=3, help="interleaved rounds; medians are reported (3)")
    p.add_argument(
        "--random",
        metavar="SHAPE",
        default=None,
        help="a random-init Llama-shaped model instead of the recipe's model: a named shape (llama3-8b, llama2-7b, "
        "llama3.2-1b: the real sizes) or HIDDEN,LAYERS (2048,16 ≈ 1B; 4096,32 ≈ 7B)",
    )
    p.add_argument("--device", default=None, help="cpu | cuda (default: cuda if available)")
    p.add_argument("--json", default=None, metavar="PATH", help="also write the result as JSON here")
    p.add_argument("overrides", nargs="*", help="recipe overrides, e.g. attack.steps=8 model.dtype=bfloat16")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json

    import torch

    from lat.bench import SHAPES, random_llama, run_bench
    from lat.config import load_recipe
    from lat.errors import LatError

    if args.seq < 4 or args.batch < 1 or args.repeats < 1:
        raise LatError("--seq must be at least 4, --batch and --repeats at least 1")
    recipe = load_recipe(args.recipe, args.overrides)
    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    model = tokenizer = None
    if args.random:
        if args.random in SHAPES:
            shape = dict(SHAPES[args.random])
        else:
            try:
                hidden, layers = (int(x) for x in args.random.split(","))
            except ValueError:
                raise LatError(
                    f"--random: expected a shape ({', '.join(SHAPES)}) or HIDDEN,LAYERS such as 2048,16, "
                    f"got '{args.random}'"
                ) from None
            shape = {"hidden": hidden, "layers": layers}
        dtype = torch.bfloat16 if recipe.model.dtype == "bfloat16" else torch.float32
        model = random_llama(**shape, seq=args.seq, dtype=dtype, device=device)
    else:
        from lat.models import load_model

        model, tokenizer = load_model(recipe.model.name, recipe.model.dtype, device)
    prompt = args.seq // 2
    result = run_bench(recipe, model, tokenizer, args.batch, prompt, args.seq - prompt, args.repeats)
    print(result.table())
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(result.to_dict(), fh, indent=1, default=str)
        print(f"written to {args.json}")
    return 0
