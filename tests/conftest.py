"""Tiny random models built in-process from configs (no hub), one per architecture family, and a tiny tokenizer."""

from __future__ import annotations

import json
import os

import pytest
import torch

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
torch.set_num_threads(1)  # tiny models: thread hand-offs cost more than they save (15-30x under load)
os.environ.setdefault("LAT_THREADS", "1")  # and the CLI, which picks its own thread count, keeps to one

from tiny import ARCHS, make_tiny_model, make_tokenizer, pair_records, retain_records  # noqa: E402


@pytest.fixture(autouse=True)
def _lat_home(tmp_path_factory, monkeypatch):
    # Caches go to a per-session temp dir, never into the user's real cache or the repo.
    if "LAT_TEST_KEEP_HOME" not in os.environ:
        monkeypatch.setenv("LAT_HOME", str(tmp_path_factory.getbasetemp() / "lat_home"))


@pytest.fixture(scope="session")
def tokenizer():
    return make_tokenizer()


@pytest.fixture(params=ARCHS)
def arch(request):
    return request.param


@pytest.fixture
def tiny_model(arch, tokenizer):
    return make_tiny_model(arch, vocab_size=len(tokenizer))


@pytest.fixture
def llama(tokenizer):
    return make_tiny_model("llama", vocab_size=len(tokenizer))


@pytest.fixture
def pairs():
    return pair_records()


@pytest.fixture
def retain():
    return retain_records()


@pytest.fixture
def tiny_dir(tmp_path, tokenizer):
    """A tiny Llama saved to disk with its tokenizer: what ``model.name`` / ``--model`` accept as a local model."""
    path = tmp_path / "tiny-llama"
    make_tiny_model("llama", vocab_size=len(tokenizer)).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture
def pairs_file(tmp_path):
    """Four pair records in a JSONL file (``data.adversarial`` / ``--data``)."""
    path = tmp_path / "pairs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in pair_records(4)))
    return path
