"""Checkpoints that resume as if never interrupted: trainable weights (safetensors), optimizer and scheduler state
(loaded with ``weights_only=True``), RNG states, the data position (the step), and the exact resolved config.

A checkpoint is written into ``step-N.tmp``, flushed to disk, and renamed to ``step-N``: a process killed while
writing (even ``kill -9``) leaves the previous checkpoints untouched, and ``train.resume=auto`` only ever picks a
complete one (``trainer_state.json`` is written last).
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

from lat.config import Recipe, dump_recipe
from lat.errors import LatError


def trainable_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {n: p.detach().cpu().contiguous() for n, p in model.named_parameters() if p.requires_grad}


def save_checkpoint(path: Path, model, optimizer, scheduler, step: int, recipe: Recipe, extra: dict[str, Any]) -> Path:
    """Write a checkpoint directory atomically (``.tmp`` then rename), so a crash never leaves a half checkpoint."""
    tmp = path.with_name(path.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)  # leftovers of a write that was killed
    tmp.mkdir(parents=True)
    save_file(trainable_state(model), str(tmp / "trainable.safetensors"))
    torch.save(optimizer.state_dict(), tmp / "optimizer.pt")
    torch.save(scheduler.state_dict(), tmp / "scheduler.pt")
    rng = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        rng.update({f"cuda{i}": s for i, s in enumerate(torch.cuda.get_rng_state_all())})
    save_file(rng, str(tmp / "rng.safetensors"))
    state = {"step": step, "python_random": list(_jsonable(random.getstate())), **extra}
    dump_recipe(recipe, tmp / "config.yaml")
    (tmp / "trainer_state.json").write_text(json.dumps(state, indent=1))  # last: its presence marks a complete one
    _fsync_dir(tmp)
    replace_dir(tmp, path)
    return path


def _fsync_dir(path: Path) -> None:
    """Flush a directory's files and the directory itself, so the rename below never publishes unwritten data."""
    for f in [*path.iterdir(), path]:
        try:
            fd = os.open(f, os.O_RDONLY)
        except OSError:  # some platforms cannot open directories
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def replace_dir(tmp: Path, path: Path) -> None:
    """Put the finished directory ``tmp`` at ``path``. The old ``path`` (if any) is moved aside first and deleted
    last, so at every instant one complete version exists under ``path`` or ``path.old``."""
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    tmp.rename(path)
    shutil.rmtree(old, ignore_errors=True)


def is_complete(path: Path) -> bool:
    return (path / "trainer_state.json").is_file() and (path / "trainable.safetensors").is_file()


def _jsonable(x: Any) -> Any:
    return [_jsonable(v) for v in x] if isinstance(x, (tuple, list)) else x


def _tuple(x: Any) -> Any:
    return tuple(_tuple(v) for v in x) if isinstance(x, list) else x


def checkpoint_step(path: Path) -> int:
    """The step a ``checkpoints/step-N`` folder was taken at."""
    return int(path.name.split("-", 1)[1])


def latest_checkpoint(output_dir: Path) -> Path | None:
    """The newest *complete* checkpoint in ``output_dir/checkpoints`` (partial or temporary ones are skipped)."""
    ckpts = [
        p
        for p in (Path(output_dir) / "checkpoints").glob("step-*")
        if p.name.split("-", 1)[1].isdigit() and is_complete(p)
    ]
    return max(ckpts, key=checkpoint_step) if ckpts else None


def load_checkpoint(path: Path, model, optimizer, scheduler) -> dict[str, Any]:
    """Restore a checkpoint in place and return its trainer state (``step`` = steps already done)."""
    if not (path / "trainer_state.json").is_file():
        raise LatError(f"{path} is not a lat checkpoint (no trainer_state.json)")
    weights = load_file(str(path / "trainable.safetensors"))
    params = dict(model.named_parameters())
    missing = [n for n in weights if n not in params]
    if missing:
        raise LatError(f"checkpoint {path} does not match this model/recipe: unknown parameters {missing[:3]}…")
    with torch.no_grad():
        for name, value in weights.items():
            params[name].copy_(value.to(params[name].device, params[name].dtype))
    optimizer.load_state_dict(torch.load(path / "optimizer.pt", weights_only=True, map_location="cpu"))
    scheduler.load_state_dict(torch.load(path / "scheduler.pt", weights_only=True, map_location="cpu"))
    rng = load_file(str(path / "rng.safetensors"))
    torch.set_rng_state(rng["torch"])
    if torch.cuda.is_available() and "cuda0" in rng:
        torch.cuda.set_rng_state_all([rng[f"cuda{i}"] for i in range(torch.cuda.device_count()) if f"cuda{i}" in rng])
    state = json.loads((path / "trainer_state.json").read_text())
    random.setstate(_tuple(state["python_random"]))
    return state
