"""``lat reproduce jailbreaks`` end to end on a tiny model: three methods, the base model, one report."""

import json

from lat.experiments.jailbreaks import JailbreakExperiment, render_markdown, run
from tiny import make_tiny_model, pair_records, retain_records


def test_reproduce_jailbreaks_pipeline_on_a_tiny_model(tmp_path, tokenizer):
    model_dir = tmp_path / "tiny"
    make_tiny_model("llama", vocab_size=len(tokenizer)).save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    pairs, retain = tmp_path / "pairs.jsonl", tmp_path / "retain.jsonl"
    pairs.write_text("".join(json.dumps(r) + "\n" for r in pair_records(8)))
    retain.write_text("".join(json.dumps(r) + "\n" for r in retain_records(8)))
    exp = JailbreakExperiment(
        model=str(model_dir),
        seeds=[0, 1],
        overrides=[
            f"data.adversarial={pairs}",
            f"data.retain={retain}",
            "lora.r=2",
            "lora.target_modules=[q_proj]",
            "attack.layers=[1,2]",
            "attack.steps=2",
            "train.steps=2",
            "train.progress=false",
            "defense.steps_per_attack=1",
        ],
        n_harmful=3,
        n_latent=2,
        n_benign=2,
        n_gcg=0,
        suite_overrides={
            "max_new_tokens": 4,
            "many_shot": {"shots": 1},
            "latent": {"layers": [1], "steps": 2},
            "embedding": {"steps": 2},
            "refusal_direction": {"max_train": 4},
        },
        out=str(tmp_path / "report"),
    )
    report = run(exp, log=lambda *_: None)
    assert report["methods"] == ["base", "RT", "RT+EAT", "RT+LAT"]
    table = report["table"]
    assert table["RT+LAT"]["time/train_s"]["n"] == 2  # mean ± std over the two seeds
    assert "asr/prefill" in table["base"] and "asr/latent@eps=0.5" in table["RT+LAT"]
    assert table["RT+LAT"]["asr/latent@eps=0.5"]["n"] == 2
    assert "lat_overhead" in report["comparisons"]
    md = (tmp_path / "report" / "report.md").read_text()
    assert md == render_markdown(report) and "| RT+LAT |" in md and "RT+LAT / RT" in md
    assert (tmp_path / "report" / "report.html").is_file()
    assert (tmp_path / "report" / "rt-lat" / "seed1" / "results.json").is_file()
    # A rerun reuses every finished run (an interrupted reproduction continues instead of starting over) ...
    again = run(exp, log=lambda *_: None)
    assert again["table"]["RT+LAT"]["time/train_s"] == table["RT+LAT"]["time/train_s"]
    # ... but never the runs of other settings.
    from dataclasses import replace

    from lat.experiments.jailbreaks import _load_record, experiment_key

    changed = replace(exp, n_harmful=2)
    assert experiment_key(changed) != experiment_key(exp)
    assert _load_record("RT", 0, tmp_path / "report" / "rt" / "seed0", experiment_key(changed)) is None
