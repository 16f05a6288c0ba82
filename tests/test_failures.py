"""Work is never silently lost or corrupted: Ctrl-C mid-step, NaN/inf, a finished run in the output directory,
validation before any work, messages that name the fix, and kill -9 while a checkpoint is written."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from lat.cli import main
from lat.config import load_recipe
from lat.errors import LatError
from lat.training import LATTrainer, train
from lat.training.checkpoint import latest_checkpoint
from tiny import make_tiny_model, pair_records, retain_records, tiny_recipe

TESTS = Path(__file__).resolve().parent


def _recipe(out, *extra):
    return tiny_recipe(out, "attack.layers=[embedding,1,2]", "attack.epsilon=1.0", "defense.kl=0.1", *extra)


def _trainer(out, tokenizer, *extra):
    model = make_tiny_model("llama", vocab_size=len(tokenizer))
    return LATTrainer(
        _recipe(out, *extra), model=model, tokenizer=tokenizer, adversarial=pair_records(), retain=retain_records()
    )


def _weights(trainer):
    return {n: p.detach().clone() for n, p in trainer.model.named_parameters() if p.requires_grad}


def _steps(out):
    return [json.loads(x)["step"] for x in (Path(out) / "metrics.jsonl").read_text().splitlines()]


# ------------------------------------------------------------------ 5. Ctrl-C in the middle of a step
def test_ctrl_c_mid_step_checkpoints_a_finished_step_and_resume_equals_uninterrupted(tokenizer, tmp_path):
    full = _trainer(tmp_path / "full", tokenizer).setup()
    full.train()
    trainer = _trainer(tmp_path / "part", tokenizer).setup()
    calls = []
    original = trainer.optimizer.step

    def step_then_ctrl_c(*args, **kwargs):
        original(*args, **kwargs)
        calls.append(1)
        if len(calls) == 3:  # step 2's first optimizer update is applied, its second is not
            os.kill(os.getpid(), signal.SIGINT)

    trainer.optimizer.step = step_then_ctrl_c
    with pytest.raises(KeyboardInterrupt):
        trainer.train()
    assert len(calls) == 4  # the step in progress was finished, not cut in the middle
    assert latest_checkpoint(tmp_path / "part").name == "step-2"
    resumed = _trainer(tmp_path / "part", tokenizer, "train.resume=auto").setup()
    resumed.train()
    assert [h["step"] for h in resumed.history] == [3, 4]
    a, b = _weights(full), _weights(resumed)
    worst = max(float((a[k] - b[k]).abs().max()) for k in a)
    assert worst == 0.0, worst  # bit for bit
    assert _steps(tmp_path / "part") == [1, 2, 3, 4]  # each step once
    assert latest_checkpoint(tmp_path / "part").name == "step-4"  # the final step is checkpointed too


# ------------------------------------------------------------------ 6. NaN / inf
def test_non_finite_training_stops_naming_the_step_and_keeps_the_last_good_checkpoint(tokenizer, tmp_path):
    trainer = _trainer(tmp_path, tokenizer, "train.lr=1e3", "train.steps=6", "train.save_every=1").setup()
    with pytest.raises(LatError, match=r"not finite at step \d.*train\.lr=1000") as err:
        trainer.train()
    message = str(err.value)
    assert "\n" not in message and "last good checkpoint" in message
    last = latest_checkpoint(tmp_path)
    assert last is not None and str(last) in message
    from safetensors.torch import load_file

    assert all(torch.isfinite(t).all() for t in load_file(str(last / "trainable.safetensors")).values())
    assert not (tmp_path / "adapter").exists()  # no adapter of NaNs


def test_non_finite_attack_loss_stops_training(tokenizer, tmp_path, monkeypatch):
    original = LATTrainer.attack

    def nan_attack(self, pairs, reference=None):
        result = original(self, pairs, reference)
        result.losses[-1] = float("nan")
        return result

    monkeypatch.setattr(LATTrainer, "attack", nan_attack)
    with pytest.raises(LatError, match=r"attack loss is not finite at step 1.*attack\.lr"):
        _trainer(tmp_path, tokenizer).setup().train()


def test_cli_exits_non_zero_on_divergence(tmp_path, tiny_dir, pairs_file, capsys):
    # lr 1e30 overflows on any machine; at 1e3 this tiny run's 6 steps reached a gradient norm of 3e14 on one machine
    # without overflowing (they had on others)
    code = main(["train", str(_recipe_file(tmp_path, tiny_dir, pairs_file)), "train.lr=1e30", "train.steps=6"])
    err = capsys.readouterr().err
    assert code == 2 and "not finite at step" in err and "done:" not in err
    assert not (tmp_path / "run" / "adapter").exists()


# ------------------------------------------------------------------ 7. a finished run in the output directory
def test_a_finished_run_is_never_trained_over_silently(tokenizer, tmp_path):
    first = _trainer(tmp_path, tokenizer, "train.steps=1")
    first.setup().train()
    first.save()
    adapter = (tmp_path / "adapter" / "adapter_model.safetensors").read_bytes()
    with pytest.raises(LatError, match="finished run.*train.resume=auto.*train.overwrite=true"):
        _trainer(tmp_path, tokenizer, "train.steps=1").setup()
    assert (tmp_path / "adapter" / "adapter_model.safetensors").read_bytes() == adapter
    # continue it: resume=auto picks up the final checkpoint and trains the extra steps only
    more = _trainer(tmp_path, tokenizer, "train.steps=2", "train.resume=auto").setup()
    more.train()
    assert [h["step"] for h in more.history] == [2]
    # or replace it explicitly
    again = _trainer(tmp_path, tokenizer, "train.steps=1", "train.overwrite=true").setup()
    assert again.step == 0 and latest_checkpoint(tmp_path) is None and not (tmp_path / "adapter").exists()


def test_an_interrupted_run_is_not_restarted_silently_either(tokenizer, tmp_path):
    _trainer(tmp_path, tokenizer, "train.steps=2", "train.save_every=1").setup().train()  # no adapter: unfinished
    shutil.rmtree(tmp_path / "checkpoints" / "step-2")
    with pytest.raises(LatError, match=r"interrupted run \(last checkpoint step-1\)"):
        _trainer(tmp_path, tokenizer).setup()


# ------------------------------------------------------------------ 8. validate before any work
def _recipe_file(tmp_path, tiny_dir, pairs_file):
    path = tmp_path / "recipe.yaml"
    path.write_text(
        f"model: {{name: {tiny_dir}}}\n"
        "lora: {r: 2, target_modules: [q_proj]}\n"
        f"data: {{adversarial: {pairs_file}, retain: null, max_length: 64}}\n"
        "attack: {layers: [1], steps: 2}\n"
        "defense: {steps_per_attack: 1}\n"
        f"train: {{steps: 1, progress: false, output_dir: {tmp_path / 'run'}, micro_batch_size: 2, grad_accum: 1}}\n"
    )
    return path


@pytest.mark.parametrize(
    "override, message",
    [
        ("attack.layers=[99]", "layer index 99 is out of range"),
        ("lora.target_modules=[c_attn]", "match no linear layer"),
        ("lora.train_layers=[9]", "lora.train_layers: layer 9 is out of range"),
        ("data.max_length=100000", "longer than the model's context"),
        ("data.columns={prompt: instruction}", "column 'instruction', which does not exist"),
    ],
)
def test_recipe_mistakes_fail_before_weights_load_or_targets_generate(
    tmp_path, tiny_dir, pairs_file, monkeypatch, capsys, override, message
):
    def no_work(*args, **kwargs):
        raise AssertionError("work started before the recipe was checked")

    import lat.data.sources
    import lat.models

    monkeypatch.setattr(lat.models, "load_model", no_work)
    monkeypatch.setattr(lat.data.sources, "load_training_data", no_work)
    monkeypatch.setattr(lat.data.sources, "complete_pairs", no_work)
    code = main(["train", str(_recipe_file(tmp_path, tiny_dir, pairs_file)), override])
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err


def test_an_empty_recipe_file_is_rejected(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing here yet\n")
    with pytest.raises(LatError, match="is empty"):
        load_recipe(str(empty))


# ------------------------------------------------------------------ 9. messages that name the fix
def test_malformed_jsonl_names_the_file_and_line(tmp_path):
    from lat.data.sources import read_table

    path = tmp_path / "data.jsonl"
    path.write_text('{"prompt": "a", "chosen": "b", "rejected": "c"}\n\n{prompt: "x"}\n')
    with pytest.raises(LatError, match=r"data\.jsonl, line 3: not valid JSON"):
        read_table(path)


def test_a_directory_without_config_json_is_named_as_such(tmp_path, tokenizer):
    from lat.models import load_model

    tokenizer.save_pretrained(tmp_path / "tok-only")
    with pytest.raises(LatError, match="no config.json"):
        load_model(str(tmp_path / "tok-only"))
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": "org/base"}))
    with pytest.raises(LatError, match="is a PEFT adapter.*--model org/base --adapter"):
        load_model(str(adapter))


def test_an_unknown_hub_id_fails_fast_without_network(monkeypatch):
    from lat.models import loading

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    for var in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens: like a machine with no network
    loading.hub_reachable.cache_clear()
    try:
        t0 = time.perf_counter()
        with pytest.raises(LatError, match="cannot be reached"):
            loading.load_tokenizer("nobody-here/no-such-model")
        with pytest.raises(LatError, match="cannot be reached"):
            loading.load_config("nobody-here/no-such-model")
        assert time.perf_counter() - t0 < 10
    finally:
        loading.hub_reachable.cache_clear()


def test_lat_ls_reports_a_section_it_cannot_list(monkeypatch, capsys):
    import importlib

    real = importlib.import_module

    def broken(name, *args, **kwargs):
        if name == "lat.evals.attacks":
            raise ImportError("No module named 'missing_dependency'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib, "import_module", broken)
    code = main(["ls"])
    captured = capsys.readouterr()
    assert code == 1
    assert "eval attacks: could not be listed (ImportError: No module named 'missing_dependency')" in captured.err
    assert "rt_lat_smollm2" in captured.out  # the other sections are still listed


# ------------------------------------------------------------------ 10. kill -9 while a checkpoint is written
KILLER = """
import os, signal, sys
sys.path.insert(0, {tests!r})
import torch
torch.set_num_threads(1)
import lat.training.checkpoint as ckpt
from test_failures import _trainer
from tiny import make_tokenizer

real_save = ckpt.torch.save
def save(obj, path, *a, **k):
    real_save(obj, path, *a, **k)
    if "step-2.tmp" in str(path) and {where!r} in str(path):
        os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no finally: like kill -9 or a power cut
ckpt.torch.save = save
_trainer({out!r}, make_tokenizer(), "train.steps=3", "train.save_every=1").setup().train()
"""


@pytest.mark.parametrize("where", ["optimizer.pt", "scheduler.pt"])
def test_kill_9_while_writing_a_checkpoint_keeps_the_previous_one_and_resume_skips_the_partial(
    tokenizer, tmp_path, where
):
    out = tmp_path / "run"
    script = KILLER.format(tests=str(TESTS), out=str(out), where=where)
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=TESTS)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    assert (out / "checkpoints" / "step-1" / "trainer_state.json").is_file()
    assert not (out / "checkpoints" / "step-2").exists()
    # a partial directory under a final name (a copy cut short, an older writer) is skipped as well
    partial = out / "checkpoints" / "step-3"
    partial.mkdir()
    shutil.copy(out / "checkpoints" / "step-1" / "trainable.safetensors", partial)
    assert latest_checkpoint(out).name == "step-1"
    resumed = _trainer(out, tokenizer, "train.steps=3", "train.resume=auto").setup()
    resumed.train()
    assert [h["step"] for h in resumed.history] == [2, 3]
    full = _trainer(tmp_path / "full", tokenizer, "train.steps=3").setup()
    full.train()
    a, b = _weights(full), _weights(resumed)
    assert max(float((a[k] - b[k]).abs().max()) for k in a) == 0.0
    assert _steps(out) == [1, 2, 3]
    assert latest_checkpoint(out).name == "step-3"  # the partial one was replaced by a complete one


def test_kill_9_while_writing_the_adapter_never_leaves_a_half_adapter_that_looks_finished(tokenizer, tmp_path):
    trainer = _trainer(tmp_path, tokenizer, "train.steps=1").setup()
    trainer.train()
    import lat.training.trainer as trainer_module

    real = trainer_module.dump_recipe

    def crash(recipe, path):
        if "adapter" in str(path):
            raise SystemExit("killed")  # stands in for kill -9 between the weights and the rest
        return real(recipe, path)

    trainer_module.dump_recipe = crash
    try:
        with pytest.raises(SystemExit):
            trainer.save()
    finally:
        trainer_module.dump_recipe = real
    assert not (tmp_path / "adapter").exists()  # only adapter.tmp: the run is not "finished"
    again = _trainer(tmp_path, tokenizer, "train.steps=1", "train.resume=auto").setup()
    again.train()
    again.save()
    assert (tmp_path / "adapter" / "lat_config.yaml").is_file()


def test_train_function_end_to_end_still_writes_everything(tokenizer, tmp_path):
    model = make_tiny_model("llama", vocab_size=len(tokenizer))
    trainer = train(
        _recipe(tmp_path, "train.steps=2"),
        model=model,
        tokenizer=tokenizer,
        adversarial=pair_records(),
        retain=retain_records(),
    )
    assert trainer.step == 2 and (tmp_path / "adapter" / "adapter_config.json").is_file()
    assert sorted(p.name for p in (tmp_path / "checkpoints").iterdir()) == ["step-2"]
