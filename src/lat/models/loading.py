"""One call loads any model — a registered embedded model, a hub id, or a local directory — with the same options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lat.errors import LatError
from lat.models.registry import HUB_MODELS, MODELS


def resolve_model_path(name: str, prepare: bool = True) -> str:
    """Registered name → prepared cache dir; short hub alias → hub id; directory or hub id → itself."""
    if name in MODELS:
        spec = MODELS.get(name)
        return str(spec.prepare() if prepare else spec.cache_dir())
    if name in HUB_MODELS:
        return HUB_MODELS[name]
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    if "/" not in name:
        from lat.registry import did_you_mean

        raise LatError(
            f"unknown model '{name}'{did_you_mean(name, MODELS.names() + list(HUB_MODELS))}; use a registered name "
            f"({', '.join(MODELS.names())}), a hub id like meta-llama/Meta-Llama-3-8B-Instruct, or a local directory"
        )
    return name


def _hub_error(name: str, err: Exception) -> LatError:
    return LatError(
        f"cannot load '{name}' from the Hugging Face hub ({type(err).__name__}); offline? "
        f"The offline models are: {', '.join(MODELS.names())}"
    )


def load_tokenizer(name: str, trust_remote_code: bool = False) -> Any:
    from transformers import AutoTokenizer

    from lat.data.tokenize import ensure_chat_template

    path = resolve_model_path(name)
    try:
        tokenizer = AutoTokenizer.from_pretrained(path, trust_remote_code=trust_remote_code)
    except OSError as err:
        raise _hub_error(name, err) from None
    ensure_chat_template(tokenizer)
    return tokenizer


def pick_dtype(dtype: str, device: Any = None):
    import torch

    if dtype == "auto":
        on_cuda = (device is not None and str(device).startswith("cuda")) or (
            device is None and torch.cuda.is_available()
        )
        return torch.bfloat16 if on_cuda and torch.cuda.is_bf16_supported() else torch.float32
    return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[dtype]


def load_model(
    name: str,
    dtype: str = "auto",
    device: Any = None,
    trust_remote_code: bool = False,
    load_in_4bit: bool = False,
    attn_implementation: str | None = None,
    adapter: str | None = None,
) -> tuple[Any, Any]:
    """Load ``(model, tokenizer)``.

    Args:
        name: registered name (``lat models list``), hub id, or local directory.
        dtype: ``auto`` (bfloat16 on CUDA, float32 on CPU) | float32 | bfloat16 | float16.
        device: where to put the model (None: leave on CPU; the trainer's Accelerator moves it).
        trust_remote_code: run code from the model repository (off unless asked).
        load_in_4bit: bitsandbytes 4-bit weights (needs ``bitsandbytes`` and CUDA).
        adapter: a PEFT adapter directory (what ``lat train`` writes) to load on top of the model.
    """
    import torch
    import transformers
    from transformers import AutoModelForCausalLM

    transformers.utils.logging.disable_progress_bar()  # the per-tensor "Loading weights" bar is noise here
    tokenizer = load_tokenizer(name, trust_remote_code)
    kwargs: dict[str, Any] = {"dtype": pick_dtype(dtype, device), "trust_remote_code": trust_remote_code}
    if attn_implementation:
        kwargs["attn_implementation"] = attn_implementation
    if load_in_4bit:
        try:
            import bitsandbytes  # noqa: F401
            from transformers import BitsAndBytesConfig
        except ImportError:
            raise LatError("model.load_in_4bit needs bitsandbytes (pip install bitsandbytes) and a CUDA GPU") from None
        kwargs["quantization_config"] = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=torch.bfloat16)
        kwargs["device_map"] = {"": device or 0}
    try:
        model = AutoModelForCausalLM.from_pretrained(resolve_model_path(name), **kwargs)
    except OSError as err:
        raise _hub_error(name, err) from None
    if adapter:
        from peft import PeftModel

        if not (Path(adapter) / "adapter_config.json").is_file():
            raise LatError(f"{adapter} is not a PEFT adapter directory (no adapter_config.json)")
        model = PeftModel.from_pretrained(model, adapter)
    if device is not None and not load_in_4bit:
        model.to(device)
    if getattr(model.config, "pad_token_id", 0) is None and tokenizer.pad_token_id is not None:
        model.config.pad_token_id = tokenizer.pad_token_id
    return model, tokenizer
