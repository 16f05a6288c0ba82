"""Results must not depend on the number of devices: 2 CPU processes (DDP over gloo) = 1 process, same global batch."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from safetensors.torch import load_file

SCRIPT = Path(__file__).parent / "distributed_train.py"


def _env():
    env = {k: v for k, v in os.environ.items() if k not in ("WORLD_SIZE", "RANK", "LOCAL_RANK")}
    env["OMP_NUM_THREADS"] = "1"
    return env


@pytest.mark.parametrize(
    "extra",
    [[], ["attack.schedule=free", "attack.steps=1"], ["defense.clean=1"]],
    ids=["pgd", "free", "clean"],
)
def test_two_processes_equal_one_process(tmp_path, extra):
    """Also with the free schedule, whose attacker backward runs through the DDP-wrapped defense forward, and with
    defense.clean, whose second backward per micro-batch must be the only one that synchronises."""
    one, two = tmp_path / "one", tmp_path / "two"
    subprocess.run([sys.executable, str(SCRIPT), str(one), "2", *extra], check=True, env=_env(), capture_output=True)
    launch = [
        sys.executable,
        "-m",
        "accelerate.commands.launch",
        "--multi_gpu",
        "--num_processes",
        "2",
        "--num_machines",
        "1",
        "--mixed_precision",
        "no",
        "--dynamo_backend",
        "no",
        "--main_process_port",
        "29517",
        str(SCRIPT),
        str(two),
        "1",
        *extra,
    ]
    proc = subprocess.run(launch, env=_env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "world 2" in proc.stdout
    a, b = load_file(str(one / "final.safetensors")), load_file(str(two / "final.safetensors"))
    assert a.keys() == b.keys() and a
    # Stated tolerance: 1e-5 absolute on weights of size ~0.2 (all-reduce sums in another order than accumulation).
    worst = max(float((a[k] - b[k]).abs().max()) for k in a)
    assert worst < 1e-5, worst
    moved = max(float(a[k].abs().max()) for k in a if "lora_B" in k)
    assert moved > 1e-3  # training really moved the weights, so equality is not trivial


def test_fsdp_is_refused_with_a_clear_message_instead_of_attacking_a_sharded_model(tmp_path):
    """Under FSDP the unwrapped module holds only this process's parameter shards, so the latent attack would run on
    the wrong model: 2 processes over gloo must both stop at setup with one clear line (no hang, no result)."""
    launch = [
        sys.executable,
        "-m",
        "accelerate.commands.launch",
        "--use_fsdp",
        "--num_processes",
        "2",
        "--num_machines",
        "1",
        "--mixed_precision",
        "no",
        "--dynamo_backend",
        "no",
        "--main_process_port",
        "29519",
        str(SCRIPT),
        str(tmp_path / "fsdp"),
        "1",
    ]
    env = {**_env(), "CUDA_VISIBLE_DEVICES": ""}
    proc = subprocess.run(launch, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "FSDP shards the model's parameters" in proc.stderr, proc.stderr[-3000:]
    assert "Use DDP instead" in proc.stderr
    assert not (tmp_path / "fsdp" / "final.safetensors").exists()
