"""Tokenisation with the model's chat template, and masks for prompt and completion tokens.

A pair record ``{"prompt", "chosen", "rejected"}`` becomes two sequences that share their prompt tokens and are
right-padded to one common length, so prompt positions line up across the safe and the harmful completion and the
adversary's δ (indexed by position) means the same thing on both. Labels are -100 everywhere but on the completion.
"""

from __future__ import annotations

from typing import Any

import torch

from lat.errors import LatError

IGNORE = -100
FALLBACK_TEMPLATE = (
    "{% for m in messages %}{% if m['role'] == 'system' %}{{ m['content'] + '\\n\\n' }}"
    "{% elif m['role'] == 'user' %}{{ 'User: ' + m['content'] + '\\n' }}"
    "{% else %}{{ 'Assistant: ' + m['content'] + eos_token + '\\n' }}{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}"
)


def as_messages(prompt: str | list[dict[str, str]]) -> list[dict[str, str]]:
    """A prompt as chat messages: a plain string becomes one user turn."""
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    if isinstance(prompt, list) and all(isinstance(m, dict) and "role" in m and "content" in m for m in prompt):
        return prompt
    raise LatError(f"a prompt must be a string or a list of {{role, content}} messages, got {type(prompt).__name__}")


def completion_text(completion: str | list[dict[str, str]]) -> str:
    """A completion as text: TRL's conversational form ``[{"role": "assistant", "content": ...}]`` is accepted."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list) and completion and isinstance(completion[-1], dict):
        return str(completion[-1].get("content", ""))
    raise LatError(f"a completion must be a string or assistant messages, got {type(completion).__name__}")


# The conversation format of PKU safe-rlhf, which the Rando & Tramèr trojan models (ethz-spylab/poisoned_generation_
# trojan1..5, the paper's backdoor experiment) were trained on: "BEGINNING OF CONVERSATION: USER: {input} ASSISTANT:"
# with the answer after it. Their tokenizers ship no chat template; the plain fallback would put every prompt in a
# format the trojans never saw (and the trigger in an unfamiliar context).
SAFE_RLHF_TEMPLATE = (
    "{{ bos_token }}BEGINNING OF CONVERSATION:{% for m in messages %}"
    "{% if m['role'] == 'user' %}{{ ' USER: ' + m['content'] + ' ASSISTANT:' }}"
    "{% elif m['role'] == 'assistant' %}{{ ' ' + m['content'] + eos_token }}"
    "{% else %}{{ raise_exception('the safe-rlhf conversation format has no ' + m['role'] + ' turn') }}{% endif %}"
    "{% endfor %}"
)

# Tokenizers that ship no chat template although their model was trained on a known format: name prefix → template.
KNOWN_TEMPLATES = {"ethz-spylab/poisoned_generation_trojan": SAFE_RLHF_TEMPLATE}


def template_for(name: str) -> str:
    """The chat template for a model that ships none: its known training format, else a plain User/Assistant one."""
    return next((t for prefix, t in KNOWN_TEMPLATES.items() if str(name).startswith(prefix)), FALLBACK_TEMPLATE)


def ensure_chat_template(tokenizer: Any, name: str = "") -> None:
    """Give a tokenizer without a chat template (a base model) its model's known format (:data:`KNOWN_TEMPLATES`)
    or a plain User/Assistant one."""
    if not getattr(tokenizer, "chat_template", None):
        tokenizer.chat_template = template_for(name or getattr(tokenizer, "name_or_path", ""))
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token


def render_prompt(tokenizer: Any, prompt: str | list[dict[str, str]]) -> str:
    """The prompt as the model sees it, ending with the assistant-turn header."""
    ensure_chat_template(tokenizer)
    return tokenizer.apply_chat_template(as_messages(prompt), add_generation_prompt=True, tokenize=False)


def render_completion(tokenizer: Any, prompt: str | list[dict[str, str]], completion: str) -> str:
    """The completion's text exactly as the chat template renders it after the prompt (with its end-of-turn)."""
    messages = as_messages(prompt)
    head = render_prompt(tokenizer, messages)
    full = tokenizer.apply_chat_template([*messages, {"role": "assistant", "content": completion}], tokenize=False)
    if full.startswith(head):
        return full[len(head) :]
    # Templates that rewrite earlier turns: fall back to completion + EOS.
    return completion + (tokenizer.eos_token or "")


def pad_sequences(seqs: list[list[int]], value: int, length: int | None = None, left: bool = False) -> torch.Tensor:
    """Stack token sequences into a ``[rows, length]`` long tensor padded with ``value`` on the right (training
    batches: position t is token t of every row) or on the left (generation: every row ends at the same column)."""
    length = length if length is not None else max(len(q) for q in seqs)
    out = torch.full((len(seqs), length), value, dtype=torch.long)
    for i, q in enumerate(seqs):
        if q:
            start = length - len(q) if left else 0
            out[i, start : start + len(q)] = torch.tensor(q, dtype=torch.long)
    return out


def token_ids(tokenizer: Any, text: str) -> list[int]:
    """The ids of ``text`` exactly as written: no BOS/EOS added (chat templates already carry their own)."""
    return tokenizer(text, add_special_tokens=False)["input_ids"]


def encode_prompt_completion(
    tokenizer: Any, prompt: str | list[dict[str, str]], completion: str, max_length: int, what: str = "record"
) -> tuple[list[int], list[int]]:
    """Token ids of the prompt and of the completion, the completion truncated to fit ``max_length``.

    Raises:
        LatError: if the prompt alone leaves no room for a single completion token.
    """
    prompt_ids = token_ids(tokenizer, render_prompt(tokenizer, prompt))
    completion_ids = token_ids(tokenizer, render_completion(tokenizer, prompt, completion))
    if len(prompt_ids) >= max_length:
        raise LatError(
            f"{what}: the prompt is {len(prompt_ids)} tokens, longer than max_length={max_length}; "
            "raise data.max_length or drop the record"
        )
    return prompt_ids, completion_ids[: max_length - len(prompt_ids)]


def collate_pairs(
    tokenizer: Any, records: list[dict[str, Any]], max_length: int, device: torch.device | str | None = None
) -> dict[str, torch.Tensor]:
    """Tokenise ``{"prompt", "chosen", "rejected"}`` records into a right-padded pair batch.

    Returns tensors ``[batch, pos]``: ``chosen_*`` / ``rejected_*`` ``input_ids``, ``attention_mask``, ``labels``
    (-100 but on completion tokens), and ``prompt_mask`` (1 on prompt tokens, identical for both sequences); and when
    any record is marked ``helpful`` (a benign pair, chosen = the answer), ``helpful`` ``[batch]`` (1 on those rows).
    """
    if not records:
        raise LatError("cannot build a batch from zero records")
    rows = []
    for i, r in enumerate(records):
        what = f"record {r.get('id', i)}"
        for key in ("prompt", "chosen", "rejected"):
            if key not in r:
                raise LatError(f"{what} has no '{key}' field (pair data needs prompt, chosen, rejected)")
        p, c = encode_prompt_completion(tokenizer, r["prompt"], completion_text(r["chosen"]), max_length, what)
        _, h = encode_prompt_completion(tokenizer, r["prompt"], completion_text(r["rejected"]), max_length, what)
        rows.append((p, c, h))
    length = max(len(p) + max(len(c), len(h)) for p, c, h in rows)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    out = {"prompt_mask": pad_sequences([[1] * len(p) for p, _, _ in rows], 0, length)}
    for side, k in (("chosen", 1), ("rejected", 2)):
        out[f"{side}_input_ids"] = pad_sequences([r[0] + r[k] for r in rows], pad, length)
        out[f"{side}_attention_mask"] = pad_sequences([[1] * (len(r[0]) + len(r[k])) for r in rows], 0, length)
        out[f"{side}_labels"] = pad_sequences([[IGNORE] * len(r[0]) + r[k] for r in rows], IGNORE, length)
    if any(r.get("helpful") for r in records):
        out["helpful"] = torch.tensor([int(bool(r.get("helpful"))) for r in records])
    return {k: v.to(device) for k, v in out.items()} if device is not None else out


def collate_sft(
    tokenizer: Any, records: list[dict[str, Any]], max_length: int, device: torch.device | str | None = None
) -> dict[str, torch.Tensor]:
    """Tokenise retain/forget records into a right-padded LM batch ``input_ids, attention_mask, labels``.

    A record is either ``{"prompt", "completion"}`` (only completion tokens are supervised), ``{"prompt", "chosen"}``
    (same, chosen as the completion) or ``{"text"}`` (every token supervised).
    """
    if not records:
        raise LatError("cannot build a batch from zero records")
    rows = []
    for i, r in enumerate(records):
        what = f"record {r.get('id', i)}"
        if "text" in r and "prompt" not in r:
            ids = token_ids(tokenizer, r["text"])[:max_length]
            if tokenizer.bos_token_id is not None and getattr(tokenizer, "add_bos_token", False):
                ids = [tokenizer.bos_token_id, *ids][:max_length]
            rows.append((ids, list(ids)))  # every token supervised
            continue
        completion = r.get("completion", r.get("chosen"))
        if "prompt" not in r or completion is None:
            raise LatError(f"{what} needs 'text', or 'prompt' with 'completion'/'chosen' (retain/SFT data)")
        p, c = encode_prompt_completion(tokenizer, r["prompt"], completion_text(completion), max_length, what)
        rows.append((p + c, [IGNORE] * len(p) + c))  # only the completion supervised
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    out = {
        "input_ids": pad_sequences([ids for ids, _ in rows], pad),
        "attention_mask": pad_sequences([[1] * len(ids) for ids, _ in rows], 0),
        "labels": pad_sequences([labels for _, labels in rows], IGNORE),
    }
    return {k: v.to(device) for k, v in out.items()} if device is not None else out


def encode_prompts_left(
    tokenizer: Any,
    prompts: list[str | list[dict[str, str]]],
    max_length: int | None = None,
    prefills: list[str] | None = None,
    device: torch.device | str | None = None,
) -> dict[str, torch.Tensor]:
    """Left-padded prompt batch for generation, optionally with a prefilled start of the assistant's answer."""
    rows = []
    for i, prompt in enumerate(prompts):
        text = render_prompt(tokenizer, prompt) + (prefills[i] if prefills else "")
        ids = token_ids(tokenizer, text)
        if max_length is not None and len(ids) > max_length:
            raise LatError(f"prompt {i} is {len(ids)} tokens, longer than max_length={max_length}")
        rows.append(ids)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    out = {
        "input_ids": pad_sequences(rows, pad, left=True),
        "attention_mask": pad_sequences([[1] * len(ids) for ids in rows], 0, left=True),
    }
    return {k: v.to(device) for k, v in out.items()} if device is not None else out
