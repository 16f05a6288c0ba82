"""Run the latent attack against a model on a list of prompts: target loss and behaviour before and after.

Used by ``lat attack`` (a quick robustness probe of any model or adapter). Each prompt is attacked on its own
(batch 1, no padding), so the δ found by PGD sits on exactly the prompt positions that generation then sees.
"""

from __future__ import annotations

from typing import Any

import torch

from lat.attack.pgd import pgd_attack
from lat.data.tokenize import collate_pairs
from lat.hooks.layers import resolve_hook_points
from lat.hooks.perturb import add_perturbations
from lat.objectives import ATTACK_OBJECTIVES


@torch.no_grad()
def _greedy(model, tokenizer, input_ids: torch.Tensor, max_new_tokens: int) -> str:
    from lat.data.generate import greedy_ids

    out = greedy_ids(model, tokenizer, input_ids, torch.ones_like(input_ids), max_new_tokens)
    return tokenizer.decode(out[0, input_ids.shape[1] :], skip_special_tokens=True).strip()


def attack_prompts(
    model: torch.nn.Module,
    tokenizer: Any,
    records: list[dict[str, Any]],
    layers: list[Any],
    epsilon: float,
    epsilon_mode: str = "absolute",
    steps: int = 16,
    lr: float = 5e-2,
    objective: str = "targeted",
    positions: str = "prompt",
    max_length: int = 256,
    max_new_tokens: int = 0,
    progress: bool = True,
) -> list[dict[str, Any]]:
    """Attack each pair record; returns rows with the attack loss before/after and, if ``max_new_tokens``, the
    greedy completions and refusal-judge verdicts without and with δ."""
    from tqdm.auto import tqdm

    from lat.evals.judges.refusal import judge_refusal

    device = next(model.parameters()).device
    points = resolve_hook_points(model, layers)
    obj = ATTACK_OBJECTIVES.get(objective)()
    rows = []
    for rec in tqdm(records, desc="attacking", disable=not progress):
        batch = collate_pairs(tokenizer, [rec], max_length, device)
        result = pgd_attack(
            model,
            batch,
            points,
            obj,
            epsilon=epsilon,
            epsilon_mode=epsilon_mode,
            steps=steps,
            lr=lr,
            positions=positions,
        )
        row: dict[str, Any] = {
            "id": rec.get("id"),
            "prompt": rec["prompt"],
            "loss_before": result.losses[0],
            "loss_after": result.losses[-1],
            "delta_norm": result.delta_norms(),
            "epsilon": result.epsilons,
        }
        if max_new_tokens:
            p = int(batch["prompt_mask"].sum())
            prompt_ids = batch["chosen_input_ids"][:, :p]
            clean = _greedy(model, tokenizer, prompt_ids, max_new_tokens)
            with add_perturbations(points, result.adversaries, batch["prompt_mask"][:, :p]):
                attacked = _greedy(model, tokenizer, prompt_ids, max_new_tokens)
            row.update(
                {
                    "completion_before": clean,
                    "completion_after": attacked,
                    "complied_before": judge_refusal(clean).complied,
                    "complied_after": judge_refusal(attacked).complied,
                }
            )
        rows.append(row)
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    """A Markdown before/after table with a summary line."""
    gen = "complied_before" in rows[0] if rows else False
    head = "| id | attack loss before | after |" + (" complied before | after |" if gen else "")
    sep = "|---|---:|---:|" + ("---|---|" if gen else "")
    lines = [head, sep]
    for r in rows:
        line = f"| {r['id']} | {r['loss_before']:.3f} | {r['loss_after']:.3f} |"
        if gen:
            line += f" {'yes' if r['complied_before'] else 'no'} | {'yes' if r['complied_after'] else 'no'} |"
        lines.append(line)
    n = len(rows)
    mean_b = sum(r["loss_before"] for r in rows) / max(n, 1)
    mean_a = sum(r["loss_after"] for r in rows) / max(n, 1)
    lines.append(
        f"| **mean (n={n})** | **{mean_b:.3f}** | **{mean_a:.3f}** |"
        + (
            f" **{sum(r['complied_before'] for r in rows)}/{n}** | **{sum(r['complied_after'] for r in rows)}/{n}** |"
            if gen
            else ""
        )
    )
    return "\n".join(lines)
