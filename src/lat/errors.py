"""User-facing errors. The CLI prints these as one clear line (no traceback); everything else is a bug."""

from __future__ import annotations


class LatError(ValueError):
    """Bad input: a config key, a layer index, a dataset column, a model name. The message says what to fix."""
