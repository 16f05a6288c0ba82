"""The prepared GPU session script (benchmarks/gpu/session.sh) runs its bench steps end to end, on the CPU with tiny
shapes (LAT_GPU_DRY=1): a device session must not be spent finding a typo."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_gpu_session_bench_runs_dry_and_writes_its_table(tmp_path):
    env = {
        **os.environ,
        "LAT_GPU_DRY": "1",
        "OUT": str(tmp_path),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "LAT_THREADS": "1",
    }
    proc = subprocess.run(
        ["bash", str(ROOT / "benchmarks/gpu/session.sh"), "bench"], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "failed" not in proc.stdout, proc.stdout[-2000:]
    rows = [line for line in (tmp_path / "summary.md").read_text().splitlines() if line.startswith("| 64x32")]
    assert [row.split("|")[3].strip() for row in rows] == ["False", "True"]  # without and with checkpointing
