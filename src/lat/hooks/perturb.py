"""Forward hooks that edit (or read) the residual stream, held in context managers that always remove them.

Hooks are global state on the model: every hook lat registers lives inside a ``with`` block whose ``finally``
removes it, so an exception inside an attack or a training step never leaves a perturbation behind.
transformers 5.x decoder blocks return a plain tensor, older ones a tuple ``(hidden, ...)``: both are handled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import torch
from torch import nn

from lat.hooks.layers import HookPoint

EditFn = Callable[[torch.Tensor], torch.Tensor]


def _split_output(output: Any) -> tuple[torch.Tensor, Callable[[torch.Tensor], Any]]:
    """Return the hidden-state tensor in a module output and a function that rebuilds the output around a new one."""
    if isinstance(output, torch.Tensor):
        return output, lambda h: h
    if isinstance(output, tuple) and output and isinstance(output[0], torch.Tensor):
        return output[0], lambda h: (h, *output[1:])
    if hasattr(output, "last_hidden_state"):  # a ModelOutput-like object

        def rebuild(h: torch.Tensor) -> Any:
            output.last_hidden_state = h
            return output

        return output.last_hidden_state, rebuild
    raise TypeError(f"cannot find the hidden states in a module output of type {type(output).__name__}")


@contextmanager
def edit_outputs(points: list[HookPoint], edits: Mapping[str, EditFn]) -> Iterator[None]:
    """Replace the output hidden states ``h`` of each hook point by ``edits[name](h)`` inside the block.

    Raises:
        KeyError: if an edit names a hook point that is not in ``points`` (never a silent no-op).
    """
    by_name = {p.name: p for p in points}
    missing = [name for name in edits if name not in by_name]
    if missing:
        raise KeyError(f"edits for unresolved hook points {missing}; resolved: {sorted(by_name)}")
    handles: list[torch.utils.hooks.RemovableHandle] = []
    try:
        for name, fn in edits.items():

            def hook(_module: nn.Module, _inputs: Any, output: Any, fn: EditFn = fn) -> Any:
                hidden, rebuild = _split_output(output)
                return rebuild(fn(hidden))

            handles.append(by_name[name].module.register_forward_hook(hook))
        yield
    finally:
        for handle in handles:
            handle.remove()


@contextmanager
def add_perturbations(
    points: list[HookPoint],
    adversaries: Mapping[str, nn.Module],
    position_mask: torch.Tensor,
) -> Iterator[None]:
    """Add each adversary's δ to the residual stream at its hook point, only where ``position_mask`` is 1.

    Args:
        points: resolved hook points (``resolve_hook_points``).
        adversaries: hook-point name → adversary; ``adversary(h, mask)`` returns the perturbed ``h``.
        position_mask: ``[rows, pos]`` 1 where δ may act (prompt and/or completion tokens; never padding). Rows may
            be a multiple of the adversary's batch (e.g. safe and harmful completions stacked), in which case δ is tiled.

    Forward passes over fewer positions than the mask (incremental decoding with a KV cache) are left untouched:
    the perturbation acts on the positions it was trained on, i.e. the prompt the cache was built from.
    """
    mask = position_mask

    def make_edit(adversary: nn.Module) -> EditFn:
        def edit(hidden: torch.Tensor) -> torch.Tensor:  # [rows, pos, d_model]
            pos = hidden.shape[1]
            if pos < mask.shape[1]:
                return hidden  # a decode step over the cache: nothing of the attacked positions is recomputed
            m = mask
            if pos > m.shape[1]:  # positions past the attacked span (e.g. generated tokens) get no δ
                m = torch.nn.functional.pad(m, (0, pos - m.shape[1]))
            return adversary(hidden, m)

        return edit

    with edit_outputs(points, {name: make_edit(adv) for name, adv in adversaries.items()}):
        yield


@contextmanager
def capture_activations(points: list[HookPoint], detach: bool = True) -> Iterator[dict[str, torch.Tensor]]:
    """Record the output hidden states of each hook point during the forward passes run inside the block."""
    store: dict[str, torch.Tensor] = {}

    def make_capture(name: str) -> EditFn:
        def capture(hidden: torch.Tensor) -> torch.Tensor:
            store[name] = hidden.detach() if detach else hidden
            return hidden

        return capture

    with edit_outputs(points, {p.name: make_capture(p.name) for p in points}):
        yield store
