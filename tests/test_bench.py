"""``lat bench``: every quantity is measured through the trainer's code, the ratios are consistent, and the analytic
floor counts only what lies at and above the first attacked layer."""

from __future__ import annotations

import json

import pytest

from lat.bench import analytic_attack_fraction, run_bench
from lat.cli import main
from tiny import tiny_recipe


def test_analytic_fraction_counts_the_layers_at_and_above_the_first_attacked_one(llama):
    assert analytic_attack_fraction(llama, ["embedding", 3], rows=8, positions=32, supervised=16) == 1.0
    top = analytic_attack_fraction(llama, [3], rows=8, positions=32, supervised=16)
    mid = analytic_attack_fraction(llama, [2, 3], rows=8, positions=32, supervised=16)
    assert 0 < top < mid < 1.0


def test_bench_times_every_step_through_the_trainer(llama, tokenizer, tmp_path):
    recipe = tiny_recipe(tmp_path, "attack.layers=[1,2]", "attack.steps=3", "defense.sft=1.0")
    result = run_bench(recipe, llama, tokenizer, batch=2, prompt=6, completion=6, repeats=2, log=lambda *_: None)
    assert all(len(v) == 2 for v in result.samples.values())
    assert min(result.t_sft, result.t_rt, result.t_attack, result.t_lat, result.floor) > 0
    r = result.ratios
    assert r["lat_over_sft"] == pytest.approx(result.t_lat / result.t_sft)
    assert result.config["pgd_steps"] == 3 and result.config["attack_layers"] == [1, 2]
    assert 0 < result.config["attacked_flop_fraction"] < 1  # blocks 0 is below the first attacked layer


def test_lat_bench_cli_writes_json(tmp_path, capsys):
    out = tmp_path / "bench.json"
    argv = ["bench", "--random", "32,3", "--seq", "12", "--batch", "2", "--repeats", "1", "--json", str(out)]
    assert main([*argv, "attack.layers=[1]", "attack.steps=2", "defense.steps_per_attack=1", "lora.r=2"]) == 0
    assert "T_LAT / T_SFT" in capsys.readouterr().out
    data = json.loads(out.read_text())
    assert set(data["ratios"]) >= {"lat_over_sft", "attack_over_floor"}
    assert data["config"]["shape"] == "32x3"  # what benchmarks/gpu/summary.py labels a cell with
    assert data["config"]["merge_lora"] is True  # attack.merge_lora unset: on the CPU


@pytest.mark.parametrize(("shape", "billions"), [("llama3-8b", 8.03), ("llama2-7b", 6.74), ("llama3.2-1b", 1.24)])
def test_named_random_shapes_have_the_real_models_sizes(shape, billions):
    from lat.bench import SHAPES, random_llama

    model = random_llama(**SHAPES[shape], device="meta")  # shapes only, no memory
    n = sum(p.numel() for p in model.parameters())
    assert n / 1e9 == pytest.approx(billions, rel=0.01)


def test_lat_bench_with_gradient_checkpointing_and_a_bad_shape(tmp_path, capsys):
    out = tmp_path / "bench.json"
    argv = ["bench", "--random", "32,3", "--seq", "12", "--batch", "2", "--repeats", "1", "--json", str(out)]
    tiny = ["attack.layers=[1]", "attack.steps=2", "defense.steps_per_attack=1", "lora.r=2"]
    assert main([*argv, *tiny, "model.gradient_checkpointing=true"]) == 0
    data = json.loads(out.read_text())
    assert data["config"]["gradient_checkpointing"] is True and data["config"]["shared_prompt"] is False
    assert main(["bench", "--random", "llama9-70b", *tiny]) != 0
    assert "llama3-8b" in capsys.readouterr().err
