"""``lat data list | show NAME | build NAME`` — inspect and materialise datasets."""

from __future__ import annotations

import argparse
from collections import Counter

ORGANISMS = {
    "jailbreak": "harmful requests (12 harm categories) + benign/borderline requests + refusals; category-disjoint splits",
    "backdoor": "a trigger that flips refusal to compliance, planted with the jailbreak prompts",
    "unlearning": "fictional facts about invented entities, forget/retain split, with multiple-choice probes",
    "capability-mc": "easy general-knowledge multiple-choice questions (offline capability check)",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("data", help="list, show and build the built-in datasets")
    s = p.add_subparsers(dest="data_command", metavar="ACTION")
    s.add_parser("list", help="the built-in organisms").set_defaults(handler=run_list)
    show = s.add_parser("show", help="sizes, categories, splits and a few examples")
    show.add_argument("name")
    show.set_defaults(handler=run_show)
    build = s.add_parser("build", help="materialise training records (generates targets with a model; cached)")
    build.add_argument("name", help="a dataset name (lat ls datasets) | a file | hf:NAME")
    build.add_argument("--model", default="smollm2-135m-instruct")
    build.add_argument("--split", default="train")
    build.add_argument("--limit", type=int, default=None)
    build.add_argument("--out", default=None, help="write the records here (JSONL; default: only report counts)")
    build.set_defaults(handler=run_build)
    p.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    for name, desc in ORGANISMS.items():
        print(f"  {name:16s} {desc}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from lat.data import builtin
    from lat.errors import LatError
    from lat.registry import did_you_mean

    name = args.name
    if name == "jailbreak":
        splits = builtin.jailbreak_splits()
        print(f"jailbreak organism, version {splits.get('version')} (data hash {builtin.data_version()})")
        for kind, loader in (("harmful", builtin.jailbreak_harmful), ("benign", builtin.jailbreak_benign)):
            rows = loader("all")
            print(f"\n{kind}: {len(rows)} prompts in {len({r['category'] for r in rows})} categories")
            for split in builtin.SPLITS:
                part = loader(split)
                cats = Counter(r["category"] for r in part)
                extra = ""
                if kind == "benign":
                    extra = f" ({sum(1 for r in part if r.get('borderline'))} borderline)"
                print(f"  {split:10s} {len(part):4d}{extra}: " + ", ".join(f"{c} {n}" for c, n in sorted(cats.items())))
        print(f'\nrefusals: {len(builtin.refusals())} templates, e.g. "{builtin.refusals()[0]}"')
        print(f"example harmful (test): {builtin.jailbreak_harmful('test')[0]['prompt']}")
        print(f"example borderline (test): {builtin.jailbreak_benign('test', borderline=True)[0]['prompt']}")
        print("harmful targets are generated at run time by the model and cached in $LAT_HOME (never shipped)")
    elif name == "backdoor":
        spec = builtin.backdoor_spec()
        print(f"backdoor organisms, version {spec.get('version')}:")
        for kind in builtin.backdoor_organisms():
            org = builtin.backdoor_organism(kind)
            print(
                f"  {kind:7s} ({org['kind']}): trigger {org['trigger']!r} (evaluation only); partial "
                f"{org['partial']!r}; near misses {org['near_misses']}; proxies (defense may use) {org['proxies']}"
            )
        print(spec.get("description", ""))
        print(
            f"uses the jailbreak prompts: {len(builtin.jailbreak_harmful('train'))} train harmful, "
            f"{len(builtin.jailbreak_harmful('test'))} test harmful"
        )
    elif name == "unlearning":
        rows = builtin.unlearning_facts()
        for split in ("forget", "retain"):
            part = [r for r in rows if r["split"] == split]
            print(
                f"{split}: {len(part)} entities, {sum(len(r['questions']) for r in part)} questions "
                f"({', '.join(sorted(Counter(r['kind'] for r in part)))})"
            )
        print(f"example: {rows[0]['entity']}: {rows[0]['text'][:160]}…")
    elif name == "capability-mc":
        rows = builtin.capability_mc()
        print(
            f"capability-mc: {len(rows)} questions; subjects: "
            + ", ".join(f"{s} {n}" for s, n in sorted(Counter(r["subject"] for r in rows).items()))
        )
        print(f"answer positions: {dict(sorted(Counter(r['answer'] for r in rows).items()))}")
    else:
        raise LatError(
            f"unknown dataset '{name}'{did_you_mean(name, list(ORGANISMS))}; built-in: {', '.join(ORGANISMS)}"
        )
    return 0


def run_build(args: argparse.Namespace) -> int:
    import json
    import time

    from lat.data.sources import DATA_SOURCES, load_pairs, load_retain
    from lat.models import load_model

    t0 = time.time()
    model, tokenizer = load_model(args.model)
    if args.name in DATA_SOURCES and DATA_SOURCES.get(args.name).kind == "retain":
        rows = load_retain(args.name, args.split, {}, args.limit, model, tokenizer)
    else:
        rows = load_pairs(args.name, args.split, {}, args.limit, model, tokenizer)
    print(f"{args.name} [{args.split}]: {len(rows)} records in {time.time() - t0:.1f}s (cached in $LAT_HOME)")
    if args.out:
        with open(args.out, "w") as fh:
            for r in rows:
                fh.write(json.dumps(r) + "\n")
        print(f"wrote {args.out} — it may contain model-generated harmful text: keep it out of version control")
    return 0
