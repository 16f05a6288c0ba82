"""The paper's adversary: a free per-token vector δ[batch, pos, d_model] added to the residual stream."""

from __future__ import annotations

import torch
from torch import nn

from lat.adversaries.constraints import project_, token_norms


class PerTokenAdversary(nn.Module):
    """δ ``[batch, pos, d_model]`` kept in float32 (small Adam steps survive), cast to the activation dtype on use.

    Args:
        batch, pos, d_model: the shape of the attacked activations.
        epsilon: absolute radius (already resolved from a relative ε if needed).
        norm: ``"l2"`` ball per token or ``"linf"`` box.
        init: ``"zeros"`` (the paper) or ``"uniform"`` (a random point inside the ball, for restarts).
    """

    def __init__(
        self,
        batch: int,
        pos: int,
        d_model: int,
        epsilon: float,
        norm: str = "l2",
        init: str = "zeros",
        device: torch.device | str | None = None,
        generator: torch.Generator | None = None,
    ) -> None:
        super().__init__()
        self.epsilon = float(epsilon)
        self.norm = norm
        delta = torch.zeros(batch, pos, d_model, dtype=torch.float32, device=device)
        if init == "uniform":
            delta.uniform_(-1.0, 1.0, generator=generator)
        elif init != "zeros":
            raise ValueError(f"unknown init '{init}' (zeros | uniform)")
        self.delta = nn.Parameter(delta)
        self.project()

    @classmethod
    def build(cls, batch: int, pos: int, d_model: int, epsilon: float, norm: str = "l2", **kw) -> PerTokenAdversary:
        """The registry's constructor: δ = 0 of the attacked batch's shape (``rank`` is not used)."""
        return cls(batch, pos, d_model, epsilon, norm, device=kw.get("device"))

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """``hidden [rows, pos, d] + δ`` at masked positions; rows may be k·batch (δ is tiled)."""
        delta = self.delta
        rows, pos = hidden.shape[0], hidden.shape[1]
        if rows != delta.shape[0]:
            if rows % delta.shape[0]:
                raise ValueError(
                    f"activations have {rows} rows, not a multiple of the adversary's batch {delta.shape[0]}"
                )
            delta = delta.repeat(rows // delta.shape[0], 1, 1)
        if pos > delta.shape[1]:
            delta = torch.nn.functional.pad(delta, (0, 0, 0, pos - delta.shape[1]))
        m = mask[:, :pos].unsqueeze(-1).to(torch.float32)  # [rows, pos, 1]
        return hidden + (delta[:, :pos] * m).to(hidden.dtype)

    @torch.no_grad()
    def project(self) -> None:
        project_(self.delta, self.epsilon, self.norm)

    @torch.no_grad()
    def token_norms(self) -> torch.Tensor:
        return token_norms(self.delta, self.norm)
