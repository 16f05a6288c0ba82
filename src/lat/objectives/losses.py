"""Pure loss functions on aligned ``logits [rows, k, vocab]`` and ``targets [rows, k]`` (-100 = ignored).

"Aligned" means ``logits[:, j]`` predicts ``targets[:, j]`` (the shift is done once, in
:func:`lat.objectives.forward.completion_logits`). Each function is unit-tested against hand-computed numbers.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

IGNORE = -100


def _select(logits: torch.Tensor, targets: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Flatten to the supervised tokens only: ``[n_tokens, vocab]``, ``[n_tokens]`` (float32 for stable softmax)."""
    keep = targets != IGNORE
    return logits[keep].float(), targets[keep]


def toward_loss(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Cross-entropy toward the target tokens, averaged over supervised tokens ("toward" a completion)."""
    lg, tg = _select(logits, targets)
    if tg.numel() == 0:
        return logits.sum() * 0.0
    return F.cross_entropy(lg, tg)


def away_loss(logits: torch.Tensor, targets: torch.Tensor, min_logp: float | None = None) -> torch.Tensor:
    """−log(1 − p(target)) averaged over supervised tokens ("away" from a completion), as HarmBench defines it.

    Computed stably: log(1 − p_y) = logsumexp_{j≠y} z_j − logsumexp_j z_j, so it never takes log of a number that
    rounded to 0, and it saturates to 0 as p_y → 0 instead of pushing logits without bound (unlike −CE).

    Args:
        min_logp: HarmBench's ``threshold`` (−5.0 in HarmBench and the authors' code): tokens with
            log p(target) below it contribute 0 (no gradient) but still count in the mean. ``None`` (lat's default)
            keeps every token; the difference is small, since a token with log p < −5 adds at most
            −log(1 − e⁻⁵) ≈ 0.0068 to the loss and a gradient of at most p ≈ 0.0067 on its logit.
    """
    lg, tg = _select(logits, targets)
    if tg.numel() == 0:
        return logits.sum() * 0.0
    others = lg.scatter(-1, tg.unsqueeze(-1), float("-inf"))  # [n, vocab] with the target removed
    log_z = torch.logsumexp(lg, dim=-1)  # [n]
    log_one_minus_p = torch.logsumexp(others, dim=-1) - log_z
    if min_logp is not None:
        log_p = lg.gather(-1, tg.unsqueeze(-1)).squeeze(-1) - log_z
        log_one_minus_p = torch.where(log_p < min_logp, torch.zeros_like(log_one_minus_p), log_one_minus_p)
    return -log_one_minus_p.mean()


def token_logprobs(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Log-probability of each target token ``[rows, k]`` (0 where the target is IGNORE), in float32."""
    mask = targets != IGNORE
    logp = torch.log_softmax(logits.float(), dim=-1)
    return logp.gather(-1, targets.clamp_min(0).unsqueeze(-1)).squeeze(-1) * mask


def sequence_logprob(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Summed log-probability of each row's target tokens: ``[rows]`` (DPO's policy / reference scores)."""
    return token_logprobs(logits, targets).sum(dim=-1)


def dpo_loss(
    policy_chosen: torch.Tensor,
    policy_rejected: torch.Tensor,
    ref_chosen: torch.Tensor,
    ref_rejected: torch.Tensor,
    beta: float,
) -> torch.Tensor:
    """Direct preference optimisation (Rafailov et al. 2023): −log σ(β[(π_c − ref_c) − (π_r − ref_r)]), mean over rows."""
    margin = (policy_chosen - ref_chosen) - (policy_rejected - ref_rejected)
    return -F.logsigmoid(beta * margin).mean()


def kl_to_reference(
    logits: torch.Tensor, ref_logits: torch.Tensor, targets: torch.Tensor, direction: str = "reference_policy"
) -> torch.Tensor:
    """KL between the reference's and the policy's next-token distributions, averaged over supervised tokens.

    Args:
        direction: ``"reference_policy"`` = KL(reference ‖ policy) = Σ r (log r − log p), lat's default (mode
            covering: the policy is pushed to keep mass wherever the reference has it); ``"policy_reference"`` =
            KL(policy ‖ reference) = Σ p (log p − log r), the authors' ``F.kl_div(log p_base, p_new)`` (mode
            seeking).
    """
    lg, _ = _select(logits, targets)
    ref, _ = _select(ref_logits, targets)
    if lg.shape[0] == 0:
        return logits.sum() * 0.0
    logp, ref_logp = torch.log_softmax(lg, dim=-1), torch.log_softmax(ref, dim=-1)
    if direction == "reference_policy":  # kl_div(input, target) = Σ target · (log target − input)
        return F.kl_div(logp, ref_logp, log_target=True, reduction="batchmean")
    if direction == "policy_reference":
        return F.kl_div(ref_logp, logp, log_target=True, reduction="batchmean")
    raise ValueError(f"unknown KL direction '{direction}' (reference_policy | policy_reference)")
