from __future__ import annotations

import math

import pytest

from lat.evals.metrics import attack_success_rates, rate, wilson_interval


@pytest.mark.parametrize(
    "k, n, low, high",
    [
        # Hand-computed with z = 1.959964: center = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n)·√(p(1−p)/n + z²/4n²)
        (0, 10, 0.0, 0.277533),  # center = half = 0.192073/1.384146 = 0.138767
        (5, 10, 0.236593, 0.763407),  # center 0.5, half = 1.416010·√(0.025 + 0.009604) = 0.263407
        (8, 10, 0.490163, 0.943318),
        (10, 10, 0.722467, 1.0),
        (1, 1, 0.206549, 1.0),
    ],
)
def test_wilson_interval_matches_hand_computed(k, n, low, high):
    lo, hi = wilson_interval(k, n)
    assert lo == pytest.approx(low, abs=1e-5)
    assert hi == pytest.approx(high, abs=1e-5)


def test_wilson_edge_cases():
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson_interval(3, 2)
    r = rate([])
    assert math.isnan(r["rate"]) and r["n"] == 0


def test_attack_success_rates_groups_by_label_in_order():
    rows = [{"attack": "b", "complied": True}, {"attack": "a", "complied": False}, {"attack": "b", "complied": False}]
    out = attack_success_rates(rows)
    assert list(out) == ["b", "a"]
    assert out["b"]["asr"] == 0.5 and out["b"]["n"] == 2 and out["b"]["k"] == 1
    assert out["a"]["asr"] == 0.0 and out["a"]["ci_high"] == pytest.approx(0.793451, abs=1e-5)
