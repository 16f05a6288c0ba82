"""What the perturbation is: per-token δ (the paper), low-rank δ(h); ``constraints`` is where ε is enforced."""

from __future__ import annotations

import torch

from lat.adversaries.constraints import project_, resolve_epsilon
from lat.adversaries.low_rank import LowRankAdversary
from lat.adversaries.per_token import PerTokenAdversary
from lat.registry import Registry

ADVERSARIES: Registry = Registry("adversary")
ADVERSARIES.register("per_token", "free per-token δ[batch, pos, d_model] in an L2 ball / L∞ box (the paper)")(
    PerTokenAdversary
)
ADVERSARIES.register("low_rank", "δ(h) = B·A·h of rank r, clipped to ε per token (Casper et al. 2024)")(
    LowRankAdversary
)


def make_adversary(
    kind: str,
    batch: int,
    pos: int,
    d_model: int,
    epsilon: float,
    norm: str = "l2",
    rank: int = 8,
    init: str = "zeros",
    device: torch.device | str | None = None,
) -> torch.nn.Module:
    """Build one adversary for one hook point from its registry name."""
    cls = ADVERSARIES.get(kind)
    if cls is LowRankAdversary:
        return LowRankAdversary(d_model, rank, epsilon, norm, device=device)
    return cls(batch, pos, d_model, epsilon, norm, init=init, device=device)


__all__ = ["ADVERSARIES", "LowRankAdversary", "PerTokenAdversary", "make_adversary", "project_", "resolve_epsilon"]
