"""Fine-tuning attacks: a copy of the model is fine-tuned for k steps, then evaluated again (the weight-space attack).

- ``relearn`` (unlearning): fine-tune on the text of half ``a`` of the attacked forget entities (the questions'
  ``text``; multiple-choice records without text train on half ``a``'s question → answer), then score the MC
  questions of half ``b`` (``relearn@k=K/other``: knowledge the attack never showed — what comes back because it
  was only suppressed) and of half ``a`` (``/same``) after each k of the grid.
- ``finetune``: fine-tune on a corpus — ``unrelated`` (everyday text, known to bring unlearned knowledge back), or
  any registered dataset / file (pair data trains on its ``rejected`` completions: harmful fine-tuning for the
  jailbreak and backdoor experiments) — then evaluate the prompts: MC accuracy for question records, else
  generation judged like ``direct`` (``finetune@k=K``).

The model under evaluation is never changed: the attack trains a merged copy (a PEFT model's adapter folded in),
with a fresh LoRA (``lora_r > 0``) or all weights (``lora_r = 0``), AdamW at a small constant learning rate, in the
order of a seeded shuffle; the k grid is cumulative (one run, measured after k₁, k₂, … steps).
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from typing import Any

import torch

from lat.evals.attacks.base import EVAL_ATTACKS, EvalAttack, EvalContext
from lat.evals.knowledge import forget_records, is_knowledge, probe_rows


@dataclass
class FinetuneConfig:
    corpus: str = "unrelated"  # relearn | unrelated | a registered dataset or a .jsonl/.json/.csv/.parquet file
    steps: list[int] = field(default_factory=lambda: [4, 12])  # measured after each (cumulative)
    lr: float = 2e-4
    lora_r: int = 16  # 0 = full fine-tuning
    batch_size: int = 8
    max_length: int = 192
    limit: int | None = None  # at most this many corpus records


def attack_copy(model: Any) -> Any:
    """A trainable copy of ``model`` with any PEFT adapter merged in (the evaluated model is left untouched)."""
    m = copy.deepcopy(model)
    if hasattr(m, "merge_and_unload"):
        m = m.merge_and_unload()
    return m


def finetune(model: Any, tokenizer: Any, records: list[dict[str, Any]], cfg: FinetuneConfig, seed: int, on_step=None):
    """Fine-tune ``model`` in place on SFT records for ``max(cfg.steps)`` steps; ``on_step(k, model)`` after each k."""
    from lat.data.tokenize import collate_sft
    from lat.objectives.forward import completion_logits
    from lat.objectives.losses import toward_loss

    device = next(model.parameters()).device
    if cfg.lora_r > 0:
        from peft import LoraConfig, get_peft_model

        targets = "all-linear"  # every linear layer but the LM head
        model = get_peft_model(model, LoraConfig(r=cfg.lora_r, lora_alpha=2 * cfg.lora_r, target_modules=targets))
    else:
        model.requires_grad_(True)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=0.0)
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    model.train()
    done, pos = 0, 0
    for k in sorted(set(cfg.steps)):
        while done < k:
            idx = [order[(pos + i) % len(order)] for i in range(min(cfg.batch_size, len(order)))]
            pos += len(idx)
            batch = collate_sft(tokenizer, [records[i] for i in idx], cfg.max_length, device)
            loss = toward_loss(*completion_logits(model, **batch))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            done += 1
        model.eval()
        if on_step is not None:
            on_step(k, model)
        model.train()
    model.eval()
    return model


def corpus_records(corpus: str, prompts: list[dict[str, Any]], model: Any, tokenizer: Any, limit: int | None):
    """SFT records of a corpus name (see :class:`FinetuneConfig`)."""
    from lat.data import builtin
    from lat.data.sources import DATA_SOURCES, load_pairs, load_retain

    if corpus == "relearn":
        half = [p for p in forget_records(prompts) if p.get("half", "a") == "a"]
        texts = {p["entity_id"]: p["text"] for p in half if p.get("text") and p.get("entity_id")}
        if texts:
            return [{"text": t} for t in texts.values()][:limit]
        from lat.evals.attacks.knowledge import answer_text

        return [{"prompt": p["prompt"], "completion": answer_text(p)} for p in half][:limit]
    if corpus == "unrelated":
        return [{"text": r["text"]} for r in builtin.unlearning_unrelated()][:limit]
    kind = DATA_SOURCES.get(corpus).kind if corpus in DATA_SOURCES else None
    if kind == "retain" or (kind is None and not corpus.startswith("hf:") and "rejected" not in corpus):
        try:
            return load_retain(corpus, "train", {}, limit, model, tokenizer)
        except Exception:  # noqa: BLE001 — not retain data: try it as pairs below
            if kind == "retain":
                raise
    pairs = load_pairs(corpus, "train", {}, limit, model, tokenizer)
    return [{"prompt": p["prompt"], "completion": p["rejected"]} for p in pairs]


@EVAL_ATTACKS.register(
    "finetune", "fine-tune a copy for k steps on a corpus (unrelated text, harmful pairs), re-evaluate"
)
class FinetuneAttack(EvalAttack):
    name = "finetune"
    Config = FinetuneConfig

    def label(self, k: int, record: dict[str, Any]) -> str:
        return f"{self.name}@k={k}"

    def corpus(self, model: Any, tokenizer: Any, prompts: list[dict[str, Any]], ctx: EvalContext) -> list[dict]:
        """The fine-tuning records. Completions a corpus generates at run time (harmful pairs' compliant answers, a
        retain set's answers) are written by ``ctx.corpus_model`` — the model before the training under evaluation,
        as the training data was — else by the evaluated model's base (its adapter disabled). Never by the evaluated
        model when it has a base: after refusal training its "compliant answers" to harmful requests are refusals,
        and fine-tuning on them is no attack."""
        from contextlib import nullcontext

        from lat.evals.capability import base_context

        writer, context = base_context(model, ctx.corpus_model) or (model, nullcontext)
        with context():
            return corpus_records(self.config.corpus, prompts, writer, tokenizer, self.config.limit)

    def run(self, model: Any, tokenizer: Any, prompts: list[dict[str, Any]], ctx: EvalContext) -> list[dict[str, Any]]:
        cfg = self.config
        records = self.corpus(model, tokenizer, prompts, ctx)
        knowledge = is_knowledge(prompts)
        targets = forget_records(prompts) if knowledge else prompts
        rows: list[dict[str, Any]] = []

        def measure(k: int, tuned: Any) -> None:
            for r, p in zip(probe_rows(tuned, tokenizer, targets, "", ctx, steps=k, corpus=cfg.corpus), targets):
                r["attack"] = self.label(k, p)
                rows.append(r)
            ctx.log(f"{self.name} ({cfg.corpus}): measured after {k} steps")

        with torch.enable_grad():
            tuned = finetune(attack_copy(model), tokenizer, records, cfg, ctx.seed, measure)
        del tuned
        return rows


@dataclass
class RelearnConfig(FinetuneConfig):
    corpus: str = "relearn"


@EVAL_ATTACKS.register("relearn", "fine-tune on half the forget entities' text, MC on the other half (and the same)")
class RelearnAttack(FinetuneAttack):
    name = "relearn"
    Config = RelearnConfig

    def label(self, k: int, record: dict[str, Any]) -> str:
        return f"{self.name}@k={k}/" + ("same" if record.get("half", "a") == "a" else "other")
