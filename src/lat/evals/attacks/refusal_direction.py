"""``refusal_direction``: directional ablation of the refusal direction (Arditi et al. 2024, arXiv 2406.11717).

1. Fit (on TRAIN prompts only): run harmful and harmless requests, take the residual stream after block ``layer`` at
   the last prompt token (the assistant-turn header's last token, where the model "decides" to refuse), and take the
   difference of the two means: r = μ_harmful − μ_harmless, normalised to r̂.
2. Attack: while generating, project r̂ out of the residual stream everywhere it is written — the token embeddings'
   output and every decoder block's output: h ← h − (h·r̂) r̂. (Arditi et al. also ablate inside each block, at the
   attention and MLP outputs; ablating every block output leaves no r̂ component in any activation a block reads
   or the LM head sees.)

The layer is a config value; the default is the middle block (Arditi et al. pick one by a validation sweep — the
middle of the network is where their selected layers mostly lie). Set ``layer`` to sweep.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import torch

from lat.data.generate import generate
from lat.data.tokenize import encode_prompts_left
from lat.errors import LatError
from lat.evals.attacks.base import EVAL_ATTACKS, EvalAttack, EvalContext, judge_rows, make_row, num_layers
from lat.hooks.layers import EMBEDDING, resolve_hook_points
from lat.hooks.perturb import capture_activations, edit_outputs
from lat.models.modes import frozen


@dataclass
class RefusalDirectionConfig:
    layer: int | None = None  # block whose output gives the direction; None = the middle block (num_layers // 2)
    max_train: int | None = 128  # at most this many harmful and this many harmless TRAIN prompts for the means
    batch_size: int = 16  # prompts per forward when computing the means

    def __post_init__(self) -> None:
        if self.max_train is not None and self.max_train < 1:
            raise LatError(f"refusal_direction.max_train must be positive, got {self.max_train}")


@torch.no_grad()
def mean_last_token_activation(
    model: Any, tokenizer: Any, prompts: list[Any], layer: int, batch_size: int
) -> torch.Tensor:
    """Mean residual stream after block ``layer`` at each prompt's last token: ``[d_model]`` (float32)."""
    (point,) = resolve_hook_points(model, [layer])
    device = next(model.parameters()).device
    total, count = None, 0
    with frozen(model):
        for start in range(0, len(prompts), batch_size):
            batch = encode_prompts_left(tokenizer, prompts[start : start + batch_size], device=device)
            with capture_activations([point]) as acts:
                model(**batch, use_cache=False)
            last = acts[point.name][:, -1].float()  # [b, d_model]: left padding puts every prompt's end at -1
            total = last.sum(0) if total is None else total + last.sum(0)
            count += last.shape[0]
    if not count:
        raise LatError("the refusal direction needs at least one harmful and one harmless prompt")
    return total / count


def fit_refusal_direction(
    model: Any, tokenizer: Any, harmful: list[Any], harmless: list[Any], layer: int, batch_size: int = 16
) -> tuple[torch.Tensor, float]:
    """r̂ = normalise(μ_harmful − μ_harmless) at block ``layer``; returns ``(r̂ [d_model], ‖r‖)``."""
    diff = mean_last_token_activation(model, tokenizer, harmful, layer, batch_size) - mean_last_token_activation(
        model, tokenizer, harmless, layer, batch_size
    )
    norm = float(diff.norm())
    if norm == 0.0:
        raise LatError("harmful and harmless mean activations are identical: cannot define a refusal direction")
    return diff / norm, norm


@contextmanager
def ablate_direction(model: Any, direction: torch.Tensor) -> Iterator[None]:
    """Project ``direction`` (unit, ``[d_model]``) out of the embedding output and every decoder block output."""
    points = resolve_hook_points(model, [EMBEDDING, *range(num_layers(model))])

    def ablate(hidden: torch.Tensor) -> torch.Tensor:  # [rows, pos, d_model]
        r = direction.to(device=hidden.device, dtype=torch.float32)
        h = hidden.float()
        return (h - (h @ r).unsqueeze(-1) * r).to(hidden.dtype)

    with edit_outputs(points, {p.name: ablate for p in points}):
        yield


def _train_prompts(ctx: EvalContext, limit: int | None) -> tuple[list[Any], list[Any]]:
    harmful, benign = ctx.train_harmful, ctx.train_benign
    if harmful is None or benign is None:
        from lat.data.builtin import jailbreak_benign, jailbreak_harmful

        harmful = jailbreak_harmful("train") if harmful is None else harmful
        benign = jailbreak_benign("train") if benign is None else benign
    return [r["prompt"] for r in harmful[:limit]], [r["prompt"] for r in benign[:limit]]


@EVAL_ATTACKS.register(
    "refusal_direction", "ablate the harmful−harmless mean-difference direction (Arditi et al. 2024)"
)
class RefusalDirectionAttack(EvalAttack):
    name = "refusal_direction"
    Config = RefusalDirectionConfig

    def run(self, model: Any, tokenizer: Any, prompts: list[dict[str, Any]], ctx: EvalContext) -> list[dict[str, Any]]:
        layer = self.config.layer if self.config.layer is not None else num_layers(model) // 2
        harmful, harmless = _train_prompts(ctx, self.config.max_train)
        direction, norm = fit_refusal_direction(model, tokenizer, harmful, harmless, layer, self.config.batch_size)
        ctx.log(f"refusal direction at layer {layer}: ‖μ_harmful − μ_harmless‖ = {norm:.3f}")
        with ablate_direction(model, direction):
            outs = generate(
                model,
                tokenizer,
                [p["prompt"] for p in prompts],
                ctx.max_new_tokens,
                ctx.generation_batch_size,
                progress=ctx.progress,
                desc="refusal-direction",
            )
        rows = [
            make_row(
                p,
                self.name,
                p["prompt"],
                o,
                direction_layer=layer,
                direction_norm=norm,
                n_train=[len(harmful), len(harmless)],
            )
            for p, o in zip(prompts, outs)
        ]
        return judge_rows(rows, ctx)
