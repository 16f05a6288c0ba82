"""Forward passes shared by every objective: logits only where a loss needs them, stacked pairs, the reference.

Two things make the attack's 16 inner steps cheap: (1) safe and harmful completions go through the model as one
stacked batch, and (2) the LM head runs only over the span of positions that predict a supervised token
(``logits_to_keep`` with an index tensor), not over the whole prompt — the vocabulary projection is the largest
matrix in a small model and prompts are most of the sequence.
"""

from __future__ import annotations

import functools
import inspect

import torch
from torch import nn

from lat.errors import LatError
from lat.hooks.layers import unwrap_model
from lat.objectives.losses import IGNORE


@functools.lru_cache(maxsize=64)
def accepts_logits_to_keep(cls: type) -> bool:
    """Whether a model class can run its LM head on selected positions only (transformers' ``logits_to_keep``)."""
    return "logits_to_keep" in inspect.signature(cls.forward).parameters


def completion_logits(
    model: nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor, labels: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Run the model and return aligned ``(logits [rows, k, vocab], targets [rows, k])``.

    ``logits[:, j]`` predicts ``targets[:, j]``; k spans the positions from the first to the last supervised token
    over the batch (``labels`` = -100 elsewhere), so rows with short prompts and rows with long ones both fit.
    """
    supervised = labels[:, 1:] != IGNORE  # [rows, pos-1]: position t predicts token t+1
    cols = supervised.any(dim=0).nonzero().squeeze(-1)
    if cols.numel() == 0:
        cols = torch.tensor([labels.shape[1] - 2], device=labels.device)
    keep = torch.arange(int(cols.min()), int(cols.max()) + 1, device=input_ids.device)
    kwargs = {"input_ids": input_ids, "attention_mask": attention_mask, "use_cache": False}
    if accepts_logits_to_keep(type(unwrap_model(model))):
        logits = model(**kwargs, logits_to_keep=keep).logits  # [rows, k, vocab]
    else:
        logits = model(**kwargs).logits[:, keep]
    return logits, labels[:, keep + 1]


# The two completions of a pair batch; an objective's ``rows`` names the ones its loss reads, and only those run.
ROWS = ("chosen", "rejected")


def stack_pair(batch: dict[str, torch.Tensor], rows: tuple[str, ...] = ROWS) -> dict[str, torch.Tensor]:
    """Stack the sequences of ``rows`` (safe = chosen, harmful = rejected) into one ``[len(rows)·batch, pos]`` batch."""
    return {key: torch.cat([batch[f"{r}_{key}"] for r in rows]) for key in ("input_ids", "attention_mask", "labels")}


def pair_logits(
    model: nn.Module, batch: dict[str, torch.Tensor], rows: tuple[str, ...] = ROWS
) -> dict[str, torch.Tensor]:
    """One stacked forward of the ``rows`` of a pair batch: ``{row}_logits`` / ``{row}_targets``, each
    ``[batch, k, …]``. A loss that reads one completion only (``defense.away=0``) skips the other's forward and
    backward: half the tokens."""
    logits, targets = completion_logits(model, **stack_pair(batch, rows))
    b = batch["chosen_input_ids"].shape[0]
    out = {}
    for i, r in enumerate(rows):
        out[f"{r}_logits"] = logits[i * b : (i + 1) * b]
        out[f"{r}_targets"] = targets[i * b : (i + 1) * b]
    return out


def pair_position_mask(batch: dict[str, torch.Tensor], positions: str, rows: tuple[str, ...] = ROWS) -> torch.Tensor:
    """Where δ acts on the stacked ``rows``: ``prompt`` tokens, ``completion`` tokens, or ``all`` (never padding)."""
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
    return torch.cat(masks)
