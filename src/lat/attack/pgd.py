"""Projected gradient descent on the latent perturbation δ — the attack that LAT trains against.

For every batch: δ starts at zero; for K steps, the model runs with δ added at the attacked layers, the attack
objective is back-propagated *to δ only* (the model is frozen: no weight gets a gradient, none changes), one Adam
(or AdamW, or signed-gradient) step is taken, and every adversary is projected back into its ε-ball.

Why it is fast: parameters are switched to ``requires_grad=False`` for the duration, so autograd records nothing
below the first attacked layer and computes no weight gradients; the blocks up to the first attacked one are run
once per batch, not once per step (:mod:`lat.hooks.skip`); only the completions the objective reads are computed,
stacked in one forward; when δ acts on the prompt only, the prompt runs once and both completions run on its
key/value cache (``share_prompt``); the LM head only runs where a loss needs logits; the reference log-probs (DPO)
are computed once per batch, in training on the shared prompt too.

Everything that shapes the attack is one :class:`PGDSettings`; a recipe's ``attack`` section converts to it with
:meth:`PGDSettings.from_config`, so training, ``lat attack`` and the eval suite read the same options.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from lat.adversaries import ADVERSARIES, make_adversary
from lat.adversaries.constraints import EPSILON_MODES, NORMS, residual_norm, residual_std, resolve_epsilon
from lat.errors import LatError
from lat.hooks.layers import HookPoint, get_decoder_layers, hidden_size
from lat.hooks.perturb import add_perturbations, capture_activations
from lat.hooks.skip import record_block_output, skip_blocks_below
from lat.models.modes import checkpointed_blocks, frozen, merged_lora
from lat.objectives.base import host_values
from lat.objectives.forward import (
    ROWS,
    attacked_rows,
    can_share_prompt,
    pair_logits,
    pair_position_mask,
    shared_prompt_logits,
    split_pairs,
    stack_pair,
)
from lat.registry import check_choice

OPTIMIZERS = ("adam", "adamw", "sign")
LR_MODES = ("absolute", "epsilon")
POSITIONS = ("prompt", "completion", "all")


@dataclass
class PGDSettings:
    """How δ is found: the constraint (ε, its scale, the norm), the optimiser and where δ acts.

    Attributes:
        epsilon, epsilon_mode, norm: the constraint (see :mod:`lat.adversaries.constraints`).
        steps, lr, optimizer: K steps of ``adam`` (lat's default), ``adamw`` (the authors' code: AdamW, weight decay
            ``weight_decay`` on δ) or ``sign`` (signed gradient, classic PGD).
        lr_mode: ``absolute`` (the paper: lr in activation units per coordinate) or ``epsilon`` (one step moves a
            token's δ by about ``lr × ε``, whatever the layer's scale and width — pairs with relative ε).
        positions: where δ acts: ``prompt`` | ``completion`` | ``all`` (never padding).
        adversary, rank: the adversary kind (:data:`lat.adversaries.ADVERSARIES`) and the low-rank adversary's rank.
        checkpoint: recompute the decoder blocks in each PGD backward (``model.gradient_checkpointing``; the model's
            blocks must have been set up for it, :func:`lat.models.modes.enable_checkpointing`).
        merge_lora: run the K steps with the LoRA adapters merged into fp32 weight copies
            (:func:`lat.models.modes.merged_lora`): fewer matmuls, one copy of the adapted weights more in memory.
    """

    epsilon: float = 1.0
    epsilon_mode: str = "absolute"
    norm: str = "l2"
    steps: int = 16
    lr: float = 5e-2
    lr_mode: str = "absolute"
    optimizer: str = "adam"
    weight_decay: float = 0.01
    positions: str = "prompt"
    adversary: str = "per_token"
    rank: int = 8
    skip_clean_blocks: bool = True  # compute the blocks δ cannot change once per batch (same result, fewer FLOPs)
    share_prompt: bool = True  # δ on prompt positions only: compute the prompt once for both completions (same result)
    checkpoint: bool = False  # activation checkpointing in the attack's forward/backward (set from model.*)
    merge_lora: bool = False  # LoRA merged into weight copies while δ is found (same δ to float tolerance)
    where: str = field(default="attack", repr=False, compare=False)  # the config section errors name

    def __post_init__(self) -> None:
        w = self.where
        check_choice(f"{w}.epsilon_mode", self.epsilon_mode, EPSILON_MODES)
        check_choice(f"{w}.norm", self.norm, NORMS)
        check_choice(f"{w}.lr_mode", self.lr_mode, LR_MODES)
        check_choice(f"{w}.optimizer", self.optimizer, OPTIMIZERS)
        check_choice(f"{w}.positions", self.positions, POSITIONS)
        check_choice(f"{w}.adversary", self.adversary, ADVERSARIES.names())
        if not self.epsilon > 0:
            raise LatError(f"{w}.epsilon must be positive, got {self.epsilon}")
        if self.steps < 0:
            raise LatError(f"{w}.steps must be >= 0, got {self.steps}")
        if self.lr <= 0:
            raise LatError(f"{w}.lr must be positive, got {self.lr}")
        if self.rank < 1:
            raise LatError(f"{w}.rank must be >= 1, got {self.rank}")

    @classmethod
    def from_config(cls, config: Any, where: str = "attack", **overrides: Any) -> PGDSettings:
        """The settings of a config object (a recipe's ``attack`` section, the eval ``latent`` config, CLI args):
        every attribute it has with a settings field's name, then ``overrides``."""
        names = [f.name for f in dataclasses.fields(cls) if f.name != "where"]
        values = {n: getattr(config, n) for n in names if hasattr(config, n)}
        return cls(**{**values, **overrides, "where": where})


@dataclass
class AttackResult:
    """The trained adversaries and how the attack went.

    ``perturb(rows)`` re-installs the (now fixed) δ on the same hook points and positions for the defense steps, for
    the completions (rows) the defense's loss reads.
    """

    points: list[HookPoint]
    adversaries: dict[str, nn.Module]
    batch: dict[str, torch.Tensor]  # the pair batch δ was found on
    positions: str  # prompt | completion | all
    rows: tuple[str, ...]  # the completions the attack's loss read
    losses: list[float] = field(default_factory=list)  # loss before each update (+ at the final δ if final_eval)
    epsilons: dict[str, float] = field(default_factory=dict)  # absolute radius per hook point
    residual_norms: dict[str, float] = field(default_factory=dict)  # median clean ‖h‖ per hook point
    residual_stds: dict[str, float] = field(default_factory=dict)  # clean ‖σ‖₂ per hook point
    last_logs: dict[str, float] = field(default_factory=dict)
    # per_row: each row's own ε per hook point, and its loss at δ = 0 and at the final δ
    row_epsilons: dict[str, list[float]] = field(default_factory=dict)
    row_losses: dict[str, list[float]] = field(default_factory=dict)  # {"first": [...], "last": [...]}
    step_sizes: dict[str, Any] = field(default_factory=dict)  # each adversary's optimiser step size (lr_mode applied)

    def position_mask(self, rows: tuple[str, ...] | None = None) -> torch.Tensor:
        """Where δ acts on a stacked forward of ``rows`` (default: the attack's own rows): ``[len(rows)·batch, pos]``."""
        return pair_position_mask(self.batch, self.positions, rows or self.rows)

    def perturb(self, rows: tuple[str, ...] | None = None):
        """Install the fixed δ for a forward of ``rows`` (a :func:`pair_logits` of the same rows)."""
        return add_perturbations(self.points, self.adversaries, self.position_mask(rows))

    def perturb_prompt(self, prompt_mask: torch.Tensor):
        """Install the fixed δ for the prompt-only forward of :func:`shared_prompt_logits` (``positions`` prompt;
        ``prompt_mask`` = ``split_pairs(...)["prompt_mask"]``): the completions then run on its cache, δ-free."""
        return add_perturbations(self.points, self.adversaries, attacked_rows(self.batch, prompt_mask))

    def delta_norms(self) -> dict[str, float]:
        """Mean ‖δ‖ per hook point over the attacked positions (for logging ε against the model's scale)."""
        out = {}
        mask = self.position_mask(self.rows[:1]).bool()  # [batch, pos]: one completion's positions
        for name, adv in self.adversaries.items():
            norms = adv.token_norms()
            out[name] = float(norms[mask].mean()) if norms.shape == mask.shape and mask.any() else float(norms.mean())
        return out

    @property
    def finite(self) -> bool:
        """Whether every recorded attack loss is finite (a NaN/inf here means the attack, not δ, diverged)."""
        return all(math.isfinite(x) for x in self.losses)


def pgd_attack(
    model: nn.Module,
    batch: dict[str, torch.Tensor],
    points: list[HookPoint],
    objective: Callable[..., tuple[torch.Tensor, dict[str, float]]],
    settings: PGDSettings | None = None,
    *,
    reference: dict[str, torch.Tensor] | None = None,
    callback: Callable[[int, AttackResult], None] | None = None,
    final_eval: bool = True,
    per_row: bool = False,
) -> AttackResult:
    """Train one adversary per hook point on ``batch`` (a tokenised pair batch) and return them.

    Args:
        model: the (unwrapped) model; it is frozen and put in eval mode for the duration.
        batch: pair batch from :func:`lat.data.tokenize.collate_pairs` (prompt, chosen = safe, rejected = harmful).
        points: hook points from :func:`lat.hooks.resolve_hook_points`.
        objective: an attack objective from :data:`lat.objectives.ATTACK_OBJECTIVES`.
        settings: ε, norm, steps, optimiser, positions, adversary (default :class:`PGDSettings`()).
        reference: reference log-probs if the objective needs them (DPO).
        callback: called as ``callback(step, result)`` after every projected step (tests, logging).
        final_eval: evaluate the loss once more at the final δ (``losses[-1]``); without it ``losses[k]`` is the
            loss before update k, one forward pass cheaper.
        per_row: attack every row as if it were alone (a batch of independent requests, the evaluation's case):
            each row's ε and step size come from its own residual scale, and ``row_losses`` holds each row's loss
            at δ = 0 and at the final δ. Rows never interact (δ is per row and Adam is per coordinate), so this
            equals attacking the requests one at a time, up to float rounding. Off (training): one scale per batch.
    """
    s = settings or PGDSettings()
    with merged_lora(model) if s.merge_lora else nullcontext():
        return _pgd_attack(model, batch, points, objective, s, reference, callback, final_eval, per_row)


def _pgd_attack(model, batch, points, objective, s: PGDSettings, reference, callback, final_eval, per_row):
    device = batch["chosen_input_ids"].device
    b, pos = batch["chosen_input_ids"].shape
    d_model = hidden_size(model)
    rows = tuple(getattr(objective, "rows", ROWS))  # only the completions the attack's loss reads are computed
    result = AttackResult(points=points, adversaries={}, batch=batch, positions=s.positions, rows=rows)
    mask = result.position_mask()  # [len(rows)·b, pos]
    # ε is unknown until the layer's scale is measured (relative / std modes): start unconstrained, δ = 0.
    for p in points:
        result.adversaries[p.name] = make_adversary(s.adversary, b, pos, d_model, math.inf, s.norm, s.rank, device)
    groups = [{"params": list(adv.parameters()), "lr": s.lr} for adv in result.adversaries.values()]
    params = [q for g in groups for q in g["params"]]

    per_row = per_row and b > 1
    # δ on prompt positions only and both completions read: the prompt is computed once and its key/value cache
    # serves both completions (objectives.forward.shared_prompt_logits) — a quarter fewer tokens at equal lengths.
    shared = shares_prompt(s, rows, model, pos)
    split = split_pairs(batch, rows) if shared else None
    stacked = None if shared else stack_pair(batch, rows, span=True)  # the rows' sequences, built once for K steps
    # where the clean activations are measured (and δ acts): the attacked rows' positions
    scale_mask = attacked_rows(batch, split["prompt_mask"]) if split is not None else mask
    n_sets = 1 if shared else len(rows)

    def set_row_scale(acts: dict[str, torch.Tensor]) -> None:
        """Clean activations → each row's ε (``[b, 1, 1]``) and step size, from that row's tokens alone."""
        for p, group in zip(points, groups):
            h = acts[p.name].view(n_sets, b, *acts[p.name].shape[1:])  # [sets, b, pos, d]
            m = scale_mask.view(n_sets, b, -1)
            eps = []
            for i in range(b):
                norm_i = residual_norm(h[:, i], m[:, i])
                std_i = residual_std(h[:, i], m[:, i]) if s.epsilon_mode == "std" else None
                eps.append(resolve_epsilon(s.epsilon, s.epsilon_mode, norm_i, s.norm, d_model, std_i))
            result.row_epsilons[p.name] = eps
            result.epsilons[p.name] = sum(eps) / b
            radius = torch.tensor(eps, device=device, dtype=torch.float32).view(b, 1, 1)
            result.adversaries[p.name].epsilon = radius
            result.residual_norms[p.name] = residual_norm(acts[p.name], scale_mask)
            unit = d_model**0.5 if s.norm == "l2" else 1.0
            group["lr"] = s.lr * radius / unit if s.lr_mode == "epsilon" else s.lr

    def set_scale(acts: dict[str, torch.Tensor]) -> None:
        """Clean activations → ε per hook point and each adversary's step size (lr_mode)."""
        if per_row:
            return set_row_scale(acts)
        for p, group in zip(points, groups):
            result.residual_norms[p.name] = residual_norm(acts[p.name], scale_mask)
            if s.epsilon_mode == "std":
                result.residual_stds[p.name] = residual_std(acts[p.name], scale_mask)
            eps = resolve_epsilon(
                s.epsilon,
                s.epsilon_mode,
                result.residual_norms[p.name],
                s.norm,
                d_model,
                result.residual_stds.get(p.name),
            )
            result.epsilons[p.name] = eps
            result.adversaries[p.name].epsilon = eps
            # Adam and sign steps move each coordinate by ~lr: scale so a token's step is ~lr·ε in the norm.
            group["lr"] = s.lr * (eps / (d_model**0.5 if s.norm == "l2" else 1.0) if s.lr_mode == "epsilon" else 1.0)

    def perturbed():
        """δ on whole sequences; the shared-prompt forward installs it on the prompt pass itself."""
        return nullcontext() if shared else result.perturb()

    # Nothing up to the lowest attacked block depends on δ: its clean output is recorded on the first forward and
    # the blocks below are skipped afterwards (not with the embeddings attacked, or a model whose blocks return
    # tuples).
    blocks = get_decoder_layers(model)
    first = min(p.index for p in points) if points else -1
    clean: dict[str, Any] = {}

    def shared_forward(measure: bool) -> dict[str, torch.Tensor]:
        """The prompt once under δ (and the activation capture), the completions on its cache."""
        captured: dict[str, torch.Tensor] = {}

        @contextmanager
        def prompt_hooks():
            with add_perturbations(points, result.adversaries, scale_mask):  # scale_mask: attacked rows already
                if not measure:
                    yield
                    return
                with capture_activations(points) as acts:  # registered after δ: it sees the perturbed output
                    yield
                captured.update(acts)

        out = shared_prompt_logits(model, split, rows, prompt_hooks)
        if measure:
            set_scale(captured)
        return out

    def forward(measure: bool) -> dict[str, torch.Tensor]:
        # δ = 0 until the first update, so the first forward *is* the clean forward: its activations give the
        # residual scale (ε in relative / std mode, and the log) without an extra pass.
        if shared:
            return shared_forward(measure)
        if not measure:
            if clean.get("output") is not None:
                with skip_blocks_below(blocks, first, clean["output"]):
                    return pair_logits(model, batch, rows, stacked)
            return pair_logits(model, batch, rows, stacked)
        with capture_activations(points) as acts:
            out = pair_logits(model, batch, rows, stacked)
        set_scale(acts)
        return out

    with frozen(model), checkpointed_blocks(model) if s.checkpoint else nullcontext():
        for q in params:
            q.requires_grad_(True)
        opt = delta_optimizer(groups, s, per_row)
        # Each step's loss and logs stay on the device (reading one back would wait for the step to finish before the
        # next could be queued); they are read back together once the steps are done, or each step for a callback.
        step_losses: list[torch.Tensor] = []
        for step in range(s.steps):
            record = (
                record_block_output(blocks[first], clean)
                if step == 0 and first >= 0 and s.skip_clean_blocks and not shared
                else nullcontext()
            )
            with record, perturbed():  # the recorder is registered first: it sees the block's clean output
                out = forward(measure=step == 0)
                loss, logs = objective(out, reference)
                if per_row and step == 0:
                    result.row_losses["first"] = row_losses(objective, out, reference, b)
            grads = torch.autograd.grad(loss, params)
            step_losses.append(loss.detach().float().reshape(()))
            delta_step(groups, grads, opt, result.adversaries.values())
            if callback is not None or step == s.steps - 1:
                result.losses, result.last_logs = torch.stack(step_losses).tolist(), host_values(logs)
            if callback is not None:
                callback(len(result.losses), result)
        if final_eval or s.steps == 0:
            # The attack loss at the returned δ (what the defense will face); the trainer skips this extra pass.
            with torch.no_grad(), perturbed():
                out = forward(measure=s.steps == 0)
                loss, logs = objective(out, reference)
                if per_row:
                    result.row_losses["last"] = row_losses(objective, out, reference, b)
                    result.row_losses.setdefault("first", result.row_losses["last"])
            result.losses.append(float(loss.detach()))
            result.last_logs = host_values(logs)
        for q in params:
            q.requires_grad_(False)
    result.step_sizes = {name: group["lr"] for name, group in zip(result.adversaries, groups)}
    if not result.finite:
        result.last_logs["nonfinite_attack_loss"] = 1.0
    return result


def shares_prompt(s: PGDSettings, rows: tuple[str, ...], model: nn.Module, length: int, perturbed: bool = True) -> bool:
    """Whether a forward of ``rows`` computes the prompt once for both completions: δ on prompt positions only (or
    no δ: ``perturbed=False``, the defense of the RT / DPO baseline), both completions read, and a model on which
    that is exact (:func:`lat.objectives.forward.can_share_prompt`). Not with activation checkpointing: a
    checkpointed block writes no KV cache."""
    return (
        s.share_prompt
        and not s.checkpoint
        and (s.positions == "prompt" or not perturbed)
        and len(rows) > 1
        and can_share_prompt(model, length)
    )


def delta_optimizer(groups: list[dict[str, Any]], s: PGDSettings, per_row: bool = False) -> Any:
    """The optimiser on δ that ``s.optimizer`` names (None for signed-gradient steps); ``per_row``: a step size per
    row (:class:`RowAdam`; torch's Adam takes one lr per group). Shared by PGD and the free schedule."""
    if per_row and s.optimizer != "sign":
        return RowAdam(groups, s.weight_decay if s.optimizer == "adamw" else 0.0)
    if s.optimizer == "adam":
        return torch.optim.Adam(groups)
    if s.optimizer == "adamw":
        return torch.optim.AdamW(groups, weight_decay=s.weight_decay)
    return None


@torch.no_grad()
def delta_step(groups: list[dict[str, Any]], grads: Any, opt: Any, adversaries: Any) -> None:
    """One update of δ from ``grads`` (one per parameter of ``groups``, in order; None = no gradient), then the
    projection of every adversary onto its ε-ball. Non-finite gradient entries count as 0, for every adversary."""
    params = [q for g in groups for q in g["params"]]
    step_sizes = [grp["lr"] for grp in groups for _ in grp["params"]]
    for q, g, step_size in zip(params, grads, step_sizes):
        g = torch.zeros_like(q) if g is None else torch.nan_to_num(g, nan=0.0, posinf=0.0, neginf=0.0)
        if opt is None:
            q.sub_(step_size * g.sign())
            q.grad = None
        else:
            q.grad = g
    if opt is not None:
        opt.step()
        opt.zero_grad(set_to_none=True)
    for adv in adversaries:
        adv.project()


def row_losses(objective: Callable, out: dict[str, torch.Tensor], reference: Any, b: int) -> list[float]:
    """Each row's attack loss, as if it were the only row (the objective on that row's slice)."""
    losses = []
    with torch.no_grad():
        for i in range(b):
            part = {k: v[i : i + 1] for k, v in out.items()}
            ref = {k: v[i : i + 1] for k, v in reference.items()} if reference is not None else None
            losses.append(float(objective(part, ref)[0]))
    return losses


class RowAdam:
    """Adam (AdamW with ``weight_decay``) on δ whose step size may be a tensor — one per row — with the same update
    as ``torch.optim.Adam``: m̂ / (√v̂ + 1e-8) scaled by the step size."""

    def __init__(self, groups: list[dict[str, Any]], weight_decay: float = 0.0, betas=(0.9, 0.999), eps=1e-8):
        self.groups, self.weight_decay, self.betas, self.eps = groups, weight_decay, betas, eps
        self.state: dict[int, dict[str, Any]] = {}
        self.t = 0

    @torch.no_grad()
    def step(self) -> None:
        self.t += 1
        b1, b2 = self.betas
        bc1, bc2 = 1 - b1**self.t, 1 - b2**self.t
        for group in self.groups:
            lr = group["lr"]
            for q in group["params"]:
                if q.grad is None:
                    continue
                st = self.state.setdefault(id(q), {"m": torch.zeros_like(q), "v": torch.zeros_like(q)})
                st["m"].mul_(b1).add_(q.grad, alpha=1 - b1)
                st["v"].mul_(b2).addcmul_(q.grad, q.grad, value=1 - b2)
                if self.weight_decay:
                    q.mul_(1 - lr * self.weight_decay)
                denom = (st["v"].sqrt() / bc2**0.5).add_(self.eps)
                q.sub_((lr / bc1) * st["m"] / denom)

    def zero_grad(self, set_to_none: bool = True) -> None:
        for group in self.groups:
            for q in group["params"]:
                q.grad = None
