"""A low-rank adversary (Casper et al. 2024's untargeted LAT): δ(h) = B·A·h, a rank-r map of the activations.

Its parameters are not a point in a ball, so ε is enforced on its *output*: each token's δ is rescaled into the
ball inside the forward pass (differentiably), and ``project`` is a no-op.
"""

from __future__ import annotations

import torch
from torch import nn

from lat.adversaries.constraints import clip_output, token_norms


class LowRankAdversary(nn.Module):
    """δ(h) = up(down(h)) with ``down: d_model → rank``, ``up: rank → d_model``, clipped to ε per token."""

    def __init__(self, d_model: int, rank: int, epsilon: float, norm: str = "l2", device=None, generator=None) -> None:
        super().__init__()
        self.epsilon = float(epsilon)
        self.norm = norm
        self.down = nn.Linear(d_model, rank, bias=False, device=device, dtype=torch.float32)
        self.up = nn.Linear(rank, d_model, bias=False, device=device, dtype=torch.float32)
        with torch.no_grad():
            self.down.weight.normal_(0.0, d_model**-0.5, generator=generator)
            self.up.weight.zero_()  # starts as the identity map: δ = 0
        self._last: torch.Tensor | None = None

    @classmethod
    def build(
        cls, batch: int, pos: int, d_model: int, epsilon: float, norm: str = "l2", rank: int = 8, device=None
    ) -> LowRankAdversary:
        """The registry's constructor: a rank-``rank`` map shared by every token and row (batch and pos unused)."""
        return cls(d_model, rank, epsilon, norm, device=device)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        delta = clip_output(self.up(self.down(hidden.float())), self.epsilon, self.norm)  # [rows, pos, d]
        self._last = delta.detach()
        return hidden + (delta * mask[:, : hidden.shape[1]].unsqueeze(-1)).to(hidden.dtype)

    def project(self) -> None:
        """Nothing to do: the constraint is applied to the output in ``forward``."""

    @torch.no_grad()
    def token_norms(self) -> torch.Tensor:
        return token_norms(self._last, self.norm) if self._last is not None else torch.zeros(1)
