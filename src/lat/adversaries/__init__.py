"""What the perturbation is: per-token δ (the paper), low-rank δ(h); ``constraints`` is where ε is enforced.

An adversary is an ``nn.Module`` with ``forward(hidden, mask) -> hidden + δ``, ``project()`` (back into the ε-ball
after every PGD step), ``token_norms()`` and a settable ``epsilon``, and a classmethod
``build(batch, pos, d_model, epsilon, norm, rank, device)``. Adding one is a module here plus its registration.
"""

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
    device: torch.device | str | None = None,
) -> torch.nn.Module:
    """Build one adversary for one hook point from its registry name (δ = 0, or the identity map, at the start)."""
    return ADVERSARIES.get(kind).build(batch, pos, d_model, epsilon, norm=norm, rank=rank, device=device)


__all__ = ["ADVERSARIES", "LowRankAdversary", "PerTokenAdversary", "make_adversary", "project_", "resolve_epsilon"]
