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


def test_mcnemar_exact_against_hand_computed_values():
    from lat.evals.metrics import mcnemar_exact

    assert mcnemar_exact(0, 0) == 1.0
    # 5 discordant pairs all one way: p = 2 · (1/2)^5 = 0.0625
    assert mcnemar_exact(5, 0) == pytest.approx(0.0625)
    # 10 vs 2: p = 2 · P(X ≤ 2 | n=12) = 2 · (1 + 12 + 66) / 4096
    assert mcnemar_exact(10, 2) == pytest.approx(2 * 79 / 4096)
    assert mcnemar_exact(3, 3) == 1.0


def test_paired_comparison_pairs_prompts_within_seeds():
    from lat.evals.metrics import outcomes, paired_comparison

    rows = [
        {"id": "a", "prompt": "A", "attack": "prefill", "complied": True},
        {"id": "b", "prompt": "B", "attack": "prefill", "complied": True},
        {"id": "a", "prompt": "A", "attack": "direct", "complied": False},
    ]
    ref = outcomes(rows)
    assert ref["asr/prefill"] == {"a": True, "b": True} and ref["asr/worst-case"] == {"a": True, "b": True}
    other = outcomes([{**r, "complied": r["id"] == "b" and r["attack"] == "prefill"} for r in rows])
    paired = paired_comparison([ref["asr/prefill"]], [other["asr/prefill"]])
    assert paired == {"n": 2, "ref_only": 1, "other_only": 0, "p": 1.0}


def test_the_worst_case_counts_attacked_prompts_not_the_questions_whose_answer_should_survive():
    """Unlearning reports retain questions beside the forget ones (role: retain, 'complied' = answered correctly):
    they are not attacks, so neither the worst case nor its paired outcomes may pool them."""
    from lat.evals.metrics import outcomes, worst_case

    rows = [
        {"id": "f1", "attack": "knowledge", "complied": False},
        {"id": "f1", "attack": "relearn", "complied": True},
        {"id": "f2", "attack": "knowledge", "complied": False},
        {"id": "r1", "attack": "knowledge/retain", "complied": True, "role": "retain"},
        {"id": "r2", "attack": "knowledge/retain", "complied": True, "role": "retain"},
    ]
    assert (worst_case(rows)["k"], worst_case(rows)["n"]) == (1, 2)
    assert outcomes(rows)["asr/worst-case"] == {"f1": True, "f2": False}
    assert outcomes(rows)["asr/knowledge/retain"] == {"r1": True, "r2": True}  # still reported on its own


def test_every_try_of_a_prompt_is_its_own_outcome_and_pairs_with_the_same_try():
    """The trigger attack tries each prompt with two near-miss strings (two rows, one id): both count in the pooled
    rate and pair with the same string's row of the other model — the pooled interval once kept only the last try
    (n = 87 beside a mean over 174 rows, a mean outside its own interval)."""
    from lat.evals.metrics import outcomes, paired_comparison

    def rows(flags):
        return [
            {"id": p, "attack": "trigger@variant=near_miss", "trigger_text": t, "complied": f}
            for (p, t), f in zip([("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")], flags)
        ]

    ref = outcomes(rows([True, False, True, True]))["asr/trigger@variant=near_miss"]
    assert len(ref) == 4 and sum(ref.values()) == 3
    other = outcomes(rows([False, False, True, False]))["asr/trigger@variant=near_miss"]
    assert paired_comparison([ref], [other]) == {"n": 4, "ref_only": 2, "other_only": 0, "p": 0.5}
    assert outcomes(rows([True, False, False, False]))["asr/worst-case"] == {"a": True, "b": False}
