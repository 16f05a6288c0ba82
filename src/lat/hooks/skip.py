"""Skip the decoder blocks that δ cannot change: during PGD, everything up to and including the lowest attacked
block computes the same thing at every step (δ enters at that block's *output*), so it is computed once.

:func:`record_block_output` keeps that block's clean output from the first forward; :func:`skip_blocks_below`
then replaces the forward of blocks ``0 … first`` — blocks below return their input unchanged, the attacked block
returns the recorded output — so the hooks on the attacked block still fire and add δ, and nothing above changes.
Only for blocks that return a plain tensor (transformers 5.x decoder layers); anything else runs in full.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch
from torch import nn


@contextmanager
def record_block_output(block: nn.Module, store: dict[str, Any]) -> Iterator[None]:
    """Record ``block``'s raw output (before any δ hook registered later) into ``store["output"]``."""

    def hook(_module: nn.Module, _inputs: Any, output: Any) -> None:
        store["output"] = output.detach() if isinstance(output, torch.Tensor) else None

    handle = block.register_forward_hook(hook)
    try:
        yield
    finally:
        handle.remove()


def _passthrough(*args: Any, **kwargs: Any) -> torch.Tensor:
    return args[0] if args else kwargs["hidden_states"]


@contextmanager
def skip_blocks_below(blocks: list[nn.Module], first: int, output: torch.Tensor) -> Iterator[None]:
    """Blocks ``0 … first − 1`` return their input, block ``first`` returns ``output``: restored on exit."""
    patched = []
    try:
        for i, block in enumerate(blocks[: first + 1]):
            patched.append(block)
            block.forward = _passthrough if i < first else (lambda *a, **k: output)  # type: ignore[method-assign]
        yield
    finally:
        for block in patched:
            del block.forward  # the instance attribute goes; the class's forward is back
