"""Several method × seed runs of one reproduction at a time, each in a process of its own (``lat reproduce --jobs N``).

The runner evaluates the starting model first, then hands every run it would train to :func:`run_in_workers`: N
worker processes at a time, each training and evaluating one run exactly as the runner does in-process
(``python -m lat.experiments.workers SPEC``: the same :class:`~lat.experiments.Experiment`, restricted to that
method and seed) and writing its ``results.json``; the runner then finds every run finished and writes the report.
Nothing is decided by the workers that the runner would not decide: a run's folder, key and resume are the same.

Where the cores go: on a CPU each worker gets ``cores / N`` threads (``LAT_THREADS``, unless the user set it or
``OMP_NUM_THREADS``); with GPUs, worker i sees GPU ``i mod count`` only (``CUDA_VISIBLE_DEVICES``, mapped through the
caller's own). The longest runs (those under attack) start first. A run trained with another number of threads
or on another device is the same training up to float rounding, not bit for bit.

A worker that fails leaves its log (``<out>/logs/<method>-seed<k>.log``); the others finish, every finished run
is kept, and the same command continues with what is missing.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from lat.errors import LatError
from lat.paths import write_atomic


def worker_env(slot: int, jobs: int, environ: dict[str, str], cores: int, gpus: int) -> dict[str, str]:
    """The environment of worker ``slot`` of ``jobs``: its share of the CPU threads (an explicit ``LAT_THREADS`` /
    ``OMP_NUM_THREADS`` is kept as given) and, when there are GPUs, one of them (of the caller's visible ones)."""
    env = dict(environ)
    if not (environ.get("LAT_THREADS") or environ.get("OMP_NUM_THREADS")):
        env["LAT_THREADS"] = str(max(1, cores // jobs))
    if gpus:
        visible = [d for d in environ.get("CUDA_VISIBLE_DEVICES", "").split(",") if d.strip()]
        ids = visible or [str(i) for i in range(gpus)]
        env["CUDA_VISIBLE_DEVICES"] = ids[slot % len(ids)]
    return env


def _tail(path: Path, lines: int = 12) -> str:
    text = path.read_text(errors="replace").replace("\r", "\n") if path.is_file() else ""
    return "\n".join(f"    {line}" for line in [x for x in text.splitlines() if x.strip()][-lines:])


def run_in_workers(exp: Any, pending: list[Any], log: Any = print, poll_s: float = 0.5) -> None:
    """Train and evaluate the runs ``pending`` (:class:`~lat.experiments.runner.MethodRun`) in ``exp.jobs`` worker
    processes at a time. Returns when all have ended; raises :class:`LatError` naming each failed run and its log."""
    import torch

    from lat.experiments.runner import slug
    from lat.runtime import cpu_count

    jobs = max(1, int(exp.jobs))
    logs = Path(exp.out) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if gpus and jobs > gpus:
        log(f"--jobs {jobs} on {gpus} GPU(s): {jobs / gpus:.1f} workers share each GPU's memory")
    settings = {**dataclasses.asdict(exp), "jobs": 1}
    queue = sorted(pending, key=lambda job: not job.recipe.attack.enabled)  # the long runs (under attack) first
    running: dict[int, tuple[Any, subprocess.Popen, float, Any]] = {}
    failed: list[tuple[Any, Path]] = []
    done = 0
    try:
        while queue or running:
            for slot in range(jobs):
                if slot in running or not queue:
                    continue
                job = queue.pop(0)
                name = f"{slug(job.method)}-seed{job.seed}"
                spec = logs / f"{name}.json"
                write_atomic(spec, json.dumps({"experiment": settings, "method": job.method, "seed": job.seed}))
                out = (logs / f"{name}.log").open("w")
                proc = subprocess.Popen(
                    [sys.executable, "-m", "lat.experiments.workers", str(spec)],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    env=worker_env(slot, jobs, dict(os.environ), cpu_count(), gpus),
                )
                running[slot] = (job, proc, time.perf_counter(), out)
                log(f"{job.method} seed {job.seed}: training in worker {slot + 1} of {jobs} (log: {out.name})")
            time.sleep(poll_s)
            for slot, (job, proc, t0, out) in list(running.items()):
                if proc.poll() is None:
                    continue
                out.close()
                del running[slot]
                done += 1
                minutes = (time.perf_counter() - t0) / 60
                if proc.returncode == 0:
                    log(f"{job.method} seed {job.seed}: done in {minutes:.1f} min ({done} of {len(pending)})")
                else:
                    failed.append((job, Path(out.name)))
                    log(
                        f"{job.method} seed {job.seed}: failed (exit {proc.returncode}) after {minutes:.1f} min; "
                        f"the end of {out.name}:\n{_tail(Path(out.name))}"
                    )
    finally:  # interrupted: stop the workers (a continued run resumes from their last checkpoints)
        for _, proc, _, out in running.values():
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            out.close()
    if failed:
        raise LatError(
            f"{len(failed)} of {len(pending)} run(s) failed in their workers: "
            + "; ".join(f"{job.method} seed {job.seed} (log: {path})" for job, path in failed)
            + ". Every finished run is kept: the same command continues with the rest."
        )


def main(argv: list[str] | None = None) -> int:
    """A worker: train and evaluate one method × seed of a reproduction (``SPEC``: what :func:`run_in_workers`
    wrote), then exit — 0 when its results are written, 2 on a :class:`LatError` (said in one line)."""
    from lat.experiments.base import Experiment
    from lat.experiments.runner import run
    from lat.runtime import configure_threads, quiet_library_noise

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m lat.experiments.workers SPEC.json (written by lat reproduce --jobs N)", file=sys.stderr)
        return 2
    spec = json.loads(Path(args[0]).read_text())
    configure_threads(print)
    quiet_library_noise()
    try:
        run(Experiment(**spec["experiment"]), only={(spec["method"], int(spec["seed"]))})
    except LatError as err:
        print(f"lat reproduce (worker {spec['method']} seed {spec['seed']}): error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
