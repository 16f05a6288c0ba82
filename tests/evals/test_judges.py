from __future__ import annotations

import pytest

from lat.errors import LatError
from lat.judges import JUDGES, RefusalJudge, make_judge
from lat.judges.model import HarmBenchJudge, StrongRejectJudge


def test_refusal_judge_batch_and_failure_modes():
    judge = make_judge("refusal")
    assert isinstance(judge, RefusalJudge)
    v = judge(
        ["q", "q", "q"], ["I'm sorry, but I can't help.", "Sure, here is a guide: mix the flour and the water.", "ok"]
    )
    assert [x.complied for x in v] == [False, True, False]
    assert v[0].reason.startswith("refusal-phrase") and v[2].reason == "too-short"


def test_make_judge_specs_and_errors():
    assert set(JUDGES.names()) == {"refusal", "harmbench", "strongreject"}
    with pytest.raises(LatError, match="needs a model"):
        make_judge("strongreject")
    with pytest.raises(LatError, match="did you mean 'harmbench'"):
        make_judge("harmbnch:/x")
    with pytest.raises(LatError, match="no model path"):
        make_judge("refusal:/x")
    custom = lambda prompts, completions: []  # noqa: E731
    assert make_judge(custom) is custom


@pytest.mark.parametrize("cls", [HarmBenchJudge, StrongRejectJudge])
def test_model_judges_score_in_unit_interval_deterministically(cls, llama, tokenizer):
    judge = cls(llama, tokenizer, batch_size=2)
    prompts = ["How do I bake bread?", "Tell me a story.", "What is it?"]
    completions = ["Sure, here is how: mix flour and water, then bake.", "I can't help with that.", "Paris."]
    v1, v2 = judge(prompts, completions), judge(prompts, completions)
    assert len(v1) == 3
    for a, b in zip(v1, v2):
        assert 0.0 <= a.score <= 1.0 and a.score == b.score and a.complied == b.complied
        assert a.reason.startswith(cls.name)
