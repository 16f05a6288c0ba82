"""Batched greedy generation with the model itself, cached in the user cache (``$LAT_HOME/completions``).

The adversary's harmful targets are never stored in the repo: they are generated at run time by the base model
(which complies with many harmful requests) and kept in the user's cache, keyed by model, data version and
generation settings, so a second run reuses them and a change of any of those regenerates them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import torch

from lat.data.tokenize import encode_prompts_left
from lat.paths import lat_home, write_atomic


def model_fingerprint(model: torch.nn.Module, adapters: bool = True) -> str:
    """Identify a model's weights cheaply: its name, size, and a hash of the bytes of a few parameter tensors (at
    most ~1M evenly strided elements of each). Bytes, not sums: a float sum depends on the thread count (1 vs 2
    threads gave different sums of SmolLM2's embedding), and a cache key must not. ``adapters=False`` identifies
    the base under a PEFT adapter (its ``lora_`` weights left out): what the model is with the adapter disabled."""
    cfg = getattr(model, "config", None)
    name = getattr(cfg, "_name_or_path", "") or type(model).__name__
    params = [p for n, p in model.named_parameters() if adapters or "lora_" not in n]
    h = hashlib.sha1()
    for p in params[:2] + params[-2:]:
        flat = p.detach().reshape(-1)
        sample = flat[:: max(1, flat.numel() // _FINGERPRINT_ELEMENTS)]
        h.update(sample.to("cpu", torch.float32).contiguous().numpy().tobytes())
    return f"{Path(str(name)).name}-{sum(p.numel() for p in params)}-" + h.hexdigest()[:8]


_FINGERPRINT_ELEMENTS = 1 << 20


def cache_key(
    model: torch.nn.Module, namespace: str, settings: dict[str, Any], prompts: list[Any], adapters: bool = True
) -> str:
    """What a generation depends on: the model's weights, the settings and every prompt; ``namespace`` keeps the
    generations of different sources apart (stored under ``"data"``, the key's name when it held a data hash)."""
    blob = json.dumps(
        {"model": model_fingerprint(model, adapters), "data": namespace, "settings": settings, "prompts": prompts},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


@torch.no_grad()
def generate(
    model: torch.nn.Module,
    tokenizer: Any,
    prompts: list[Any],
    max_new_tokens: int = 64,
    batch_size: int = 8,
    prefills: list[str] | None = None,
    progress: bool = True,
    desc: str = "generating",
) -> list[str]:
    """Greedy completions for chat prompts, batched with left padding; returns the decoded new text only."""
    from lat.runtime import progress_bar

    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    out: list[str] = []
    # Sort by length so batches waste little padding; restore the order at the end.
    order = sorted(range(len(prompts)), key=lambda i: len(str(prompts[i])))
    results: dict[int, str] = {}
    for start in progress_bar(range(0, len(order), batch_size), desc=desc, enabled=progress):
        idx = order[start : start + batch_size]
        batch = encode_prompts_left(
            tokenizer,
            [prompts[i] for i in idx],
            prefills=[prefills[i] for i in idx] if prefills else None,
            device=device,
        )
        ids = greedy_ids(model, tokenizer, batch["input_ids"], batch["attention_mask"], max_new_tokens)
        texts = tokenizer.batch_decode(ids[:, batch["input_ids"].shape[1] :], skip_special_tokens=True)
        for i, t in zip(idx, texts):
            results[i] = t.strip()
    model.train(was_training)
    out = [results[i] for i in range(len(prompts))]
    return out


@torch.no_grad()
def greedy_ids(
    model: torch.nn.Module, tokenizer: Any, input_ids: torch.Tensor, attention_mask: torch.Tensor, max_new_tokens: int
) -> torch.Tensor:
    """Greedy decoding that stops at EOS or any end-of-turn token: ``[rows, prompt + new]`` ids (deterministic)."""
    return model.generate(
        input_ids=input_ids,
        attention_mask=attention_mask,
        max_new_tokens=max_new_tokens,
        do_sample=False,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=_stop_ids(tokenizer),
        temperature=None,
        top_p=None,
        top_k=None,
    )


def _stop_ids(tokenizer: Any) -> list[int]:
    ids = {tokenizer.eos_token_id}
    for tok in ("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>"):
        tid = tokenizer.convert_tokens_to_ids(tok) if tok in tokenizer.get_vocab() else None
        if tid is not None:
            ids.add(tid)
    return sorted(i for i in ids if i is not None)


def cached_generate(
    model: torch.nn.Module,
    tokenizer: Any,
    prompts: list[Any],
    namespace: str,
    max_new_tokens: int = 64,
    batch_size: int = 8,
    desc: str = "generating",
    adapters: bool = True,
    progress: bool = True,
) -> list[str]:
    """:func:`generate` with a cache in ``$LAT_HOME/completions/<key>.jsonl``; ``adapters=False`` when ``model``
    generates with its PEFT adapter disabled (the key then names the base weights only, see
    :func:`model_fingerprint`)."""
    settings = {"max_new_tokens": max_new_tokens, "greedy": True}
    path = lat_home() / "completions" / f"{cache_key(model, namespace, settings, prompts, adapters)}.jsonl"
    if path.is_file():
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        if len(rows) == len(prompts):
            return [r["completion"] for r in rows]
    texts = generate(model, tokenizer, prompts, max_new_tokens, batch_size, progress=progress, desc=desc)
    write_atomic(path, "".join(json.dumps({"prompt": p, "completion": t}) + "\n" for p, t in zip(prompts, texts)))
    return texts
