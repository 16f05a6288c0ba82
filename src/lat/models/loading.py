"""One call loads any model — a registered embedded model, a hub id, or a local directory — with the same options."""

from __future__ import annotations

import functools
import json
import os
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

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
        path = Path(name).expanduser()
        if not (path / "config.json").is_file():
            raise LatError(_not_a_model_dir(path))
        return str(path)
    if "/" not in name:
        from lat.registry import did_you_mean

        raise LatError(
            f"unknown model '{name}'{did_you_mean(name, MODELS.names() + list(HUB_MODELS))}; use a registered name "
            f"({', '.join(MODELS.names())}), a hub id like meta-llama/Meta-Llama-3-8B-Instruct, or a local directory"
        )
    return name


def _not_a_model_dir(path: Path) -> str:
    adapter = path / "adapter_config.json"
    if adapter.is_file():
        base = json.loads(adapter.read_text()).get("base_model_name_or_path", "its base model")
        return (
            f"{path} is a PEFT adapter, not a model (no config.json): load the base model ({base}) with the "
            f"adapter on top, e.g. lat eval --model {base} --adapter {path}"
        )
    return (
        f"{path} has no config.json, so it is not a Hugging Face model directory: point at the folder that holds "
        "config.json and the *.safetensors weights (lat train writes one with train.merge=true, in DIR/merged)"
    )


def _hub_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co")


@functools.lru_cache(maxsize=1)
def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the Hugging Face hub answers a TCP connection (asked once per process; ``HF_HUB_OFFLINE=1`` = no).

    Without this, an uncached hub id on a machine without network spends ~40 s in the hub client's retries before
    failing; with it, lat loads from the local cache only and fails at once if the files are not there.
    """
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        return False
    proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy")
    url = urlparse(proxy or _hub_endpoint())
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        socket.create_connection((url.hostname or "", port), timeout=timeout).close()
        return True
    except OSError:
        return False


def _is_hub_id(name: str, path: str) -> bool:
    return name not in MODELS and not Path(path).expanduser().is_dir()


def _hub_kwargs(name: str, path: str) -> dict[str, Any]:
    """``local_files_only=True`` for a hub id when the hub cannot be reached: the cache answers, or we fail fast."""
    return {"local_files_only": True} if _is_hub_id(name, path) and not hub_reachable() else {}


def _hub_error(name: str, err: Exception) -> LatError:
    if not hub_reachable():
        return LatError(
            f"'{name}' is not in the local Hugging Face cache and the hub ({_hub_endpoint()}) cannot be reached "
            f"(no network, or HF_HUB_OFFLINE=1): download it where there is network (huggingface-cli download "
            f"{name}) and copy the cache, point model.name at a local directory, or use an offline model: "
            f"{', '.join(MODELS.names())}"
        )
    return LatError(
        f"cannot load '{name}' from the Hugging Face hub ({type(err).__name__}: {str(err).splitlines()[0][:200]}); "
        f"check the id (and `huggingface-cli login` for gated models). The offline models are: "
        f"{', '.join(MODELS.names())}"
    )


def load_config(name: str, trust_remote_code: bool = False) -> Any:
    """The model's ``config.json`` only (no weights): what :mod:`lat.training.preflight` checks a recipe against."""
    from transformers import AutoConfig

    path = resolve_model_path(name)
    try:
        return AutoConfig.from_pretrained(path, trust_remote_code=trust_remote_code, **_hub_kwargs(name, path))
    except (OSError, ValueError) as err:
        raise _hub_error(name, err) if _is_hub_id(name, path) else LatError(f"{path}: {err}") from None


def load_tokenizer(name: str, trust_remote_code: bool = False) -> Any:
    from transformers import AutoTokenizer

    from lat.data.tokenize import ensure_chat_template

    path = resolve_model_path(name)
    try:
        tokenizer = AutoTokenizer.from_pretrained(path, trust_remote_code=trust_remote_code, **_hub_kwargs(name, path))
    except OSError as err:
        raise _hub_error(name, err) from None
    ensure_chat_template(tokenizer, name)
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
    path = resolve_model_path(name)
    try:
        model = AutoModelForCausalLM.from_pretrained(path, **kwargs, **_hub_kwargs(name, path))
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
