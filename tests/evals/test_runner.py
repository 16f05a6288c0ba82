from __future__ import annotations

import json

import pytest

from conftest import BENIGN, HARMFUL, MC, TRAIN_BENIGN, TRAIN_HARMFUL
from lat.errors import LatError
from lat.evals.runner import evaluate, results_markdown, write_results
from lat.evals.suites import SUITES, get_suite

TINY = {
    "max_new_tokens": 5,
    "many_shot": {"shots": 1},
    "gcg": {"steps": 2, "search_width": 8, "topk": 8, "suffix_length": 3},
    "latent": {"epsilons": [0.5, 1.0], "steps": 2},
    "embedding": {"steps": 2},
    "capability": {"limit": 2},
}


def _lora_model(tokenizer, seed=0):
    from peft import LoraConfig, get_peft_model

    from tiny import make_tiny_model

    model = make_tiny_model("llama", vocab_size=len(tokenizer), seed=seed)
    return get_peft_model(model, LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False))


def _evaluate(model, tokenizer, **overrides):
    suite = get_suite("quick", {**TINY, **overrides})
    return evaluate(
        model,
        tokenizer,
        suite,
        HARMFUL,
        BENIGN,
        MC,
        train_harmful=TRAIN_HARMFUL,
        train_benign=TRAIN_BENIGN,
        log=lambda msg: None,
    )


def test_suites_resolve_and_reject_typos():
    for name in SUITES:
        assert get_suite(name)["attacks"]  # every suite resolves
    for name in ("jailbreak", "quick"):
        suite = get_suite(name)
        assert set(suite["attacks"]) == {
            "direct",
            "prefill",
            "many_shot",
            "gcg",
            "latent",
            "embedding",
            "refusal_direction",
            "rephrase",
        }
    assert get_suite("quick", {"gcg": {"steps": 7}})["attacks"]["gcg"]["steps"] == 7
    assert list(get_suite("quick", attacks=["prefill", "direct"])["attacks"]) == ["prefill", "direct"]
    with pytest.raises(LatError, match="did you mean 'quick'"):
        get_suite("quik")
    with pytest.raises(LatError, match="did you mean 'max_new_tokens'"):
        get_suite("quick", {"max_new_token": 3})
    with pytest.raises(LatError, match="did you mean 'limit'"):
        get_suite("quick", {"capability": {"limt": 3}})
    with pytest.raises(LatError, match="did you mean 'gcg'"):
        get_suite("quick", attacks=["gcq"])


def test_default_latent_grid_goes_beyond_training_epsilon():
    from lat.evals.attacks.latent import LatentConfig

    grid = get_suite("jailbreak")["attacks"]["latent"]["epsilons"]
    from lat.config import load_recipe

    recipe = load_recipe("rt_lat_smollm2")  # the offline training recipe: relative ε, like the eval grid
    assert recipe.attack.epsilon_mode == "relative"
    assert max(grid) > recipe.attack.epsilon and max(LatentConfig().epsilons) > recipe.attack.epsilon


def test_eval_is_deterministic_and_complete(tokenizer, tmp_path):
    first = _evaluate(_lora_model(tokenizer), tokenizer)
    second = _evaluate(_lora_model(tokenizer), tokenizer)
    assert first["summary"] == second["summary"]
    assert first["capability"] == second["capability"]
    assert first["rows"] == second["rows"]  # every generation, verdict, loss curve
    labels = set(first["summary"])
    assert {
        "direct",
        "prefill",
        "many_shot",
        "gcg",
        "refusal_direction",
        "latent@eps=0.5",
        "latent@eps=1",
        "embedding@eps=0.5",
    } <= labels
    assert all(s["n"] == len(HARMFUL) for s in first["summary"].values())
    cap = first["capability"]
    assert cap["drift"]["kl"] > 0 and cap["mc"]["n"] == 2 and cap["benign_compliance"]["all"]["n"] == 3

    out = write_results(first, tmp_path / "run")
    saved = json.loads((out / "results.json").read_text())
    assert len(saved["rows"]) == len(first["rows"]) and all("complied" in r for r in saved["rows"])
    md = (out / "results.md").read_text()
    assert "| attack | ASR | 95% CI | n |" in md and "latent@eps=1" in md
    assert md == results_markdown(first)


def test_the_generation_batch_size_changes_no_text_and_no_run_key(tokenizer):
    """Generating 32 prompts at a time ran twice as fast as 8 on 2 CPU cores; greedy text is the same at any size
    (left padding, masked), so the size is an execution setting that run keys leave out."""
    from lat.experiments.base import Experiment
    from lat.experiments.runner import run_key

    one = _evaluate(_lora_model(tokenizer), tokenizer, generation_batch_size=1)
    many = _evaluate(_lora_model(tokenizer), tokenizer)
    assert [r["completion"] for r in one["rows"]] == [r["completion"] for r in many["rows"]]
    assert one["capability"]["benign_compliance"] == many["capability"]["benign_compliance"]
    assert one["capability"]["drift"] == pytest.approx(many["capability"]["drift"])  # drift: batch_size
    exp = Experiment(name="jailbreaks", model="smollm2-135m-instruct", methods={"RT": "rt_smollm2"})
    suite = get_suite("quick")
    without = {k: v for k, v in suite.items() if k != "generation_batch_size"}  # a suite of before the setting
    assert run_key(exp, suite) == run_key(exp, {**suite, "generation_batch_size": 4}) == run_key(exp, without)
    assert run_key(exp, suite) != run_key(exp, {**suite, "batch_size": 4})  # PGD batches do change results


def _fake_builtin(monkeypatch):
    import lat.data.builtin as builtin

    monkeypatch.setattr(builtin, "jailbreak_harmful", lambda split="train": [dict(r) for r in HARMFUL])
    monkeypatch.setattr(builtin, "jailbreak_benign", lambda split="train", borderline=None: [dict(r) for r in BENIGN])
    monkeypatch.setattr(builtin, "capability_mc", lambda: MC)


def test_cli_eval_then_report(tokenizer, tmp_path, monkeypatch, capsys):
    from lat.cli import main
    from tiny import make_tiny_model

    model_dir = tmp_path / "tiny-llama"
    make_tiny_model("llama", vocab_size=len(tokenizer)).save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    _fake_builtin(monkeypatch)
    runs = []
    for attacks in ("direct,prefill", "direct,many_shot"):
        out = tmp_path / f"run-{attacks.replace(',', '-')}"
        rc = main(
            [
                "eval",
                "--model",
                str(model_dir),
                "--suite",
                "quick",
                "--limit",
                "2",
                "--attacks",
                attacks,
                "--out",
                str(out),
                "max_new_tokens=4",
                "many_shot.shots=1",
                "capability.limit=1",
            ]
        )
        assert rc == 0
        printed = capsys.readouterr().out
        assert "| direct |" in printed and str(out) in printed
        saved = json.loads((out / "results.json").read_text())
        assert saved["meta"]["limit"] == 2 and saved["summary"]["direct"]["n"] == 2
        runs.append(str(out))
    rc = main(["report", *runs, "-o", str(tmp_path / "report")])
    assert rc == 0
    for name in ("report.md", "report.html", "asr.png", "capability_vs_robustness.png"):
        assert (tmp_path / "report" / name).is_file(), name
    md = (tmp_path / "report" / "report.md").read_text()
    assert (
        "| many_shot |" in md
        and "| prefill |" in md
        and "data:image/png;base64" in (tmp_path / "report" / "report.html").read_text()
    )


def test_cli_errors_are_clear(tmp_path, capsys):
    from lat.cli import main

    assert main(["eval", "--model", str(tmp_path), "--attacks", "gcq"]) == 2
    assert "did you mean 'gcg'" in capsys.readouterr().err
    assert main(["report", str(tmp_path), "-o", str(tmp_path / "r")]) == 2
    assert "no results.json" in capsys.readouterr().err


def test_report_without_matplotlib_says_so(tokenizer, tmp_path, monkeypatch):
    import builtins

    from lat.evals.report import write_report

    results = {
        "summary": {"direct": {"asr": 0.5, "ci_low": 0.1, "ci_high": 0.9, "k": 1, "n": 2}},
        "capability": {},
        "meta": {"label": "m"},
        "rows": [],
    }
    write_results(results, tmp_path / "run")
    real_import = builtins.__import__

    def no_mpl(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_mpl)
    paths = write_report([tmp_path / "run"], tmp_path / "report")
    assert "matplotlib is not installed" in paths["markdown"].read_text()
    assert not (tmp_path / "report" / "asr.png").exists()
