"""Projected gradient descent on the latent perturbation δ — the attack that LAT trains against.

For every batch: δ starts at zero; for K steps, the model runs with δ added at the attacked layers, the attack
objective is back-propagated *to δ only* (the model is frozen: no weight gets a gradient, none changes), one Adam
(or signed-gradient) step is taken, and every adversary is projected back into its ε-ball.

Why it is fast: parameters are switched to ``requires_grad=False`` for the duration, so autograd records nothing
below the first attacked layer and computes no weight gradients; chosen and rejected completions share one stacked
forward; the LM head only runs where a loss needs logits; the reference log-probs (DPO) are computed once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import torch
from torch import nn

from lat.adversaries import make_adversary
from lat.adversaries.constraints import residual_norm, resolve_epsilon
from lat.hooks.layers import HookPoint, hidden_size
from lat.hooks.perturb import add_perturbations, capture_activations
from lat.objectives.forward import pair_logits, pair_position_mask


@contextmanager
def frozen(model: nn.Module) -> Iterator[None]:
    """Freeze every parameter and switch to eval mode (no dropout); restore both afterwards, also on errors."""
    flags = [(p, p.requires_grad) for p in model.parameters()]
    was_training = model.training
    try:
        for p, _ in flags:
            p.requires_grad_(False)
        model.eval()
        yield
    finally:
        for p, flag in flags:
            p.requires_grad_(flag)
        model.train(was_training)


@dataclass
class AttackResult:
    """The trained adversaries and how the attack went.

    ``perturb()`` re-installs the (now fixed) δ on the same hook points and positions for the defense steps.
    """

    points: list[HookPoint]
    adversaries: dict[str, nn.Module]
    position_mask: torch.Tensor  # [2·batch, pos] for stacked (chosen, rejected) rows
    losses: list[float] = field(default_factory=list)  # loss before each update (+ at the final δ if final_eval)
    epsilons: dict[str, float] = field(default_factory=dict)  # absolute radius per hook point
    residual_norms: dict[str, float] = field(default_factory=dict)  # median clean ‖h‖ per hook point
    last_logs: dict[str, float] = field(default_factory=dict)

    def perturb(self, position_mask: torch.Tensor | None = None):
        return add_perturbations(
            self.points, self.adversaries, self.position_mask if position_mask is None else position_mask
        )

    def delta_norms(self) -> dict[str, float]:
        """Mean ‖δ‖ per hook point over the attacked positions (for logging ε against the model's scale)."""
        out = {}
        b = self.position_mask.shape[0] // 2
        mask = self.position_mask[:b].bool()
        for name, adv in self.adversaries.items():
            norms = adv.token_norms()
            out[name] = float(norms[mask].mean()) if norms.shape == mask.shape and mask.any() else float(norms.mean())
        return out


def pgd_attack(
    model: nn.Module,
    batch: dict[str, torch.Tensor],
    points: list[HookPoint],
    objective,
    *,
    epsilon: float = 1.0,
    epsilon_mode: str = "absolute",
    norm: str = "l2",
    steps: int = 16,
    lr: float = 5e-2,
    lr_mode: str = "absolute",
    optimizer: str = "adam",
    positions: str = "prompt",
    adversary: str = "per_token",
    rank: int = 8,
    init: str = "zeros",
    reference: dict[str, torch.Tensor] | None = None,
    callback: Callable[[int, AttackResult], None] | None = None,
    final_eval: bool = True,
) -> AttackResult:
    """Train one adversary per hook point on ``batch`` (a tokenised pair batch) and return them.

    Args:
        model: the (unwrapped) model; it is frozen and put in eval mode for the duration.
        batch: pair batch from :mod:`lat.data.collate` (prompt, chosen = safe, rejected = harmful).
        points: hook points from :func:`lat.hooks.resolve_hook_points`.
        objective: an attack objective from :data:`lat.objectives.ATTACK_OBJECTIVES`.
        epsilon, epsilon_mode, norm: the constraint (see :mod:`lat.adversaries.constraints`).
        steps, lr, optimizer: K steps of ``"adam"`` (the paper) or ``"sign"`` (signed gradient, classic PGD).
        lr_mode: ``"absolute"`` (the paper: lr in activation units per coordinate) or ``"epsilon"`` (one step moves a
            token's δ by about ``lr × ε``, whatever the layer's scale and width — pairs with relative ε).
        positions: where δ acts: ``prompt`` | ``completion`` | ``all``.
        reference: reference log-probs if the objective needs them (DPO).
        callback: called as ``callback(step, result)`` after every projected step (tests, logging).
        final_eval: evaluate the loss once more at the final δ (``losses[-1]``); without it ``losses[k]`` is the
            loss before update k, one forward pass cheaper.
    """
    device = batch["chosen_input_ids"].device
    b, pos = batch["chosen_input_ids"].shape
    d_model = hidden_size(model)
    mask = pair_position_mask(batch, positions)  # [2b, pos]
    result = AttackResult(points=points, adversaries={}, position_mask=mask)

    if optimizer not in ("adam", "sign"):
        raise ValueError(f"unknown attack optimizer '{optimizer}' (adam | sign)")
    if lr_mode not in ("absolute", "epsilon"):
        raise ValueError(f"unknown lr_mode '{lr_mode}' (absolute | epsilon)")

    def set_scale(acts: dict[str, torch.Tensor]) -> None:
        """Clean residual norms → ε per hook point (relative mode) and each adversary's step size (lr_mode)."""
        for p, group in zip(points, groups):
            result.residual_norms[p.name] = residual_norm(acts[p.name], mask)
            eps = resolve_epsilon(epsilon, epsilon_mode, result.residual_norms[p.name], norm, d_model)
            result.epsilons[p.name] = eps
            result.adversaries[p.name].epsilon = eps
            # Adam and sign steps move each coordinate by ~lr: scale so a token's step is ~lr·ε in the norm.
            group["lr"] = lr * (eps / (d_model**0.5 if norm == "l2" else 1.0) if lr_mode == "epsilon" else 1.0)

    with frozen(model):
        # δ = 0 at the first step (the paper's init), so that step's forward *is* the clean forward: its activations
        # give the residual norms (ε's scale in relative mode, and the log) without an extra pass. A random init
        # needs the clean pass first, since ε must be known to place it inside the ball.
        measure_first = init != "zeros" or steps == 0
        if measure_first:
            with torch.no_grad(), capture_activations(points) as acts:
                pair_logits(model, batch)
        for p in points:
            eps = (
                float("inf")
                if not measure_first
                else resolve_epsilon(epsilon, epsilon_mode, residual_norm(acts[p.name], mask), norm, d_model)
            )
            result.adversaries[p.name] = make_adversary(adversary, b, pos, d_model, eps, norm, rank, init, device)
        groups = [{"params": list(adv.parameters()), "lr": lr} for adv in result.adversaries.values()]
        if measure_first:
            set_scale(acts)
            del acts
        params = [q for g in groups for q in g["params"]]
        for q in params:
            q.requires_grad_(True)
        opt = torch.optim.Adam(groups) if optimizer == "adam" else None

        for step in range(steps):
            with result.perturb():
                if step == 0 and not measure_first:
                    with capture_activations(points) as acts:
                        out = pair_logits(model, batch)
                    set_scale(acts)
                    del acts
                else:
                    out = pair_logits(model, batch)
                loss, logs = objective(out, reference)
            grads = torch.autograd.grad(loss, params)
            result.losses.append(float(loss.detach()))
            result.last_logs = logs
            with torch.no_grad():
                step_sizes = [grp["lr"] for grp in groups for _ in grp["params"]]
                for q, g, step_size in zip(params, grads, step_sizes):
                    g = torch.nan_to_num(g, nan=0.0, posinf=0.0, neginf=0.0)  # every adversary, not only the last
                    if opt is None:
                        q.sub_(step_size * g.sign())
                    else:
                        q.grad = g
                if opt is not None:
                    opt.step()
                    opt.zero_grad(set_to_none=True)
                for adv in result.adversaries.values():
                    adv.project()
            if callback is not None:
                callback(len(result.losses), result)
        if final_eval or steps == 0:
            # The attack loss at the returned δ (what the defense will face); the trainer skips this extra pass.
            with torch.no_grad(), result.perturb():
                loss, logs = objective(pair_logits(model, batch), reference)
            result.losses.append(float(loss.detach()))
            result.last_logs = logs
        for q in params:
            q.requires_grad_(False)
    if not all(math.isfinite(x) for x in result.losses):
        result.last_logs["nonfinite_attack_loss"] = 1.0
    return result
