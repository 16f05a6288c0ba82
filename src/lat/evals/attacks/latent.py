"""``latent`` / ``embedding``: test-time latent PGD (the attack LAT trains against), then generation under it.

For each request and each ε of the grid, :func:`lat.attack.generate.attack_and_generate` optimises δ toward a
compliant target and away from a refusal on the prompt positions of the residual stream after the chosen blocks
(``latent``) or of the token embeddings (``embedding``), then the model answers greedily *with δ installed*. The
same function runs ``lat attack``: one implementation, one set of options (:class:`LatentConfig`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lat.attack.generate import COMPLIANCE_TARGET, LatentConfig, attack_and_generate
from lat.evals.attacks.base import EVAL_ATTACKS, EvalAttack, EvalContext, judge_rows, make_row
from lat.hooks.layers import resolve_hook_points
from lat.runtime import progress_bar

__all__ = ["COMPLIANCE_TARGET", "EmbeddingAttack", "EmbeddingConfig", "LatentAttack", "LatentConfig"]


@EVAL_ATTACKS.register("latent", "test-time latent PGD in the residual stream at an ε grid, then generation under δ")
class LatentAttack(EvalAttack):
    name = "latent"
    Config = LatentConfig

    def run(self, model: Any, tokenizer: Any, prompts: list[dict[str, Any]], ctx: EvalContext) -> list[dict[str, Any]]:
        points = resolve_hook_points(model, self.config.hook_layers(model))
        rows = []
        for eps in self.config.epsilons:
            label = f"{self.name}@eps={eps:g}"
            with progress_bar(total=len(prompts), desc=label, enabled=ctx.progress) as bar:
                done = attack_and_generate(
                    model, tokenizer, prompts, points, self.config, eps, ctx.max_new_tokens, ctx.batch_size, bar.update
                )
            for p, (attacked, out) in zip(prompts, done):
                rows.append(
                    make_row(
                        p,
                        label,
                        p["prompt"],
                        out,
                        epsilon=eps,
                        epsilon_mode=self.config.epsilon_mode,
                        layers=[pt.name for pt in points],
                        loss_before=attacked.loss_before,
                        loss_after=attacked.loss_after,
                        epsilon_abs=attacked.epsilons,
                        delta_norms=attacked.delta_norms(),
                    )
                )
            ctx.log(f"{label}: done ({len(prompts)} prompts)")
        return judge_rows(rows, ctx)


@dataclass
class EmbeddingConfig(LatentConfig):
    """Defaults for the embedding space: ε relative to the median token-embedding norm."""

    epsilons: list[float] = field(default_factory=lambda: [0.1, 0.5, 1.0])
    layers: list[Any] | None = field(default_factory=lambda: ["embedding"])


@EVAL_ATTACKS.register("embedding", "continuous PGD on the input token embeddings (Xhonneux et al. 2024)")
class EmbeddingAttack(LatentAttack):
    name = "embedding"
    Config = EmbeddingConfig
