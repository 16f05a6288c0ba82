"""The losses attacker and defender minimise. A new objective is one class registered in ``ATTACK_OBJECTIVES`` or
``DEFENSE_OBJECTIVES`` (see :mod:`lat.objectives.base` for what it declares); recipes, ``lat ls`` and the CLI read
these registries."""

from __future__ import annotations

import torch
from torch import nn

from lat.models.modes import reference_mode
from lat.objectives.attacker import DPOAttack, TargetedAttack, UntargetedAttack
from lat.objectives.base import Objective, ObjectiveBase, build_objective
from lat.objectives.defender import DPODefense, TowardAwayDefense
from lat.objectives.forward import ROWS, pair_logits, shared_prompt_logits, split_pairs
from lat.objectives.losses import sequence_logprob
from lat.objectives.unlearning import GradDiffDefense, RMUDefense
from lat.registry import Registry

ATTACK_OBJECTIVES: Registry = Registry("attack objective")
ATTACK_OBJECTIVES.register("targeted")(TargetedAttack)
ATTACK_OBJECTIVES.register("untargeted")(UntargetedAttack)
ATTACK_OBJECTIVES.register("dpo")(DPOAttack)

DEFENSE_OBJECTIVES: Registry = Registry("defense objective")
DEFENSE_OBJECTIVES.register("toward_away")(TowardAwayDefense)
DEFENSE_OBJECTIVES.register("dpo")(DPODefense)
DEFENSE_OBJECTIVES.register("grad_diff")(GradDiffDefense)  # unlearning: forget term (NPO / GA / away) + retain SFT
DEFENSE_OBJECTIVES.register("rmu")(RMUDefense)  # unlearning: forget activations → a random direction (needs_model)


@torch.no_grad()
def reference_logprobs(
    model: nn.Module, batch: dict[str, torch.Tensor], share_prompt: bool = False, rows: tuple[str, ...] = ROWS
) -> dict[str, torch.Tensor]:
    """Summed completion log-probs of the reference model (adapter disabled) for ``rows`` — computed once per batch,
    without δ unless the caller has installed one (``defense.reference_under_attack``).
    ``share_prompt``: the prompt runs once for both completions (:func:`~lat.objectives.forward.shared_prompt_logits`,
    the same log-probs to float rounding) — the caller says when that is exact for its model (no sliding window
    shorter than the batch, no activation checkpointing: :func:`lat.attack.pgd.shares_prompt`)."""
    with reference_mode(model):
        out = (
            shared_prompt_logits(model, split_pairs(batch, rows), rows)
            if share_prompt
            else pair_logits(model, batch, rows)
        )
    return {row: sequence_logprob(out[f"{row}_logits"], out[f"{row}_targets"]) for row in rows}


__all__ = [
    "ATTACK_OBJECTIVES",
    "DEFENSE_OBJECTIVES",
    "Objective",
    "ObjectiveBase",
    "build_objective",
    "reference_logprobs",
]
