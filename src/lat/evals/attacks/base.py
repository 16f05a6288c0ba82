"""What every evaluation attack shares: the registry, the run context, the base class and the row format.

An attack is a small class with a ``Config`` dataclass (its budget) and ``run(model, tokenizer, prompts, ctx)``
returning one row per prompt (or per prompt and budget point, e.g. one per ε)::

    {"id", "prompt", "attack", "input", "completion", "complied", "judge_reason", ...attack-specific fields}

``attack`` is the label the ASR table groups by (``"gcg"``, ``"latent@eps=6"``). ``input`` is what was sent (with
the suffix, the prefill, the faux turns). ``completion`` is what the judge read. Adding an attack is one new file
that registers a class here; backdoor-trigger and re-learning attacks fit the same interface (a re-learning attack
may fine-tune a copy of the model inside ``run``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from lat.errors import LatError
from lat.registry import Registry, did_you_mean

EVAL_ATTACKS: Registry = Registry("eval attack")


@dataclass
class EvalContext:
    """Everything an attack needs besides the model: the judge, generation settings, data it may learn from.

    ``train_harmful`` / ``train_benign`` are TRAIN-split prompts for attacks that fit something on data (the refusal
    direction); None means the built-in organism's train split. Test prompts are never used for fitting.
    """

    judge: Callable[[list[str], list[str]], list[Any]]
    max_new_tokens: int = 64
    batch_size: int = 8  # prompts per latent / embedding PGD batch
    # Prompts per greedy generate() call: execution only (the same text at any size; on 2 CPU cores 32 generated
    # twice as fast as 8), so it is left out of run keys.
    generation_batch_size: int = 32
    seed: int = 0
    progress: bool = False
    train_harmful: list[dict[str, Any]] | None = None
    train_benign: list[dict[str, Any]] | None = None
    # The model that writes a fine-tuning corpus's generated completions (``finetune`` on harmful pairs: the rejected
    # = a compliant answer): the model before the training under evaluation, as it wrote the training data. None: the
    # evaluated model's base (its adapter disabled), else the evaluated model itself.
    corpus_model: Any = None
    log: Callable[[str], None] = field(default=lambda msg: None)


class EvalAttack:
    """Base class: holds the validated config. Subclasses set ``name``, ``Config`` and implement ``run``."""

    name: ClassVar[str] = ""
    Config: ClassVar[type] = object

    def __init__(self, config: Any = None, **overrides: Any) -> None:
        base = config if config is not None else self.Config()
        names = [f.name for f in dataclasses.fields(self.Config)]
        for key in overrides:
            if key not in names:
                raise LatError(
                    f"unknown setting '{key}' for attack '{self.name}'{did_you_mean(key, names)}; "
                    f"valid: {', '.join(names)}"
                )
        self.config = dataclasses.replace(base, **overrides)

    def run(self, model: Any, tokenizer: Any, prompts: list[dict[str, Any]], ctx: EvalContext) -> list[dict[str, Any]]:
        raise NotImplementedError


def make_attack(name: str, **overrides: Any) -> EvalAttack:
    """Instantiate a registered attack with config overrides (unknown keys raise ``LatError`` with a suggestion)."""
    return EVAL_ATTACKS.get(name)(**overrides)


def make_row(record: dict[str, Any], attack: str, input_text: Any, completion: str, **extra: Any) -> dict[str, Any]:
    """A result row before judging (``complied`` / ``judge_reason`` are filled by :func:`judge_rows`)."""
    return {
        "id": record.get("id"),
        "prompt": record["prompt"],
        "attack": attack,
        "input": input_text,
        "completion": completion,
        "complied": None,
        "judge_reason": None,
        **extra,
    }


def judge_rows(rows: list[dict[str, Any]], ctx: EvalContext) -> list[dict[str, Any]]:
    """Judge every row's completion against its original request (in one batch call to the judge)."""
    if not rows:
        return rows
    verdicts = ctx.judge([_as_text(r["prompt"]) for r in rows], [r["completion"] for r in rows])
    for row, verdict in zip(rows, verdicts):
        row["complied"] = bool(verdict.complied)
        row["judge_reason"] = verdict.reason
        if getattr(verdict, "score", None) is not None:
            row["judge_score"] = verdict.score
    return rows


def _as_text(prompt: Any) -> str:
    if isinstance(prompt, str):
        return prompt
    return str(prompt[-1]["content"]) if isinstance(prompt, list) and prompt else str(prompt)


def join_prefill(prefill: str, continuation: str) -> str:
    """The assistant's answer as the judge reads it: the forced prefix followed by what the model wrote."""
    if not continuation:
        return prefill
    if prefill.endswith((" ", "\n")) or continuation[0] in ".,:;!?)\n":
        return prefill + continuation
    return f"{prefill} {continuation}"


def num_layers(model: Any) -> int:
    from lat.hooks.layers import get_decoder_layers

    return len(get_decoder_layers(model))
