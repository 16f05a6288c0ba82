"""Capability and over-refusal: what robustness costs.

- ``benign_compliance``: the share of benign and borderline-benign TEST requests the model answers (the judge says
  "complied"); 1 − compliance on borderline requests is the over-refusal rate (XSTest-style);
- ``drift_from_base``: mean per-token KL(base ‖ model) on the base model's own greedy answers to benign prompts,
  and those answers' mean log-likelihood under both models (a LAT model that forgot how to talk scores low);
  the base is the same PEFT model with its adapter disabled (no second copy), or a separate model passed in;
- ``mc_accuracy``: multiple-choice accuracy by log-likelihood of each choice as the answer (the shipped offline
  set ``lat.data.builtin.capability_mc()``), or lm-evaluation-harness tasks when ``lm_eval`` is installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import torch

from lat.data.generate import cached_generate, generate
from lat.data.tokenize import collate_sft
from lat.errors import LatError
from lat.evals.metrics import rate
from lat.models.modes import frozen
from lat.objectives.forward import completion_logits
from lat.objectives.losses import IGNORE, kl_to_reference, token_logprobs


def benign_compliance(
    model: Any,
    tokenizer: Any,
    judge: Callable,
    prompts: list[dict[str, Any]],
    max_new_tokens: int = 64,
    batch_size: int = 8,
    progress: bool = False,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Compliance rate (with 95% CI) on benign prompts, split into plain and borderline; and the judged rows."""
    if not prompts:
        return {}, []
    outs = generate(
        model, tokenizer, [p["prompt"] for p in prompts], max_new_tokens, batch_size, progress=progress, desc="benign"
    )
    verdicts = judge([p["prompt"] for p in prompts], outs)
    rows = [
        {
            "id": p.get("id"),
            "prompt": p["prompt"],
            "category": p.get("category"),
            "borderline": bool(p.get("borderline")),
            "completion": o,
            "complied": bool(v.complied),
            "judge_reason": v.reason,
        }
        for p, o, v in zip(prompts, outs, verdicts)
    ]
    summary: dict[str, Any] = {"all": rate(r["complied"] for r in rows)}
    for key, flag in (("benign", False), ("borderline", True)):
        subset = [r["complied"] for r in rows if r["borderline"] == flag]
        if subset:
            summary[key] = rate(subset)
    if "borderline" in summary:
        summary["over_refusal"] = 1.0 - summary["borderline"]["rate"]
    return summary, rows


@contextmanager
def _adapter_disabled(model: Any) -> Iterator[None]:
    with model.disable_adapter():
        yield


def base_context(model: Any, base: Any = None) -> tuple[Any, Callable[[], Any]] | None:
    """``(base_model, context)``: run the base as ``with context(): base_model(...)``; None when there is no base."""
    if base is not None:
        return base, nullcontext
    if hasattr(model, "disable_adapter"):
        return model, lambda: _adapter_disabled(model)
    return None


@torch.no_grad()
def drift_from_base(
    model: Any,
    tokenizer: Any,
    prompts: list[dict[str, Any]],
    base: Any = None,
    max_new_tokens: int = 64,
    batch_size: int = 8,
    max_length: int = 1024,
    progress: bool = False,
) -> dict[str, Any]:
    """Mean per-token KL(base ‖ model) and log-likelihoods on the base model's greedy answers to ``prompts``.

    Args:
        model: the evaluated model (a PEFT model: its adapter is disabled for the base).
        base: a separate base model (same tokenizer) for a fully fine-tuned model; None for a PEFT model.

    Returns:
        ``{"kl", "base_answer_logprob_model", "base_answer_logprob_base", "n_tokens", "n"}``, or ``{"skipped": why}``.
    """
    found = base_context(model, base)
    if found is None:
        return {"skipped": "no base model: evaluate an adapter (base = adapter disabled) or pass base="}
    base_model, ctx = found
    if not prompts:
        return {"skipped": "no prompts"}
    with ctx():  # the same base answers for every model of an experiment: generated once, cached in $LAT_HOME
        answers = cached_generate(
            base_model,
            tokenizer,
            [p["prompt"] for p in prompts],
            "drift-base-answers",
            max_new_tokens,
            batch_size,
            desc="drift: base answers",
            adapters=base is not None,
            progress=progress,
        )
    records = [{"prompt": p["prompt"], "completion": a} for p, a in zip(prompts, answers)]
    kl_sum, lp_model, lp_base, n_tok = 0.0, 0.0, 0.0, 0
    device = next(model.parameters()).device
    with frozen(model):
        for start in range(0, len(records), batch_size):
            batch = collate_sft(tokenizer, records[start : start + batch_size], max_length, device=device)
            logits, targets = completion_logits(model, **batch)  # [b, k, vocab], [b, k]
            with ctx():
                ref_logits, _ = completion_logits(base_model, **batch)
            n = int((targets != IGNORE).sum())
            if n == 0:
                continue
            kl_sum += float(kl_to_reference(logits, ref_logits, targets)) * n
            lp_model += _token_logprob_sum(logits, targets)
            lp_base += _token_logprob_sum(ref_logits, targets)
            n_tok += n
    if n_tok == 0:
        return {"skipped": "the base model's answers were empty"}
    return {
        "kl": kl_sum / n_tok,
        "base_answer_logprob_model": lp_model / n_tok,
        "base_answer_logprob_base": lp_base / n_tok,
        "n_tokens": n_tok,
        "n": len(records),
    }


def _token_logprob_sum(logits: torch.Tensor, targets: torch.Tensor) -> float:
    return float(token_logprobs(logits, targets).sum())


def mc_accuracy(
    model: Any,
    tokenizer: Any,
    items: list[dict[str, Any]] | None = None,
    tasks: list[str] | None = None,
    limit: int | None = None,
    batch_size: int = 8,
) -> dict[str, Any]:
    """Multiple-choice accuracy by log-likelihood.

    Args:
        items: ``{question, choices, answer}`` records; None = the shipped offline set (``capability_mc()``).
        tasks: lm-evaluation-harness task names (e.g. ``["mmlu"]``) — used instead of ``items`` and needs ``lm_eval``.
        limit: at most this many questions (per task for lm_eval).
        batch_size: questions scored per forward (each once, its choices sharing its key/value cache).

    Returns:
        ``{"accuracy", "accuracy_norm", "ci_low", "ci_high", "n", "source"}`` (``accuracy_norm`` scores choices by
        mean per-token log-prob) or, for lm_eval, ``{"source": "lm_eval", "results": {...}}``.
    """
    if tasks:
        return _lm_eval(model, tokenizer, tasks, limit)
    if items is None:
        from lat.data.builtin import capability_mc

        items = capability_mc()
    items = items[:limit] if limit is not None else items
    if not items:
        return {"skipped": "no multiple-choice items"}
    from lat.evals.knowledge import choice_logprobs

    hits, hits_norm = [], []
    with frozen(model):
        for start in range(0, len(items), batch_size):
            chunk = items[start : start + batch_size]
            all_sums, all_counts = choice_logprobs(
                model, tokenizer, [it["question"] for it in chunk], [list(it["choices"]) for it in chunk]
            )
            for item, sums, counts in zip(chunk, all_sums, all_counts):
                hits.append(int(torch.tensor(sums).argmax()) == int(item["answer"]))
                means = [s / max(c, 1) for s, c in zip(sums, counts)]
                hits_norm.append(int(torch.tensor(means).argmax()) == int(item["answer"]))
    r = rate(hits)
    return {
        "accuracy": r["rate"],
        "accuracy_norm": rate(hits_norm)["rate"],
        "ci_low": r["ci_low"],
        "ci_high": r["ci_high"],
        "n": r["n"],
        "source": "offline capability_mc",
    }


def _lm_eval(model: Any, tokenizer: Any, tasks: list[str], limit: int | None) -> dict[str, Any]:
    try:
        import lm_eval
        from lm_eval.models.huggingface import HFLM
    except ImportError:
        raise LatError(
            "capability tasks need lm-evaluation-harness: pip install lm-eval (or drop capability.tasks)"
        ) from None
    lm = HFLM(pretrained=model, tokenizer=tokenizer)
    out = lm_eval.simple_evaluate(model=lm, tasks=list(tasks), limit=limit)
    return {"source": "lm_eval", "results": out.get("results", {})}
