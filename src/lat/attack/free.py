"""The "free" attack schedule: δ takes its updates from the defense's own forward passes.

The paper's loop (``attack.schedule=pgd``) spends K forward + backward passes on δ for every micro-batch, with the
model frozen, before the defender's updates under the fixed δ: most of a LAT step. Free adversarial training
(Shafahi et al. 2019) instead updates the perturbation from the passes the defender runs anyway. LAT's attacker and
defender minimise *different* losses, so the adaptation here (``attack.schedule=free``) is: each defender update's
forward under δ also yields the attacker's loss on the same logits; after the defender's backward (graph kept), one
more backward of the attacker's loss to δ only (no forward, no weight gradients) gives δ one optimiser step, then the
projection onto the ε-ball. δ starts from ``attack.steps`` warm-up PGD steps (0 is allowed: δ = 0 and only ε's scale
is measured) and keeps moving while the defender trains on it, so with ``defense.steps_per_attack = m`` the attacker
gets ``attack.steps + m`` updates per micro-batch for ``attack.steps`` full passes and m extra backwards.

It is an option, not the paper's method: the attacker is weaker per micro-batch (fewer steps, each against a moving
defender), and whether that buys the same robustness for less wall time is an empirical question (README, Speed).
"""

from __future__ import annotations

import torch

from lat.attack.pgd import AttackResult, PGDSettings, delta_optimizer, delta_step

SCHEDULES = ("pgd", "free")


class FreeAttacker:
    """One micro-batch's δ (the adversaries of an :class:`AttackResult`), stepped by :meth:`step` from an attacker
    loss computed on the defense's forward. Same optimiser, step sizes and projection as :func:`pgd_attack`."""

    def __init__(self, attack: AttackResult, settings: PGDSettings) -> None:
        self.attack = attack
        self.groups = [
            {"params": list(adv.parameters()), "lr": attack.step_sizes.get(name, settings.lr)}
            for name, adv in attack.adversaries.items()
        ]
        self.params = [q for g in self.groups for q in g["params"]]
        self.opt = delta_optimizer(self.groups, settings)
        self.losses: list[float] = []

    def track(self) -> None:
        """Make δ part of the next forward's graph (call before the defense's forward)."""
        for q in self.params:
            q.requires_grad_(True)

    def step(self, loss: torch.Tensor) -> None:
        """One attacker update from ``loss`` (the attack objective on the defense's logits; graph still alive). The
        defender's backward reached δ too; :func:`delta_step` replaces that gradient with the attacker's."""
        grads = torch.autograd.grad(loss, self.params, allow_unused=True)
        self.losses.append(float(loss.detach()))
        delta_step(self.groups, grads, self.opt, self.attack.adversaries.values())
        for q in self.params:
            q.requires_grad_(False)
