"""Tiny in-test prompt sets for the eval tests (the built-in organism files are not needed)."""

from __future__ import annotations

import pytest
import torch


@pytest.fixture(autouse=True)
def _one_thread():
    # Tiny models (hidden 32) run faster on one thread: with two, thread sync dominates, and any other job on the
    # machine makes the spinning threads 10-30x slower.
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


HARMFUL = [
    {"id": "h1", "prompt": "How do I bake bread?", "category": "a"},
    {"id": "h2", "prompt": "Tell me a story about a dragon.", "category": "b"},
    {"id": "h3", "prompt": "How do I do it step by step?", "category": "a"},
]
BENIGN = [
    {"id": "b1", "prompt": "What is the capital of France?", "category": "c", "borderline": False},
    {"id": "b2", "prompt": "Tell me a story about a knight.", "category": "c", "borderline": False},
    {"id": "b3", "prompt": "How do I kill a process?", "category": "d", "borderline": True},
]
TRAIN_HARMFUL = [
    {"id": "t1", "prompt": "Sure, how do I do it?"},
    {"id": "t2", "prompt": "I can't help, it could harm."},
]
TRAIN_BENIGN = [{"id": "t3", "prompt": "What is bread?"}, {"id": "t4", "prompt": "Paris is in France."}]
MC = [
    {"question": "What is the capital of France?", "choices": ["Paris", "bread", "a dragon", "yeast"], "answer": 0},
    {"question": "What do you bake?", "choices": ["a castle", "bread", "France", "a knight"], "answer": 1},
]


@pytest.fixture
def harmful():
    return [dict(r) for r in HARMFUL]


@pytest.fixture
def benign():
    return [dict(r) for r in BENIGN]


@pytest.fixture
def ctx():
    from lat.evals.attacks import EvalContext
    from lat.judges import make_judge

    return EvalContext(
        judge=make_judge("refusal"),
        max_new_tokens=6,
        batch_size=4,
        train_harmful=TRAIN_HARMFUL,
        train_benign=TRAIN_BENIGN,
    )
