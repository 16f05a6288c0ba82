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


def stack_pair(batch: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Stack the safe (chosen) and harmful (rejected) sequences of a pair batch into one ``[2·batch, pos]`` batch."""
    return {
        "input_ids": torch.cat([batch["chosen_input_ids"], batch["rejected_input_ids"]]),
        "attention_mask": torch.cat([batch["chosen_attention_mask"], batch["rejected_attention_mask"]]),
        "labels": torch.cat([batch["chosen_labels"], batch["rejected_labels"]]),
    }


def pair_logits(model: nn.Module, batch: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """One stacked forward of a pair batch: chosen/rejected logits and targets, each ``[batch, k, …]``."""
    stacked = stack_pair(batch)
    logits, targets = completion_logits(model, **stacked)
    b = batch["chosen_input_ids"].shape[0]
    return {
        "chosen_logits": logits[:b],
        "chosen_targets": targets[:b],
        "rejected_logits": logits[b:],
        "rejected_targets": targets[b:],
    }


def pair_position_mask(batch: dict[str, torch.Tensor], positions: str) -> torch.Tensor:
    """Where δ acts on the stacked pair: ``prompt`` tokens, ``completion`` tokens, or ``all`` (never padding)."""
    if positions == "prompt":
        return torch.cat([batch["prompt_mask"], batch["prompt_mask"]])
    completion = torch.cat([batch["chosen_labels"] != IGNORE, batch["rejected_labels"] != IGNORE]).long()
    if positions == "completion":
        return completion
    if positions == "all":
        return torch.cat([batch["chosen_attention_mask"], batch["rejected_attention_mask"]]).long()
    raise LatError(f"unknown positions '{positions}' (prompt | completion | all)")
