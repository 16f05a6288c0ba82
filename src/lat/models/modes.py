"""Ways to run a model without changing it: frozen (the attack's inner loop, evaluation) and the reference.

Both are context managers that restore the model's state on exit, also when the body raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch import nn

from lat.errors import LatError


@contextmanager
def frozen(model: nn.Module) -> Iterator[None]:
    """Freeze every parameter and switch to eval mode (no dropout); restore both afterwards, also on errors."""
    flags = [(p, p.requires_grad) for p in model.parameters()]
    was_training = model.training
    try:
        for p, _ in flags:
            p.requires_grad_(False)
        model.eval()
        yield
    finally:
        for p, flag in flags:
            p.requires_grad_(flag)
        model.train(was_training)


@contextmanager
def reference_mode(model: nn.Module) -> Iterator[None]:
    """The reference model for KL and DPO: the same weights with the LoRA adapter disabled (no second copy).

    Raises:
        LatError: for a model with no adapter (full fine-tuning has no free reference).
    """
    peft_model = model.module if hasattr(model, "module") and hasattr(model.module, "disable_adapter") else model
    if not hasattr(peft_model, "disable_adapter"):
        raise LatError(
            "KL and DPO use the model with its LoRA adapter disabled as reference: enable LoRA (lora.enabled=true)"
        )
    with peft_model.disable_adapter(), torch.no_grad():
        yield
