"""``direct``: the harmful request as is — the baseline every other attack is compared with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lat.data.generate import generate
from lat.evals.attacks.base import EVAL_ATTACKS, EvalAttack, EvalContext, judge_rows, make_row


@dataclass
class DirectConfig:
    """No budget: one greedy generation per request."""


@EVAL_ATTACKS.register("direct", "the request as is (baseline)")
class DirectAttack(EvalAttack):
    name = "direct"
    Config = DirectConfig

    def run(self, model: Any, tokenizer: Any, prompts: list[dict[str, Any]], ctx: EvalContext) -> list[dict[str, Any]]:
        texts = [p["prompt"] for p in prompts]
        outs = generate(
            model, tokenizer, texts, ctx.max_new_tokens, ctx.generation_batch_size, progress=ctx.progress, desc="direct"
        )
        return judge_rows([make_row(p, self.name, p["prompt"], o) for p, o in zip(prompts, outs)], ctx)
