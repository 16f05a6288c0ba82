"""Process-level settings lat chooses for the user: how many CPU threads torch may use, and which library warnings
about lat's own calls are not the user's concern.

Two torch processes that each take every core on a small machine run 10–30× slower than one (measured on 2 cores:
a prefill of 8×49 tokens takes 0.7 s alone and 10.8 s beside another process): the OpenMP threads of both spin for
the same cores. lat therefore gives each process its share of the cores when several are launched on one node
(``LOCAL_WORLD_SIZE``, set by ``accelerate launch`` / ``torchrun``), says once what it chose, and warns when the
machine is already busy. An explicit ``OMP_NUM_THREADS`` (or ``LAT_THREADS``) always wins.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def choose_threads(cores: int, processes: int, explicit: str | None) -> tuple[int, str]:
    """``(threads, why)`` for one process: an explicit setting, else the cores shared among the node's processes."""
    if explicit:
        try:
            return max(1, int(explicit)), "set by the environment"
        except ValueError:
            pass
    share = max(1, cores // max(1, processes))
    why = f"{cores} cores" + (f" shared by {processes} processes" if processes > 1 else "")
    return share, why


def busy_warning(load: float, cores: int, threads: int) -> str | None:
    """What to tell a user whose machine is already loaded (``None`` when it is not): the advice to take one thread
    per job only when this job takes more — one already following it is told what the load costs instead."""
    if load <= cores + 0.5:
        return None
    head = f"lat: warning: the machine is busy (load {load:.1f} on {cores} cores)"
    if threads > 1:
        return (
            f"{head}; other jobs compete for the same cores and everything here will run several times slower — "
            "run one job at a time, or give each LAT_THREADS=1"
        )
    return f"{head}; this job's one thread shares them, so expect it to run about {load / cores:.1f}× slower"


def configure_threads(log: Callable[[str], None] | None = None) -> int:
    """Set torch's intra-op threads for this process; warn (once) if the machine is already loaded."""
    import torch

    explicit = os.environ.get("LAT_THREADS") or os.environ.get("OMP_NUM_THREADS")
    processes = int(os.environ.get("LOCAL_WORLD_SIZE", "1") or 1)
    cores = cpu_count()
    threads, why = choose_threads(cores, processes, explicit)
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    say = log or (lambda msg: None)
    if not torch.cuda.is_available():
        say(f"lat: {threads} CPU thread(s) per process ({why}); set LAT_THREADS to change")
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):
            load = 0.0
        warning = busy_warning(load, cores, threads)
        if warning:
            say(warning)
    return threads


def progress_bar(iterable: Any = None, *, total: int | None = None, desc: str = "", enabled: bool = True) -> Any:
    """A tqdm bar with an ETA that also serves a log file: on a terminal it redraws freely and vanishes when done; when
    stderr is a file (a background job's log) it writes at most one update a minute and leaves its last line, so a
    long evaluation shows how far it got instead of one "evaluating …" line for twenty minutes."""
    import sys

    from tqdm.auto import tqdm

    tty = sys.stderr.isatty()
    return tqdm(iterable, total=total, desc=desc, disable=not enabled, leave=not tty, mininterval=0.1 if tty else 60)


# Warnings that libraries raise about each other's calls, not about anything a user of lat wrote or can change: PEFT
# asks every model `is_gradient_checkpointing` on wrapping, which transformers 5 deprecates. Silenced by message, so
# every other warning still shows.
LIBRARY_NOISE = (r"`is_gradient_checkpointing` is deprecated",)


def quiet_library_noise() -> None:
    import warnings

    for message in LIBRARY_NOISE:
        warnings.filterwarnings("ignore", message=message, category=FutureWarning)
