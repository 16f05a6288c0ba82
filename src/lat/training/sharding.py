"""Which examples each process sees at each step — a pure function of (seed, step, rank), so that resume continues
exactly where it stopped and N processes see the same global batch as one process with N× accumulation."""

from __future__ import annotations

import functools
import random
from contextlib import nullcontext
from typing import Any


@functools.lru_cache(maxsize=4)
def epoch_order(n: int, seed: int, epoch: int) -> tuple[int, ...]:
    """A permutation of ``range(n)`` for one epoch (independent of global RNG state). Cached: a step reads one or
    two epochs' orders, and reshuffling 165k indices for every index cost ~1 s a step at the paper's data sizes."""
    order = list(range(n))
    random.Random(f"{seed}-{epoch}").shuffle(order)
    return tuple(order)


def global_indices(n: int, seed: int, step: int, global_batch: int) -> list[int]:
    """The ``global_batch`` dataset indices of training step ``step`` (epochs wrap, each with its own shuffle)."""
    out = []
    for k in range(step * global_batch, (step + 1) * global_batch):
        epoch, pos = divmod(k, n)
        out.append(epoch_order(n, seed, epoch)[pos])
    return out


def micro_batches(
    n: int, seed: int, step: int, micro_batch_size: int, grad_accum: int, rank: int, world_size: int
) -> list[list[int]]:
    """The micro-batches (lists of dataset indices) that process ``rank`` trains on at ``step``.

    The global batch is cut into ``grad_accum × world_size`` micro-batches; process r takes micro-batches
    r, r + W, r + 2W, … Every micro-batch is the same set of examples whatever W is, so with per-micro-batch attacks
    and mean-reduced gradients, 2 processes × 1 micro-batch compute what 1 process × 2 micro-batches computes.
    """
    g = global_indices(n, seed, step, micro_batch_size * grad_accum * world_size)
    chunks = [g[i : i + micro_batch_size] for i in range(0, len(g), micro_batch_size)]
    return chunks[rank::world_size]


def maybe_no_sync(accelerator: Any, model: Any, last: bool):
    """Skip the gradient all-reduce on all but the last micro-batch (DDP) — a no-op on one process."""
    if accelerator is None or last:
        return nullcontext()
    return accelerator.no_sync(model)
