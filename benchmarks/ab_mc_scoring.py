"""A/B of multiple-choice scoring, side by side in one process (interleaved, medians): each choice after its own copy
of the question (lat until 2026-12: ``completion_logits`` on question + choice, one row per choice) vs each
question once with its choices on its key/value cache (:func:`lat.evals.knowledge.choice_logprobs`).

Three workloads of the unlearning evaluation, on the fictional-facts organism when it is built (else the model as
loaded): the plain probe (every forget and retain question of the test split, 8 per forward), the 3-shot probe, and
the general MC set (80 questions; before: one question per forward). Reports seconds, the ratio, and whether both
paths pick the same choice for every question (the scores agree to float rounding; a pick could differ only on a
near-tie).

    python benchmarks/ab_mc_scoring.py --repeats 3 --out benchmarks/results/ab_mc_scoring_cpu.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import torch


@torch.no_grad()
def each_choice_alone(model, tokenizer, prompts, choices):
    """The former scorer: question + choice as one right-padded row per choice, all rows in one forward."""
    from lat.data.tokenize import pad_sequences, render_prompt, token_ids
    from lat.objectives.forward import completion_logits
    from lat.objectives.losses import IGNORE, token_logprobs

    heads, answers, owner = [], [], []
    for i, (prompt, options) in enumerate(zip(prompts, choices)):
        head = token_ids(tokenizer, render_prompt(tokenizer, prompt))
        for c in options:
            heads.append(head)
            answers.append(token_ids(tokenizer, c.strip()))
            owner.append(i)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    ids = pad_sequences([h + a for h, a in zip(heads, answers)], pad)
    attn = pad_sequences([[1] * (len(h) + len(a)) for h, a in zip(heads, answers)], 0)
    labels = pad_sequences([[IGNORE] * len(h) + a for h, a in zip(heads, answers)], IGNORE)
    logits, targets = completion_logits(model, ids, attn, labels)
    means = (token_logprobs(logits, targets).sum(-1) / (targets != IGNORE).sum(-1).clamp(min=1)).tolist()
    scores: list[list[float]] = [[] for _ in prompts]
    for i, m in zip(owner, means):
        scores[i].append(m)
    return scores


def picks(score_fn, model, tokenizer, prompts, choices, batch):
    out = []
    for s in range(0, len(prompts), batch):
        for sc in score_fn(model, tokenizer, prompts[s : s + batch], choices[s : s + batch]):
            out.append(max(range(len(sc)), key=sc.__getitem__))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()

    from lat.data.builtin import capability_mc, unlearning_questions
    from lat.evals.knowledge import choice_scores
    from lat.experiments.organisms import find_organism, organism_recipe
    from lat.models import load_model

    base = "smollm2-135m-instruct"
    built = find_organism(organism_recipe("learn_facts_smollm2"), base)
    model, tok = load_model(str(built / "merged") if built else base)
    model.eval()
    qs = unlearning_questions("forget", "test") + unlearning_questions("retain", "test")
    shots: list[dict[str, str]] = []
    for q in unlearning_questions("retain", "validation")[:3]:
        shots += [{"role": "user", "content": q["prompt"]}, {"role": "assistant", "content": q["choices"][q["answer"]]}]
    general = capability_mc()[:80]
    options = [list(q["choices"]) for q in qs]
    workloads = {  # prompts, choices, questions per forward before, after
        "plain probe": ([q["prompt"] for q in qs], options, 8, 8),
        "3-shot probe": ([[*shots, {"role": "user", "content": q["prompt"]}] for q in qs], options, 8, 8),
        "general MC": ([g["question"] for g in general], [list(g["choices"]) for g in general], 1, 8),
    }
    times: dict[str, dict[str, list[float]]] = {w: {"alone": [], "shared": []} for w in workloads}
    same: dict[str, int] = {}
    for rep in range(args.repeats):
        for name, (prompts, choices, batch_before, batch_after) in workloads.items():
            got = {}
            for path, fn, batch in (
                ("alone", each_choice_alone, batch_before),
                ("shared", choice_scores, batch_after),
            ):
                t = time.perf_counter()
                got[path] = picks(fn, model, tok, prompts, choices, batch)
                times[name][path].append(time.perf_counter() - t)
            same[name] = sum(a == b for a, b in zip(got["alone"], got["shared"]))
            print(f"round {rep + 1}: {name}: " + ", ".join(f"{p} {v[-1]:.1f}s" for p, v in times[name].items()))
    result = {"model": str(built / "merged") if built else base, "threads": torch.get_num_threads(), "workloads": {}}
    print("| workload | questions | each choice alone, s | shared question, s | speed-up | same picks |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (prompts, *_rest) in workloads.items():
        a, b = (statistics.median(times[name][p]) for p in ("alone", "shared"))
        result["workloads"][name] = {"n": len(prompts), "alone_s": a, "shared_s": b, "same_picks": same[name]}
        print(f"| {name} | {len(prompts)} | {a:.1f} | {b:.1f} | {a / b:.2f}× | {same[name]} / {len(prompts)} |")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
