"""Tiny random models built in-process from configs (no hub), one per architecture family, and a tiny tokenizer."""

from __future__ import annotations

import os

import pytest
import torch

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
torch.set_num_threads(1)  # tiny models: thread hand-offs cost more than they save (15-30x under load)

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
