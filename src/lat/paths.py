"""Where lat keeps what is never committed: the user cache ``$LAT_HOME`` (default ``~/.cache/lat``).

Converted model weights (``models/``), generated completions (``completions/``) and planted / learnt model
organisms live there. A neutral module, so that ``lat.data`` and ``lat.models`` need not import each other.
"""

from __future__ import annotations

import os
from pathlib import Path


def lat_home() -> Path:
    """The user cache: model conversions, generated completions, eval caches. Never inside the repo."""
    return Path(os.environ.get("LAT_HOME", Path.home() / ".cache" / "lat")).expanduser()
