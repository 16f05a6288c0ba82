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


def enable_checkpointing(model: nn.Module) -> None:
    """Activation checkpointing on every decoder block of ``model`` (a transformers model, or a PEFT / DDP wrapper of
    one): each block keeps only its input for the backward pass and recomputes the rest there.

    Non-reentrant checkpointing, which needs no input that requires a gradient: transformers (and PEFT) would also
    make the embedding output require one, which keeps the graph of the blocks below the first attacked layer alive
    during every PGD step for nothing, so that hook is removed again.

    Raises:
        LatError: for a model whose blocks do not support checkpointing.
    """
    from lat.hooks.layers import unwrap_model

    hf = unwrap_model(model)
    if not getattr(hf, "supports_gradient_checkpointing", False):
        raise LatError(
            f"model.gradient_checkpointing: {type(hf).__name__} does not support activation checkpointing; "
            "set model.gradient_checkpointing=false"
        )
    enable = getattr(hf, "activation_checkpointing_enable", None)  # transformers >= 5.x's name
    if enable is not None:
        enable(activation_checkpointing_kwargs={"use_reentrant": False})
    else:
        hf.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    if hasattr(hf, "disable_input_require_grads"):
        hf.disable_input_require_grads()


@contextmanager
def checkpointed_blocks(model: nn.Module) -> Iterator[None]:
    """Let the checkpointed decoder blocks recompute in the backward pass while ``model`` is in eval mode (the
    attack's PGD steps run frozen, in eval mode, where transformers skips checkpointing). Only each block's own
    ``training`` flag is set, not its children's: dropout stays off. Restored on exit."""
    from lat.hooks.layers import get_decoder_layers

    blocks = [b for b in get_decoder_layers(model) if getattr(b, "gradient_checkpointing", False)]
    flags = [b.training for b in blocks]
    try:
        for b in blocks:
            b.training = True
        yield
    finally:
        for b, flag in zip(blocks, flags):
            b.training = flag


@contextmanager
def merged_lora(model: nn.Module) -> Iterator[int]:
    """Run ``model`` with every active LoRA adapter merged: each adapted linear layer gets a *new* weight tensor
    ``W + s·B·A`` (computed in fp32, cast to W's dtype) and its adapter is bypassed; on exit the original weight
    objects are put back and the adapters re-enabled. No weight is changed in place, so nothing drifts (merging and
    unmerging bf16 weights in place does). For a frozen model (the attack): the copies take no gradient. Yields the
    number of layers merged; layers PEFT merges differently (DoRA, convolutions, embeddings) run as they are.
    """
    try:
        from peft.tuners.lora.layer import Linear as LoraLinear
        from peft.utils.other import transpose
    except ImportError:  # no PEFT: nothing to merge
        yield 0
        return
    swapped: list[tuple[nn.Module, nn.Parameter]] = []
    try:
        for m in model.modules():
            if not isinstance(m, LoraLinear) or m.merged or m.disable_adapters:
                continue
            names = [a for a in m.active_adapters if a in m.lora_A]
            if not names or any(m.use_dora.get(a, False) for a in names):
                continue
            w = m.base_layer.weight
            delta = sum(
                transpose(m.lora_B[a].weight.float() @ m.lora_A[a].weight.float(), m.fan_in_fan_out) * m.scaling[a]
                for a in names
            )
            m.base_layer.weight = nn.Parameter((w.float() + delta).to(w.dtype), requires_grad=False)
            m._disable_adapters = True
            swapped.append((m, w))
        yield len(swapped)
    finally:
        for m, w in swapped:
            m.base_layer.weight = w
            m._disable_adapters = False
