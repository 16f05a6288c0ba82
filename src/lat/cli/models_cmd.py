"""``lat models list | prepare NAME | chat NAME MESSAGE`` — the model registry."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list, prepare (convert once) and try registered models")
    s = p.add_subparsers(dest="models_command", metavar="ACTION")
    s.add_parser("list", help="registered models and whether they are prepared").set_defaults(handler=run_list)
    prep = s.add_parser("prepare", help="convert an embedded model to safetensors in $LAT_HOME")
    prep.add_argument("name")
    prep.add_argument("--force", action="store_true", help="convert again even if prepared")
    prep.set_defaults(handler=run_prepare)
    chat = s.add_parser("chat", help="one greedy chat reply, to check a model works")
    chat.add_argument("name")
    chat.add_argument("message")
    chat.add_argument("--adapter", default=None, help="a PEFT adapter directory to load on top")
    chat.add_argument("--max-new-tokens", type=int, default=64)
    chat.set_defaults(handler=run_chat)
    p.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    from lat.models.registry import HUB_MODELS, MODELS, lat_home

    print(f"cache: {lat_home()}")
    for name in MODELS.names():
        spec = MODELS.get(name)
        state = "prepared" if spec.is_prepared() else f"not prepared (lat models prepare {name})"
        print(f"  {name:24s} {state:40s} {spec.description}")
    for alias, hub in HUB_MODELS.items():
        print(f"  {alias:24s} {'hub (needs network)':40s} {hub}")
    return 0


def run_prepare(args: argparse.Namespace) -> int:
    import time

    from lat.models import MODELS, load_model

    spec = MODELS.get(args.name)
    path = spec.prepare(force=args.force)
    t0 = time.time()
    load_model(args.name)
    print(f"{args.name}: ready in {path} (a load now takes {time.time() - t0:.1f}s)")
    return 0


def run_chat(args: argparse.Namespace) -> int:
    import time

    from lat.data.generate import generate
    from lat.models import load_model

    t0 = time.time()
    model, tokenizer = load_model(args.name, adapter=args.adapter)
    t1 = time.time()
    reply = generate(model, tokenizer, [args.message], max_new_tokens=args.max_new_tokens, progress=False)[0]
    print(reply)
    print(f"(load {t1 - t0:.1f}s, reply {time.time() - t1:.1f}s)")
    return 0
