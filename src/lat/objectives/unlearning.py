"""Unlearning objectives: what the defender minimises on the forget pairs (rejected = the knowledge to remove).

- ``grad_diff`` — gradient difference: a forget term on the rejected completion, plus the trainer's retain SFT
  (descent on retain text, no δ). The forget term is plain gradient ascent (``ga``, −CE: unbounded, it destroys the
  model once pushed far), NPO (``npo``, Zhang et al. 2024, arXiv 2404.05868: −(2/β)·log σ(−β·(log π − log π_ref)),
  bounded, saturates once the forget text is less likely than under the reference) or −log(1−p) (``away``, the
  paper's WMDP gradient-ascent LAT, bounded per token).
- ``rmu`` — RMU (Li et al. 2024, arXiv 2403.03218): the activations of forget text at one layer are pushed toward a
  fixed random direction scaled by ``steering_coef``; retain activations are held close to the frozen model's. The
  control vector is drawn **once per run** (the authors' RMU-LAT port drew a new one every batch — a bug).
  It needs activations, not logits: it declares ``needs_model`` and the trainer hands it the model and the batch.
- WHP (Eldan & Russinovich 2023) is the ``toward_away`` defense on pairs whose chosen completion is the "generic"
  one: :func:`whp_generic_pairs` builds them (data source ``unlearning-whp``).

Under LAT the trainer computes each of these under the adversary's δ (which pushes toward the rejected text); the
retain terms (SFT, RMU's retain MSE) always run without δ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import torch
import torch.nn.functional as F

from lat.errors import LatError
from lat.objectives.base import ObjectiveBase
from lat.objectives.losses import away_loss, sequence_logprob, toward_loss

FORGET_LOSSES = ("npo", "ga", "away")


def npo_loss(logp: torch.Tensor, ref_logp: torch.Tensor, beta: float) -> torch.Tensor:
    """Negative preference optimisation on forget sequences: ``−(2/β)·mean log σ(−β·(logp − ref_logp))``.

    ``logp`` / ``ref_logp`` are summed completion log-probs ``[batch]``. At logp = ref_logp the loss is (2/β)·log 2
    and its gradient is that of gradient ascent scaled by 1/2; once the policy's log-prob falls well below the
    reference's, the weight σ(β·Δ) goes to 0 and the loss stops pushing — the reason it does not diverge.
    """
    return -(2.0 / beta) * F.logsigmoid(-beta * (logp - ref_logp)).mean()


@dataclass
class GradDiffDefense(ObjectiveBase):
    """Gradient difference: forget loss on the rejected completion (+ optional toward the chosen non-answer)."""

    away: float = 1.0  # weight of the forget term
    toward: float = 0.0  # weight of CE toward the chosen completion (a non-answer)
    forget_loss: str = "npo"
    beta: float = 0.1  # NPO β
    away_min_logp: float | None = None

    def __post_init__(self) -> None:
        if self.forget_loss not in FORGET_LOSSES:
            raise LatError(f"defense.forget_loss must be one of {', '.join(FORGET_LOSSES)}, got '{self.forget_loss}'")

    @property
    def needs_reference(self) -> bool:  # type: ignore[override]
        return self.forget_loss == "npo"

    @property
    def rows(self) -> tuple[str, ...]:
        return ("chosen", "rejected") if self.toward else ("rejected",)

    def __call__(self, out: dict[str, torch.Tensor], ref: dict[str, torch.Tensor] | None = None):
        logits, targets = out["rejected_logits"], out["rejected_targets"]
        if self.forget_loss == "npo":
            assert ref is not None, "NPO needs the reference log-probs of the forget completions"
            forget = npo_loss(sequence_logprob(logits, targets), ref["rejected"], self.beta)
        elif self.forget_loss == "ga":
            forget = -toward_loss(logits, targets)
        else:
            forget = away_loss(logits, targets, self.away_min_logp)
        loss = self.away * forget
        logs = {"def_forget": forget.detach()}
        if self.toward:
            toward = toward_loss(out["chosen_logits"], out["chosen_targets"])
            loss = loss + self.toward * toward
            logs["def_toward"] = toward.detach()
        return loss, logs


@dataclass
class RMUDefense(ObjectiveBase):
    """RMU: forget activations at ``rmu_layer`` → ``steering_coef · u`` (u a fixed random unit vector), retain
    activations → the frozen model's (reference = adapter disabled), weighted ``rmu_retain``."""

    rmu_layer: int = 7
    steering_coef: float = 20.0
    rmu_retain: float = 1.0
    away: float = 1.0  # weight of the forget MSE
    control_seed: int = 0  # the control vector's seed: one vector for the whole run (and the same after resume)
    rmu_skip_first: bool = False  # leave each sequence's first real token (the attention sink) out of both MSEs
    needs_model: ClassVar[bool] = True
    _control: torch.Tensor | None = field(default=None, init=False, repr=False)
    _points: Any = field(default=None, init=False, repr=False)

    @property
    def rows(self) -> tuple[str, ...]:
        return ("rejected",)

    def __call__(self, out: dict[str, torch.Tensor], ref: dict[str, torch.Tensor] | None = None):
        raise LatError("the rmu defense reads activations: the trainer calls model_loss(model, batch), not logits")

    def _hook(self, model: Any):
        from lat.hooks.layers import resolve_hook_points, unwrap_model

        if self._points is None:
            self._points = resolve_hook_points(unwrap_model(model), [self.rmu_layer])
        return self._points

    def control(self, d_model: int, device: torch.device) -> torch.Tensor:
        """The control vector ``u`` (uniform [0, 1) then unit-normalised, as in RMU), drawn once."""
        if self._control is None:
            g = torch.Generator().manual_seed(self.control_seed)
            u = torch.rand(d_model, generator=g)
            self._control = u / u.norm()
        return self._control.to(device)

    def token_mask(self, attention_mask: torch.Tensor) -> torch.Tensor:
        """The tokens both MSEs average over: every real token, or all but each row's first (``rmu_skip_first``)."""
        mask = attention_mask.bool()
        if self.rmu_skip_first:
            first = mask.int().argmax(dim=1)  # the first real token, left or right padding alike
            mask = mask.clone()
            mask[torch.arange(mask.shape[0], device=mask.device), first] = False
        return mask

    def activations(self, model: Any, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """The residual stream after block ``rmu_layer``, ``[rows, pos, d_model]`` (with gradient)."""
        from lat.hooks.perturb import capture_activations

        points = self._hook(model)
        with capture_activations(points, detach=False) as acts:
            model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False)
        return acts[points[0].name]

    def model_loss(self, model: Any, batch: dict[str, torch.Tensor], ref: Any = None):
        """Forget term on the rejected (forget) rows — the only ``rows`` it declares, so δ (if any) is installed
        for exactly those."""
        from lat.objectives.forward import stack_pair

        stacked = stack_pair(batch, self.rows)
        h = self.activations(model, stacked["input_ids"], stacked["attention_mask"])  # [b, pos, d]
        mask = self.token_mask(stacked["attention_mask"])  # every real token of the forget text
        target = self.steering_coef * self.control(h.shape[-1], h.device)
        forget = ((h[mask].float() - target) ** 2).mean()
        return self.away * forget, {"def_rmu_forget": forget.detach()}

    def retain_loss(self, model: Any, retain: dict[str, torch.Tensor]):
        """Retain term (no δ): MSE to the frozen model's activations on the retain batch."""
        from lat.models.modes import reference_mode

        with reference_mode(model):
            frozen_h = self.activations(model, retain["input_ids"], retain["attention_mask"])
        h = self.activations(model, retain["input_ids"], retain["attention_mask"])
        mask = self.token_mask(retain["attention_mask"])
        loss = ((h[mask].float() - frozen_h[mask].float()) ** 2).mean()
        return self.rmu_retain * loss, {"rmu_retain": loss.detach()}


# ------------------------------------------------------------------------------------ WHP's generic targets
@torch.no_grad()
def whp_generic_ids(base: Any, reinforced: Any, input_ids: torch.Tensor, start: int, alpha: float = 1.0) -> list[int]:
    """WHP's generic next-token predictions for positions ``start..`` of one sequence (teacher-forced on the original
    text): ``argmax(v_base − α·ReLU(v_reinforced − v_base))`` — tokens the reinforced model likes more than the base
    (the facts) are pushed down, the rest is what the base would predict."""
    v_base = base(input_ids=input_ids[None], use_cache=False).logits[0].float()  # [pos, vocab]
    v_reinf = reinforced(input_ids=input_ids[None], use_cache=False).logits[0].float()
    generic = v_base - alpha * torch.relu(v_reinf - v_base)
    return generic[start - 1 : -1].argmax(-1).tolist()  # position t predicts token t+1


def whp_generic_pairs(
    base: Any, reinforced: Any, tokenizer: Any, pairs: list[dict[str, Any]], alpha: float = 1.0, log: Any = print
) -> list[dict[str, Any]]:
    """Forget pairs with ``chosen`` replaced by the WHP generic completion of ``rejected`` (cached in $LAT_HOME,
    keyed by both models' weights and the pairs)."""
    import hashlib
    import json

    from lat.data.generate import model_fingerprint
    from lat.data.tokenize import render_prompt, token_ids
    from lat.models.modes import frozen
    from lat.paths import lat_home, write_atomic

    blob = json.dumps([model_fingerprint(base), model_fingerprint(reinforced), alpha, pairs], sort_keys=True)
    path = lat_home() / "whp" / f"{hashlib.sha256(blob.encode()).hexdigest()[:16]}.json"
    if path.is_file():
        return json.loads(path.read_text())
    log(f"computing WHP generic completions for {len(pairs)} forget pairs …")
    device = next(base.parameters()).device
    reinforced.to(device)
    out = []
    with frozen(base), frozen(reinforced):
        for p in pairs:
            prompt = token_ids(tokenizer, render_prompt(tokenizer, p["prompt"]))
            answer = token_ids(tokenizer, str(p["rejected"]))
            ids = torch.tensor(prompt + answer, device=device)
            generic = whp_generic_ids(base, reinforced, ids, len(prompt), alpha)
            out.append({**p, "chosen": tokenizer.decode(generic, skip_special_tokens=True).strip() or "I don't know."})
    write_atomic(path, json.dumps(out))
    return out
