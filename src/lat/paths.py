"""Where lat keeps what is never committed: the user cache ``$LAT_HOME`` (default ``~/.cache/lat``).

Converted model weights (``models/``), generated completions (``completions/``) and planted / learnt model
organisms live there. A neutral module, so that ``lat.data`` and ``lat.models`` need not import each other.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def lat_home() -> Path:
    """The user cache: model conversions, generated completions, eval caches. Never inside the repo."""
    return Path(os.environ.get("LAT_HOME", Path.home() / ".cache" / "lat")).expanduser()


def _umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux: ``/proc/self/status``), so
    that another thread creating a file meanwhile never sees a umask of 0; elsewhere set and restored at once."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o077)  # briefly the strictest mask, never 0: a file created meanwhile is owner-only
    os.umask(umask)
    return umask


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes: a plot) to ``path`` so that a reader never sees a partial file, even when several lat
    processes write the same file at once (one process per seed or method into one reproduction): each writes its
    own temporary file beside ``path`` and renames it over ``path`` (atomic on one filesystem; the last writer wins)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if isinstance(text, bytes) else "w") as f:
            f.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # the permissions a plain write would give (mkstemp's are owner-only)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
