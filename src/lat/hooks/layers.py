"""Resolve hook points — the token embeddings and the residual stream after decoder block ℓ — on any HF decoder.

One canonical name per hook point (``"embedding"``, ``"layer.8"``) maps to the module whose *output* is perturbed.
Adding δ to a block's output is the same as adding it to the residual stream after that block (the authors add it
to the MLP output, which is summed into the residual stream inside the block).
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn

from lat.errors import LatError

EMBEDDING = "embedding"
_EMBEDDING_ALIASES = {"embedding", "embeddings", "emb", "embed"}

# Attribute paths of the decoder-layer list, tried in order, for each architecture family:
# Llama/Mistral/Qwen2/Qwen3/Gemma*/Phi-3/OLMo (model.layers), GPT-2/GPT-J/Bloom/Falcon (transformer.h),
# GPT-NeoX/Pythia (gpt_neox.layers), OPT (model.decoder.layers), multimodal wrappers (language_model...).
LAYER_PATHS: tuple[str, ...] = (
    "model.layers",
    "model.language_model.layers",
    "language_model.model.layers",
    "transformer.h",
    "gpt_neox.layers",
    "model.decoder.layers",
    "transformer.blocks",
    "layers",
)


@dataclass(frozen=True)
class HookPoint:
    """A place in the model where δ is added: its canonical name, the module, and its index (-1 = embeddings)."""

    name: str
    module: nn.Module
    index: int


def unwrap_model(model: nn.Module) -> nn.Module:
    """Strip wrappers (DDP/FSDP ``module``, PEFT ``base_model.model``) down to the HF ``*ForCausalLM``."""
    seen = 0
    while seen < 8:
        seen += 1
        if hasattr(model, "get_base_model") and callable(model.get_base_model):  # peft.PeftModel
            model = model.get_base_model()
        elif type(model).__name__ in {"DistributedDataParallel", "FullyShardedDataParallel"} or (
            hasattr(model, "module") and isinstance(model.module, nn.Module) and not hasattr(model, "config")
        ):
            model = model.module
        else:
            break
    return model


def _get_path(obj: object, path: str) -> object | None:
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def get_decoder_layers(model: nn.Module) -> nn.ModuleList:
    """Return the list of decoder blocks of any supported causal LM (through PEFT/DDP wrappers).

    Raises:
        LatError: if no known layer path resolves (the message lists the paths tried).
    """
    base = unwrap_model(model)
    for path in LAYER_PATHS:
        layers = _get_path(base, path)
        if isinstance(layers, nn.ModuleList) and len(layers) > 0:
            return layers
    raise LatError(
        f"cannot find the decoder layers of {type(base).__name__}: tried {', '.join(LAYER_PATHS)}. "
        "Add its attribute path to lat.hooks.layers.LAYER_PATHS."
    )


def get_embedding(model: nn.Module) -> nn.Module:
    base = unwrap_model(model)
    emb = base.get_input_embeddings() if hasattr(base, "get_input_embeddings") else None
    if emb is None:
        raise LatError(f"{type(base).__name__} has no input embeddings to hook")
    return emb


def hidden_size(model: nn.Module) -> int:
    """The residual-stream width, read from the model (never a constant)."""
    base = unwrap_model(model)
    config = getattr(base, "config", None)
    if config is not None and hasattr(config, "get_text_config"):
        config = config.get_text_config()
    for attr in ("hidden_size", "n_embd", "d_model"):
        if config is not None and getattr(config, attr, None):
            return int(getattr(config, attr))
    return int(get_embedding(model).weight.shape[-1])


def parse_layers(spec: str | int | list[str | int] | tuple[str | int, ...]) -> list[str | int]:
    """Parse ``"embedding,8,16"`` / ``[8, "emb"]`` / ``8`` into ``["embedding", 8, 16]`` (order kept, duplicates dropped)."""
    if isinstance(spec, (int, str)):
        items: list[str | int] = [p.strip() for p in str(spec).split(",") if p.strip()]
    else:
        items = list(spec)
    out: list[str | int] = []
    for item in items:
        text = str(item).strip().lower()
        if text in _EMBEDDING_ALIASES:
            value: str | int = EMBEDDING
        else:
            try:
                value = int(text)
            except ValueError:
                raise LatError(f"bad layer '{item}': use an integer block index or 'embedding'") from None
        if value not in out:
            out.append(value)
    if not out:
        raise LatError("no layers given: name at least one block index or 'embedding'")
    return out


def resolve_hook_points(model: nn.Module, layers: str | int | list[str | int]) -> list[HookPoint]:
    """Map a layer spec to hook points; negative indices count from the end, like Python lists.

    Raises:
        LatError: for an index outside the model's layers (the message gives the valid range).
    """
    blocks = get_decoder_layers(model)
    n = len(blocks)
    points: list[HookPoint] = []
    for layer in parse_layers(layers):
        if layer == EMBEDDING:
            points.append(HookPoint(EMBEDDING, get_embedding(model), -1))
            continue
        idx = int(layer)
        if not -n <= idx < n:
            raise LatError(
                f"layer index {idx} is out of range: {type(unwrap_model(model)).__name__} has {n} decoder layers "
                f"(valid: 0..{n - 1}, negatives from the end, or 'embedding')"
            )
        idx %= n
        points.append(HookPoint(f"layer.{idx}", blocks[idx], idx))
    return points
