"""``lat attack``: the latent attack against any model on a list of requests — the attack loss before and after,
and (with generation) the judged behaviour without and with δ.

The attack itself is :func:`lat.attack.generate.attack_and_generate`, the same code (and the same defaults) as the
eval suite's ``latent`` attack.
"""

from __future__ import annotations

from typing import Any

import torch

from lat.attack.generate import LatentConfig, attack_and_generate
from lat.hooks.layers import resolve_hook_points


def attack_prompts(
    model: torch.nn.Module,
    tokenizer: Any,
    records: list[dict[str, Any]],
    config: LatentConfig,
    max_new_tokens: int = 0,
    batch_size: int = 8,
    progress: bool = True,
) -> list[dict[str, Any]]:
    """Attack each record at every ε of ``config``; one row per (record, ε) with the attack loss before/after and, if
    ``max_new_tokens``, the greedy completions and refusal-judge verdicts without and with δ."""
    from lat.data.generate import generate
    from lat.judges.refusal import judge_refusal
    from lat.runtime import progress_bar

    points = resolve_hook_points(model, config.hook_layers(model))
    clean = (
        generate(model, tokenizer, [r["prompt"] for r in records], max_new_tokens, batch_size, progress=False)
        if max_new_tokens
        else [""] * len(records)
    )
    rows = []
    with progress_bar(total=len(records) * len(config.epsilons), desc="attacking", enabled=progress) as bar:
        for eps in config.epsilons:
            done = attack_and_generate(
                model, tokenizer, records, points, config, eps, max_new_tokens, batch_size, progress=bar.update
            )
            for rec, before, (attacked, after) in zip(records, clean, done):
                row: dict[str, Any] = {
                    "id": rec.get("id"),
                    "prompt": rec["prompt"],
                    "epsilon": eps,
                    "loss_before": attacked.loss_before,
                    "loss_after": attacked.loss_after,
                    "delta_norm": attacked.delta_norms(),
                    "epsilon_abs": attacked.epsilons,
                }
                if max_new_tokens:
                    row.update(
                        {
                            "completion_before": before,
                            "completion_after": after,
                            "complied_before": judge_refusal(before).complied,
                            "complied_after": judge_refusal(after).complied,
                        }
                    )
                rows.append(row)
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    """A Markdown before/after table with a summary line per ε."""
    gen = "complied_before" in rows[0] if rows else False
    head = "| id | ε | attack loss before | after |" + (" complied before | after |" if gen else "")
    sep = "|---|---:|---:|---:|" + ("---|---|" if gen else "")
    lines = [head, sep]
    for r in rows:
        line = f"| {r['id']} | {r['epsilon']:g} | {r['loss_before']:.3f} | {r['loss_after']:.3f} |"
        if gen:
            line += f" {'yes' if r['complied_before'] else 'no'} | {'yes' if r['complied_after'] else 'no'} |"
        lines.append(line)
    for eps in dict.fromkeys(r["epsilon"] for r in rows):
        sub = [r for r in rows if r["epsilon"] == eps]
        n = len(sub)
        mean_b = sum(r["loss_before"] for r in sub) / n
        mean_a = sum(r["loss_after"] for r in sub) / n
        line = f"| **mean (n={n})** | **{eps:g}** | **{mean_b:.3f}** | **{mean_a:.3f}** |"
        if gen:
            line += (
                f" **{sum(r['complied_before'] for r in sub)}/{n}** | **{sum(r['complied_after'] for r in sub)}/{n}** |"
            )
        lines.append(line)
    return "\n".join(lines)
