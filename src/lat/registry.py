"""A small named registry with did-you-mean errors, shared by objectives, adversaries, attacks, judges and models."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from lat.errors import LatError

T = TypeVar("T")


def did_you_mean(name: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return `` — did you mean 'x'?`` for the closest choice, or an empty string."""

    def score(choice: str) -> float:
        # Also match against the choice's prefix, so "smolm2" finds "smollm2-135m-instruct".
        whole = difflib.SequenceMatcher(None, name, choice).ratio()
        prefix = difflib.SequenceMatcher(None, name, choice[: len(name) + 1]).ratio() if len(name) >= 4 else 0.0
        return max(whole, prefix)

    best = max(choices, key=score, default=None)
    return f" — did you mean '{best}'?" if best is not None and score(best) >= 0.5 else ""


def check_choice(where: str, value: object, choices: list[str] | tuple[str, ...]) -> None:
    """Raise :class:`LatError` naming the valid choices (and the closest one) unless ``value`` is one of them."""
    if value not in choices:
        raise LatError(f"{where}: '{value}' is not one of {', '.join(choices)}{did_you_mean(str(value), choices)}")


class Registry(Generic[T]):
    """Maps names to classes or factories.

    Example:
        >>> OBJECTIVES = Registry("objective")
        >>> @OBJECTIVES.register("toward")
        ... class Toward: ...
        >>> OBJECTIVES.get("towrd")  # raises LatError: unknown objective 'towrd' — did you mean 'toward'?
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}
        self._help: dict[str, str] = {}

    def register(self, name: str, help: str | None = None) -> Callable[[T], T]:
        def decorator(obj: T) -> T:
            if name in self._items:
                raise ValueError(f"{self.kind} '{name}' is registered twice")
            self._items[name] = obj
            doc = help or (getattr(obj, "__doc__", None) or "").strip().split("\n")[0]
            self._help[name] = doc
            return obj

        return decorator

    def unregister(self, name: str) -> None:
        """Remove an entry (tests and notebooks that register something temporary)."""
        self._items.pop(name, None)
        self._help.pop(name, None)

    def get(self, name: str) -> T:
        if name not in self._items:
            raise LatError(
                f"unknown {self.kind} '{name}'{did_you_mean(name, self.names())}; known: {', '.join(self.names())}"
            )
        return self._items[name]

    def names(self) -> list[str]:
        return sorted(self._items)

    def describe(self) -> list[tuple[str, str]]:
        return [(n, self._help[n]) for n in self.names()]

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())
