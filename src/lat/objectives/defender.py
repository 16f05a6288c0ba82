"""What the defender minimises on the attacked batch, *under* the adversary's δ.

- ``toward_away`` (the paper's jailbreak / backdoor-SFT defense): toward the safe completion (CE) and away from the
  harmful one (−log(1−p)).
- ``dpo`` (the backdoor experiment): prefer the chosen (safe) response, reference = adapter and hooks disabled.

Retain SFT and KL-to-reference are computed by the trainer *without* δ and added with their own coefficients.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from lat.objectives.base import ObjectiveBase
from lat.objectives.losses import IGNORE, away_loss, dpo_loss, sequence_logprob, toward_loss


@dataclass
class TowardAwayDefense(ObjectiveBase):
    """Toward the safe completion and away from the harmful one, under the attack."""

    toward: float = 0.5
    away: float = 0.5
    away_min_logp: float | None = None  # HarmBench's threshold in −log(1−p) (the authors': −5); None = every token

    @property
    def rows(self) -> tuple[str, ...]:
        return tuple(r for r, w in (("chosen", self.toward), ("rejected", self.away)) if w) or ("chosen",)

    def __call__(self, out: dict[str, torch.Tensor], ref: dict[str, torch.Tensor] | None = None):
        # A term whose weight is 0 is not computed: its completion was not run (see ``rows``).
        terms = {}
        if "chosen" in self.rows:
            terms["def_toward"] = (self.toward, toward_loss(out["chosen_logits"], out["chosen_targets"]))
        if "rejected" in self.rows:
            away = away_loss(out["rejected_logits"], out["rejected_targets"], self.away_min_logp)
            terms["def_away"] = (self.away, away)
        loss = sum(w * t for w, t in terms.values())
        return loss, {k: t.detach() for k, (_, t) in terms.items()}


@dataclass
class DPODefense(ObjectiveBase):
    """DPO preferring the chosen (safe) response under the attack (Rafailov et al. 2023)."""

    toward: float = 1.0  # the weight of the DPO loss
    beta: float = 0.3
    # Each completion's log-ratio divided by its token count (off = DPO's summed log-probs, the paper's): under an
    # adversary that flips the preference by ~100 nats the summed loss sits in −log σ's linear part for the whole
    # run; per token its margin is ~40× smaller and the loss can saturate once the refusal wins by a few nats/token.
    dpo_per_token: bool = False
    needs_reference = True

    def __call__(self, out: dict[str, torch.Tensor], ref: dict[str, torch.Tensor] | None = None):
        assert ref is not None, "the DPO defense needs reference log-probabilities"
        pc = sequence_logprob(out["chosen_logits"], out["chosen_targets"])
        pr = sequence_logprob(out["rejected_logits"], out["rejected_targets"])
        rc, rr = ref["chosen"], ref["rejected"]
        if self.dpo_per_token:  # policy and reference score the same targets: one count per row
            nc = (out["chosen_targets"] != IGNORE).sum(-1).clamp_min(1)
            nr = (out["rejected_targets"] != IGNORE).sum(-1).clamp_min(1)
            pc, rc, pr, rr = pc / nc, rc / nc, pr / nr, rr / nr
        loss = dpo_loss(pc, pr, rc, rr, self.beta)
        return self.toward * loss, {"def_dpo": loss.detach()}
