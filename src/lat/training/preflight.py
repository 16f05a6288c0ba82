"""Checks that run before any work: a mistake in a recipe fails in seconds, not after minutes of loading weights or
generating targets.

- the output directory: a finished or interrupted run there is never trained over silently;
- the model, from its ``config.json`` only (a weightless skeleton on the ``meta`` device): the attacked layers, the
  LoRA target modules and trained layers, ``data.max_length`` against the context length;
- local and hub data: the columns each source needs;
- the distributed backend: one that shards parameters (FSDP, DeepSpeed ZeRO-3) is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from lat.config import Recipe
from lat.errors import LatError


def check_output_dir(output_dir: Path, train_cfg: Any) -> str | None:
    """Describe the run already in ``output_dir`` (None if there is none); refuse to train over it unless
    ``train.resume`` or ``train.overwrite`` says what to do with it.

    Raises:
        LatError: naming both ways forward.
    """
    from lat.training.checkpoint import latest_checkpoint

    out = Path(output_dir)
    if (out / "adapter" / "adapter_config.json").is_file() or (out / "model" / "config.json").is_file():
        existing = "a finished run"
    elif (last := latest_checkpoint(out)) is not None:
        existing = f"an interrupted run (last checkpoint {last.name})"
    else:
        return None
    if train_cfg.resume or train_cfg.overwrite:
        return existing
    raise LatError(
        f"{out} holds {existing}: continue it with train.resume=auto (with a larger train.steps to train further), "
        f"replace it with train.overwrite=true, or write elsewhere with train.output_dir=DIR"
    )


def lora_targets(model: torch.nn.Module, cfg: Any) -> Any:
    """The ``target_modules`` to give PEFT: the recipe's names that exist in ``model`` (or ``"all-linear"``).

    Raises:
        LatError: if none of them names a linear layer of the model (the message lists the ones it has).
    """
    targets = list(cfg.target_modules)
    if targets == ["all-linear"]:
        return "all-linear"
    names = {
        n.rsplit(".", 1)[-1]
        for n, m in model.named_modules()
        if isinstance(m, torch.nn.Linear) or type(m).__name__ == "Conv1D"  # GPT-2 uses Conv1D
    }
    found = [t for t in targets if t in names]
    if not found:
        raise LatError(
            f"lora.target_modules {targets} match no linear layer of {type(model).__name__}; "
            f"its linear layers are: {', '.join(sorted(names))} (or use [all-linear])"
        )
    return found


def model_skeleton(recipe: Recipe) -> torch.nn.Module | None:
    """The recipe's model built from its config on the ``meta`` device: module names and shapes, no weights, no
    memory (seconds even for 8B). None where the architecture cannot be built that way (checked later instead)."""
    from transformers import AutoModelForCausalLM

    from lat.models.loading import load_config

    config = load_config(recipe.model.name, recipe.model.trust_remote_code)
    try:
        with torch.device("meta"):
            return AutoModelForCausalLM.from_config(config, trust_remote_code=recipe.model.trust_remote_code)
    except Exception:  # an exotic architecture: the same checks run on the loaded model
        return None


def check_model(recipe: Recipe, model: torch.nn.Module) -> None:
    """Layers, LoRA targets and context length of ``recipe`` against ``model`` (a skeleton or the real one)."""
    from lat.hooks.layers import get_decoder_layers, resolve_hook_points

    if recipe.attack.enabled:
        resolve_hook_points(model, recipe.attack.layers)
    n_layers = len(get_decoder_layers(model))
    for i in recipe.lora.train_layers or []:
        if not 0 <= i < n_layers:
            raise LatError(f"lora.train_layers: layer {i} is out of range (the model has {n_layers} layers)")
    if recipe.lora.enabled:
        lora_targets(model, recipe.lora)
    config = getattr(model, "config", None)
    if config is not None and hasattr(config, "get_text_config"):
        config = config.get_text_config()
    limit = next((getattr(config, a) for a in ("max_position_embeddings", "n_positions") if getattr(config, a, 0)), 0)
    if limit and recipe.data.max_length > limit:
        raise LatError(
            f"data.max_length={recipe.data.max_length} is longer than the model's context ({limit} positions): "
            f"set data.max_length={limit} or less"
        )


def check_data(recipe: Recipe) -> None:
    """Dataset names must be registered (did-you-mean); local files and hub datasets are read and their columns
    checked (registered datasets are known to be right)."""
    from lat.data.sources import load_hf, load_retain, map_columns, read_table, registered_source

    d = recipe.data
    spec = d.adversarial
    registered_source(spec, "pairs")
    if d.retain:
        registered_source(d.retain, "retain")
    if spec.startswith("hf:") or Path(spec).suffix:
        rows = load_hf(spec, d.split) if spec.startswith("hf:") else read_table(spec)
        map_columns(rows, d.columns, ("prompt",), spec)
    if d.retain and (d.retain.startswith("hf:") or Path(d.retain).suffix):
        load_retain(d.retain, d.split, {}, d.retain_limit)


def preflight(recipe: Recipe, model: torch.nn.Module | None = None, check_data_sources: bool = True) -> None:
    """Every check that needs no weights, in the order a user would fix them. Raises :class:`LatError`."""
    skeleton = model if model is not None else model_skeleton(recipe)
    if skeleton is not None:
        check_model(recipe, skeleton)
    if check_data_sources:
        check_data(recipe)


def refuse_sharded_parameters(accelerator: Any = None) -> None:
    """Refuse backends that shard parameters (FSDP, FSDP2, DeepSpeed ZeRO-3).

    The attack runs PGD on the unwrapped module so that the defender's wrapper (DDP) never sees its backward
    passes; under parameter sharding that module holds only this process's shards, so the attack would be computed
    on the wrong model (or fail), silently. DDP keeps a full copy per device and is exact (a test checks 2
    processes against 1). LoRA on an 8B model fits one 80 GB GPU per process.
    """
    import os

    from accelerate.utils import DistributedType

    def flag(name: str) -> bool:
        return os.environ.get(name, "").lower() in ("1", "true", "yes")

    # `accelerate launch --use_fsdp / --use_deepspeed` announce themselves in the environment: refuse before the
    # Accelerator is built (on CPUs Accelerate's own FSDP check would fail first, with a message about devices).
    if accelerator is None:
        fsdp = flag("ACCELERATE_USE_FSDP")
        zero3 = flag("ACCELERATE_USE_DEEPSPEED") and os.environ.get("ACCELERATE_DEEPSPEED_ZERO_STAGE") == "3"
    else:
        kind = accelerator.distributed_type
        stage = getattr(getattr(accelerator.state, "deepspeed_plugin", None), "zero_stage", 0)
        fsdp = kind == DistributedType.FSDP
        zero3 = kind == DistributedType.DEEPSPEED and stage == 3
    if fsdp or zero3:
        name = "FSDP" if fsdp else "DeepSpeed ZeRO-3"
        raise LatError(
            f"{name} shards the model's parameters, and lat's latent attack needs the whole model on every process: "
            "under sharding it would attack the wrong model. Use DDP instead (accelerate launch --multi_gpu "
            "--num_processes N, with no FSDP or ZeRO-3 in the accelerate config): it keeps a full copy per process"
        )
