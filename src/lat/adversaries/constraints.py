"""Where ε is enforced: projections of δ onto the per-token L2 ball or the L∞ box, and the ε scale itself.

Every PGD step ends with one of these projections, for every adversary (the authors clipped only the last one).
ε is given in one of three scales (``attack.epsilon_mode``):

- ``absolute``: activation units (the paper: 6.0 for Llama jailbreaks, 1.5 for backdoors);
- ``relative``: a fraction of the attacked layer's median per-token residual norm on the batch, so one recipe
  transfers across model sizes;
- ``std``: a multiple of the residual stream's per-dimension standard deviation σ_d over the batch's attacked tokens
  (the method description's "ε = 0.4 × the standard deviation of each dimension"): the L2 radius is ε·‖σ‖₂ (a per-
  dimension box of ε·σ_d has that diagonal), the L∞ half-width ε·rms(σ).
"""

from __future__ import annotations

import torch

NORMS = ("l2", "linf")
EPSILON_MODES = ("absolute", "relative", "std")


@torch.no_grad()
def project_(delta: torch.Tensor, epsilon: float | torch.Tensor, norm: str = "l2") -> torch.Tensor:
    """Project ``delta`` ``[..., d_model]`` in place so that every token vector satisfies ‖δ‖ ≤ ε.

    Args:
        delta: the perturbation; the last dimension is the residual-stream width.
        epsilon: a scalar, or a tensor broadcastable to ``delta.shape[:-1] + (1,)``.
        norm: ``"l2"`` (a ball per token: rescale vectors longer than ε) or ``"linf"`` (clamp each coordinate).
    """
    if norm == "l2":
        norms = delta.norm(dim=-1, keepdim=True)
        # clamp_min keeps zero vectors finite; vectors already inside the ball get a factor of exactly 1.
        factor = torch.clamp(epsilon / norms.clamp_min(1e-12), max=1.0)
        delta.mul_(factor)
    elif norm == "linf":
        eps = epsilon if isinstance(epsilon, torch.Tensor) else torch.tensor(epsilon, device=delta.device)
        delta.copy_(torch.maximum(torch.minimum(delta, eps), -eps))
    else:
        raise ValueError(f"unknown norm '{norm}' (use one of {NORMS})")
    return delta


def clip_output(delta: torch.Tensor, epsilon: float | torch.Tensor, norm: str = "l2") -> torch.Tensor:
    """Differentiable version of :func:`project_` for adversaries whose δ is a function of the activations."""
    if norm == "l2":
        norms = delta.norm(dim=-1, keepdim=True)
        return delta * torch.clamp(epsilon / norms.clamp_min(1e-12), max=1.0)
    if norm == "linf":
        return (
            delta.clamp(-epsilon, epsilon)
            if not isinstance(epsilon, torch.Tensor)
            else torch.maximum(torch.minimum(delta, epsilon), -epsilon)
        )
    raise ValueError(f"unknown norm '{norm}' (use one of {NORMS})")


def token_norms(delta: torch.Tensor, norm: str = "l2") -> torch.Tensor:
    """Per-token size of δ in the constraint's norm: ``[..., d_model] -> [...]``."""
    return delta.norm(dim=-1) if norm == "l2" else delta.abs().amax(dim=-1)


@torch.no_grad()
def residual_norm(hidden: torch.Tensor, mask: torch.Tensor) -> float:
    """The typical per-token L2 norm of the residual stream ``[batch, pos, d_model]`` over masked positions.

    The *median*, not the mean: many LLMs carry "massive activations" on the first token (SmolLM2-135M: ‖h‖ ≈ 25,000
    at position 0 against a median of ≈ 150 at block 12), which would make a mean-relative ε meaningless.
    """
    norms = hidden.float().norm(dim=-1)  # [batch, pos]
    picked = norms[mask.bool()]
    return float(picked.median()) if picked.numel() else float(norms.median())


@torch.no_grad()
def residual_std(hidden: torch.Tensor, mask: torch.Tensor) -> float:
    """‖σ‖₂: the root of the summed per-dimension variances of the residual stream over masked positions.

    Like the median norm, it ignores what a few outlier tokens do to a mean; unlike it, it measures the *spread*
    between tokens rather than their distance from zero (a residual stream with a large constant offset has a large
    norm but a small σ).
    """
    picked = hidden.float()[mask.bool()]  # [tokens, d_model]
    if picked.shape[0] < 2:
        picked = hidden.float().flatten(0, -2)
    return float(picked.std(dim=0).norm())


def resolve_epsilon(
    epsilon: float,
    mode: str,
    residual_norm: float | None,
    norm: str = "l2",
    d_model: int = 1,
    residual_std: float | None = None,
) -> float:
    """Turn a configured ε into an absolute radius.

    ``relative`` means a fraction of the layer's median per-token residual norm (L2), ``std`` a multiple of ‖σ‖₂ (see
    the module docstring); for an L∞ box the same budget is spread over the coordinates (divided by √d_model) so both
    norms mean a comparable perturbation size.
    """
    if mode == "absolute":
        return float(epsilon)
    if mode not in EPSILON_MODES:
        raise ValueError(f"unknown epsilon mode '{mode}' (use one of {EPSILON_MODES})")
    scale = residual_norm if mode == "relative" else residual_std
    if scale is None:
        raise ValueError(f"{mode} epsilon needs the measured residual {'norm' if mode == 'relative' else 'std'}")
    radius = float(epsilon) * scale
    return radius if norm == "l2" else radius / d_model**0.5
