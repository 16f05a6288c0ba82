"""What the adversary minimises: make the model *do* the unwanted thing.

- ``targeted`` (the paper): toward the harmful completion (CE) + away from the safe one (−log(1−p)).
- ``untargeted``: away from the safe completion only.
- ``dpo`` (backdoors): prefer the rejected (harmful) response over the chosen one, reference = adapter disabled.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from lat.objectives.base import ObjectiveBase
from lat.objectives.losses import away_loss, dpo_loss, sequence_logprob, toward_loss


@dataclass
class TargetedAttack(ObjectiveBase):
    """Toward the harmful completion and away from the safe one (Sheshadri et al. 2024, §3)."""

    toward: float = 1.0
    away: float = 1.0
    away_min_logp: float | None = None  # HarmBench's threshold in −log(1−p) (the authors': −5); None = every token

    @property
    def rows(self) -> tuple[str, ...]:
        return tuple(r for r, w in (("chosen", self.away), ("rejected", self.toward)) if w) or ("rejected",)

    def __call__(self, out: dict[str, torch.Tensor], ref: dict[str, torch.Tensor] | None = None):
        # A term whose weight is 0 is not computed: its completion was not run (see ``rows``).
        terms = {}
        if "rejected" in self.rows:
            terms["attack_toward"] = (self.toward, toward_loss(out["rejected_logits"], out["rejected_targets"]))
        if "chosen" in self.rows:
            away = away_loss(out["chosen_logits"], out["chosen_targets"], self.away_min_logp)
            terms["attack_away"] = (self.away, away)
        loss = sum(w * t for w, t in terms.values())
        return loss, {k: t.detach() for k, (_, t) in terms.items()}


@dataclass
class UntargetedAttack(ObjectiveBase):
    """Away from the safe completion only (no harmful target needed)."""

    away: float = 1.0
    away_min_logp: float | None = None

    @property
    def rows(self) -> tuple[str, ...]:
        return ("chosen",)

    def __call__(self, out: dict[str, torch.Tensor], ref: dict[str, torch.Tensor] | None = None):
        away = away_loss(out["chosen_logits"], out["chosen_targets"], self.away_min_logp)
        return self.away * away, {"attack_away": away.detach()}


@dataclass
class DPOAttack(ObjectiveBase):
    """DPO toward the rejected (harmful) response over the chosen one (the backdoor experiment's adversary)."""

    beta: float = 0.3
    toward: float = 1.0  # the weight of the DPO loss
    needs_reference = True

    def __call__(self, out: dict[str, torch.Tensor], ref: dict[str, torch.Tensor] | None = None):
        assert ref is not None, "the DPO adversary needs reference log-probabilities"
        pc = sequence_logprob(out["chosen_logits"], out["chosen_targets"])
        pr = sequence_logprob(out["rejected_logits"], out["rejected_targets"])
        loss = dpo_loss(pr, pc, ref["rejected"], ref["chosen"], self.beta)  # roles swapped: harmful preferred
        return self.toward * loss, {"attack_dpo": loss.detach()}
