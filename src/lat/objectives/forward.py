"""Forward passes shared by every objective: logits only where a loss needs them, stacked pairs, the reference.

Two things make the attack's 16 inner steps cheap: (1) safe and harmful completions go through the model as one
stacked batch, and (2) the LM head runs only over the span of positions that predict a supervised token
(``logits_to_keep`` with an index tensor), not over the whole prompt — the vocabulary projection is the largest
matrix in a small model and prompts are most of the sequence. When δ acts on the prompt only, the attack goes
further (:func:`shared_prompt_logits`): the prompt runs once and both completions run on its key/value cache.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import torch
from torch import nn

from lat.errors import LatError
from lat.hooks.layers import unwrap_model
from lat.objectives.losses import IGNORE


@functools.lru_cache(maxsize=64)
def accepts_logits_to_keep(cls: type) -> bool:
    """Whether a model class can run its LM head on selected positions only (transformers' ``logits_to_keep``)."""
    return "logits_to_keep" in inspect.signature(cls.forward).parameters


@functools.lru_cache(maxsize=64)
def cache_argument(cls: type) -> str:
    """The name a model class's forward takes a key/value cache under (``cache``; ``past_key_values`` before)."""
    return "cache" if "cache" in inspect.signature(cls.forward).parameters else "past_key_values"


def completion_span(labels: torch.Tensor) -> torch.Tensor:
    """The positions whose logits a loss reads: from the one predicting the batch's first supervised token to the one
    predicting its last (``labels`` = -100 elsewhere). Reads the batch back to the host once: a loop that runs the
    same batch many times (PGD) computes it once and hands it to :func:`completion_logits`."""
    supervised = labels[:, 1:] != IGNORE  # [rows, pos-1]: position t predicts token t+1
    cols = supervised.any(dim=0).nonzero().squeeze(-1)
    if cols.numel() == 0:
        return torch.tensor([labels.shape[1] - 2], device=labels.device)
    first, last = torch.stack([cols.min(), cols.max()]).tolist()
    return torch.arange(first, last + 1, device=labels.device)


def completion_logits(
    model: nn.Module,
    input_ids: torch.Tensor,
    attention_mask: torch.Tensor,
    labels: torch.Tensor,
    keep: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Run the model and return aligned ``(logits [rows, k, vocab], targets [rows, k])``.

    ``logits[:, j]`` predicts ``targets[:, j]``; k spans the positions from the first to the last supervised token
    over the batch (``keep``: :func:`completion_span`, computed here when not given), so rows with short prompts and
    rows with long ones both fit.
    """
    keep = completion_span(labels) if keep is None else keep
    kwargs = {"input_ids": input_ids, "attention_mask": attention_mask, "use_cache": False}
    if accepts_logits_to_keep(type(unwrap_model(model))):
        logits = model(**kwargs, logits_to_keep=keep).logits  # [rows, k, vocab]
    else:
        logits = model(**kwargs).logits[:, keep]
    return logits, labels[:, keep + 1]


# The two completions of a pair batch; an objective's ``rows`` names the ones its loss reads, and only those run.
ROWS = ("chosen", "rejected")


def stack_pair(
    batch: dict[str, torch.Tensor], rows: tuple[str, ...] = ROWS, span: bool = False
) -> dict[str, torch.Tensor]:
    """Stack the sequences of ``rows`` (safe = chosen, harmful = rejected) into one ``[len(rows)·batch, pos]`` batch;
    with ``span``, also the positions the loss reads (``keep``: :func:`completion_span`), for a loop that reuses it."""
    out = {key: torch.cat([batch[f"{r}_{key}"] for r in rows]) for key in ("input_ids", "attention_mask", "labels")}
    if span:
        out["keep"] = completion_span(out["labels"])
    return out


def pair_logits(
    model: nn.Module,
    batch: dict[str, torch.Tensor],
    rows: tuple[str, ...] = ROWS,
    stacked: dict[str, torch.Tensor] | None = None,
) -> dict[str, torch.Tensor]:
    """One stacked forward of the ``rows`` of a pair batch: ``{row}_logits`` / ``{row}_targets``, each
    ``[batch, k, …]``. A loss that reads one completion only (``defense.away=0``) skips the other's forward and
    backward: half the tokens. ``stacked``: :func:`stack_pair` of the same batch and rows, built once by a loop."""
    logits, targets = completion_logits(model, **(stacked if stacked is not None else stack_pair(batch, rows)))
    b = batch["chosen_input_ids"].shape[0]
    out = {}
    for i, r in enumerate(rows):
        out[f"{r}_logits"] = logits[i * b : (i + 1) * b]
        out[f"{r}_targets"] = targets[i * b : (i + 1) * b]
    return out


def can_share_prompt(model: nn.Module, length: int) -> bool:
    """Whether :func:`shared_prompt_logits` computes exactly what :func:`pair_logits` does for sequences of
    ``length``: not under a sliding attention window shorter than that (a window counts cache slots, and the cached
    prompt's padding would shift it)."""
    config = getattr(unwrap_model(model), "config", None)
    window = getattr(config, "sliding_window", None)
    if window is None or getattr(config, "use_sliding_window", True) is False:
        return True
    return int(window) >= length


def split_pairs(batch: dict[str, torch.Tensor], rows: tuple[str, ...] = ROWS) -> dict[str, torch.Tensor]:
    """A pair batch cut into its one prompt and the ``rows``' completions, for :func:`shared_prompt_logits`.

    ``collate_pairs`` puts each row's prompt at positions ``0 … p_i-1`` and its completion right after. Returns
    ``prompt_ids`` / ``prompt_mask`` ``[b, P]`` (P = the longest prompt; a shorter prompt's tail is masked out) and, for
    the rows stacked ``[len(rows)·b, C]``: ``input_ids``, ``attention_mask`` (prompt mask, then the completion's),
    ``position_ids`` (``p_i + j``) and ``labels`` (the completion's tokens, -100 on padding). Built once per batch.
    """
    prompt_mask = batch["prompt_mask"]
    b, length = prompt_mask.shape
    lengths = prompt_mask.sum(dim=1)  # [b] each row's prompt length
    longest, shortest = (int(x) for x in torch.stack([lengths.max(), lengths.min()]).tolist())  # one host sync
    width = length - shortest  # the widest completion span
    position_ids = lengths[:, None] + torch.arange(width, device=prompt_mask.device)[None]  # [b, C]
    inside = position_ids < length
    index = position_ids.clamp(max=length - 1)
    out: dict[str, torch.Tensor] = {
        "prompt_ids": batch[f"{rows[0]}_input_ids"][:, :longest],
        "prompt_mask": prompt_mask[:, :longest],
        "last_prompt": lengths - 1,
        "prompt_keep": torch.unique(lengths - 1),  # the LM head runs on these prompt positions only
        "position_ids": position_ids.repeat(len(rows), 1),
    }
    parts: dict[str, list[torch.Tensor]] = {"input_ids": [], "attention_mask": [], "labels": []}
    for r in rows:
        parts["input_ids"].append(batch[f"{r}_input_ids"].gather(1, index))
        parts["attention_mask"].append(batch[f"{r}_attention_mask"].gather(1, index) * inside)
        parts["labels"].append(batch[f"{r}_labels"].gather(1, index).masked_fill(~inside, IGNORE))
    out["prompt_pick"] = torch.searchsorted(out["prompt_keep"], out["last_prompt"])  # each row's among the kept
    out.update({k: torch.cat(v) for k, v in parts.items()})
    out["attention_mask"] = torch.cat([out["prompt_mask"].repeat(len(rows), 1), out["attention_mask"]], dim=1)
    return out


def shared_prompt_logits(
    model: nn.Module,
    split: dict[str, torch.Tensor],
    rows: tuple[str, ...] = ROWS,
    prompt_hooks: Callable[[], AbstractContextManager] = nullcontext,
) -> dict[str, torch.Tensor]:
    """:func:`pair_logits` with the prompt computed once for all ``rows`` instead of once per completion.

    The prompt runs alone (inside ``prompt_hooks()``: δ on prompt positions, activation capture), its key/value cache
    is tiled over the rows, and the completions run on it — with their true positions, the prompt's padding masked.
    Same losses and gradients as :func:`pair_logits` (to float rounding) when nothing acts on completion positions,
    for about ``(P + R·C) / (R·(P + C))`` of the tokens. Returns ``{row}_logits`` ``[b, C, vocab]`` and
    ``{row}_targets`` ``[b, C]``: a row's first completion token is predicted from its last prompt position.
    """
    b = split["prompt_ids"].shape[0]
    kwargs: dict[str, Any] = {
        "input_ids": split["prompt_ids"],
        "attention_mask": split["prompt_mask"],
        "use_cache": True,
    }
    keep = split["prompt_keep"]
    if accepts_logits_to_keep(type(unwrap_model(model))):
        kwargs["logits_to_keep"] = keep
        column = split["prompt_pick"]
    else:
        column = split["last_prompt"]
    with prompt_hooks():
        out = model(**kwargs)
    vocab = out.logits.shape[-1]
    first = out.logits.gather(1, column.view(b, 1, 1).expand(b, 1, vocab))  # [b, 1, V]
    cache = out.cache if "cache" in out else out.past_key_values  # transformers ≥ 5.2x calls it ``cache``
    cache.reorder_cache(torch.arange(b, device=first.device).repeat(len(rows)))  # the prompt's cache, once per row
    width = split["input_ids"].shape[1]
    kwargs = {
        "input_ids": split["input_ids"][:, : width - 1],
        "attention_mask": split["attention_mask"][:, :-1],
        "position_ids": split["position_ids"][:, : width - 1],
        cache_argument(type(unwrap_model(model))): cache,
        "use_cache": True,
    }
    logits = first.repeat(len(rows), 1, 1)
    if width > 1:  # completion token j predicts token j + 1: [R·b, C-1, V]
        logits = torch.cat([logits, model(**kwargs).logits], dim=1)
    out_rows: dict[str, torch.Tensor] = {}
    for i, r in enumerate(rows):
        out_rows[f"{r}_logits"] = logits[i * b : (i + 1) * b]
        out_rows[f"{r}_targets"] = split["labels"][i * b : (i + 1) * b]
    return out_rows


def attacked_rows(batch: dict[str, torch.Tensor], mask: torch.Tensor) -> torch.Tensor:
    """``mask`` (``[k·batch, pos]``) with the rows the adversary spares zeroed: those with ``attack_rows`` 0, which
    the trainer sets under ``attack.spare_helpful``. Unchanged when the batch has no ``attack_rows``."""
    if "attack_rows" not in batch:
        return mask
    keep = batch["attack_rows"].to(mask.dtype).repeat(mask.shape[0] // batch["attack_rows"].shape[0])
    return mask * keep[:, None]


def pair_position_mask(batch: dict[str, torch.Tensor], positions: str, rows: tuple[str, ...] = ROWS) -> torch.Tensor:
    """Where δ acts on the stacked ``rows``: ``prompt`` tokens, ``completion`` tokens, or ``all`` (never padding),
    on the rows the adversary attacks (:func:`attacked_rows`)."""
    if positions not in ("prompt", "completion", "all"):
        raise LatError(f"unknown positions '{positions}' (prompt | completion | all)")
    masks = []
    for r in rows:
        if positions == "prompt":
            masks.append(batch["prompt_mask"])
        elif positions == "completion":
            masks.append((batch[f"{r}_labels"] != IGNORE).long())
        else:
            masks.append(batch[f"{r}_attention_mask"].long())
    return attacked_rows(batch, torch.cat(masks))
