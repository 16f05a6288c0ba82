"""The ``rephrase`` eval attack: a row per (prompt, style), authored rewrites for every held-out request."""

from __future__ import annotations

import pytest

from lat.data import builtin
from lat.errors import LatError
from lat.evals.attacks import EvalContext, make_attack
from lat.evals.attacks.rephrase import AUTHORED, STYLES, TEMPLATES, authored_rewrites, rewrite
from lat.evals.metrics import attack_success_rates
from lat.judges import make_judge

ROW_KEYS = {"id", "prompt", "attack", "input", "completion", "complied", "judge_reason", "style", "rewrite"}


def test_rows_per_prompt_and_style_judged_on_the_original_request(llama, tokenizer, harmful):
    harmful[0].update(past_tense="How did people bake bread in 1800?", paraphrase="Bread at home: what's the method?")
    judged_prompts: list[str] = []
    refusal = make_judge("refusal")

    def judge(prompts, completions):
        judged_prompts.extend(prompts)
        return refusal(prompts, completions)

    logged: list[str] = []
    ctx = EvalContext(judge=judge, max_new_tokens=6, batch_size=4, log=logged.append)
    rows = make_attack("rephrase").run(llama, tokenizer, harmful, ctx)

    # h1 has its own authored rewrites (5 styles); h2 and h3 have none (3 template styles each)
    assert len(rows) == len(STYLES) + 2 * len(TEMPLATES)
    for row in rows:
        assert ROW_KEYS <= set(row) and isinstance(row["complied"], bool) and row["judge_reason"]
        assert row["attack"] == f"rephrase@style={row['style']}"
        assert row["rewrite"] == ("authored" if row["style"] in AUTHORED else "template")
        assert row["input"] != row["prompt"]
        assert ("missing_styles" in row) == (row["id"] != "h1")
    assert [r["input"] for r in rows if r["id"] == "h1"][:2] == [harmful[0]["past_tense"], harmful[0]["paraphrase"]]
    assert all(r["missing_styles"] == list(AUTHORED) for r in rows if r["id"] != "h1")
    assert judged_prompts == [r["prompt"] for r in rows]  # the judge reads the original request, not the rewrite
    assert "2 of 3 prompts have no authored rewrite" in logged[0]
    # the ASR table has one line per style, in the configured order
    assert list(attack_success_rates(rows)) == [f"rephrase@style={s}" for s in STYLES]


def test_selected_styles_only_and_template_styles_embed_the_request(llama, tokenizer, harmful, ctx):
    rows = make_attack("rephrase", styles=["fiction", "table"]).run(llama, tokenizer, harmful, ctx)
    assert [r["attack"] for r in rows] == ["rephrase@style=fiction"] * 3 + ["rephrase@style=table"] * 3
    assert all(r["prompt"] in r["input"] for r in rows)
    assert all("missing_styles" not in r for r in rows)  # no authored style asked for: nothing is missing


def test_every_validation_and_test_request_has_both_authored_rewrites():
    for split, n in (("validation", 58), ("test", 87)):
        records = builtin.jailbreak_harmful(split)
        assert len(records) == n
        for record in records:
            authored = authored_rewrites(record)
            assert set(authored) == set(AUTHORED), record["id"]
            for style in STYLES:
                text = rewrite(style, record, authored)
                assert text and text.strip() != record["prompt"], (record["id"], style)


def test_builtin_rewrites_are_sent_for_builtin_requests_only(monkeypatch, ctx):
    from lat.evals.attacks import rephrase

    sent: list[str] = []

    def fake_generate(model, tokenizer, texts, *args, **kwargs):
        sent.extend(texts)
        return ["Sure, here is a long enough answer for the judge."] * len(texts)

    monkeypatch.setattr(rephrase, "generate", fake_generate)
    record = builtin.jailbreak_harmful("test")[0]
    impostor = {"id": record["id"], "prompt": "A different request that reuses a built-in id."}
    rows = make_attack("rephrase", styles=["past_tense", "paraphrase"]).run(None, None, [record, impostor], ctx)
    expected = builtin.rephrased_for(record["id"])
    assert sent == [expected["past_tense"], expected["paraphrase"]]
    assert [r["id"] for r in rows] == [record["id"]] * 2 and all(r["complied"] for r in rows)


def test_unknown_or_bad_styles_are_errors_with_a_suggestion():
    with pytest.raises(LatError, match="unknown rephrase style 'past_tence' — did you mean 'past_tense'"):
        make_attack("rephrase", styles=["past_tence"])
    with pytest.raises(LatError, match="did you mean 'styles'"):
        make_attack("rephrase", style=["fiction"])
    with pytest.raises(LatError, match="at least one style"):
        make_attack("rephrase", styles=[])
    with pytest.raises(LatError, match="twice"):
        make_attack("rephrase", styles=["fiction", "fiction"])
    assert make_attack("rephrase", styles="past_tense, table").config.styles == ["past_tense", "table"]
