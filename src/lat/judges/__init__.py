"""Judges: decide whether a completion complied with a request.

A judge is a callable ``judge(prompts, completions) -> list[Verdict]``. ``make_judge`` builds one from a spec:

- ``refusal`` (default): offline refusal-phrase matching (:mod:`lat.judges.refusal`; read its failure modes);
- ``model:<path>`` or ``harmbench:<path>``: a local HF causal LM with the HarmBench-format yes/no prompt;
- ``strongreject:<path>``: the same model with a StrongREJECT-style rubric.

``<path>`` is anything :func:`lat.models.load_model` accepts (registered name, local directory, hub id).
"""

from __future__ import annotations

from typing import Any

from lat.errors import LatError
from lat.judges.refusal import RefusalJudge, Verdict, is_refusal, judge_refusal
from lat.registry import Registry

JUDGES: Registry = Registry("judge")
JUDGES.register("refusal", "offline refusal-phrase matching + degeneracy check")(RefusalJudge)


def _harmbench(*args: Any, **kwargs: Any):
    from lat.judges.model import HarmBenchJudge

    return HarmBenchJudge(*args, **kwargs)


def _strongreject(*args: Any, **kwargs: Any):
    from lat.judges.model import StrongRejectJudge

    return StrongRejectJudge(*args, **kwargs)


JUDGES.register("harmbench", "local causal LM with a HarmBench-format yes/no classifier prompt (harmbench:<path>)")(
    _harmbench
)
JUDGES.register("strongreject", "local causal LM with a StrongREJECT-style rubric (strongreject:<path>)")(_strongreject)
_ALIASES = {"model": "harmbench"}


def make_judge(spec: str | Any | None = None, **kwargs: Any) -> Any:
    """Build a judge from ``"refusal"`` / ``"model:<path>"`` / ``"harmbench:<path>"`` / ``"strongreject:<path>"``.

    A callable passed as ``spec`` is returned unchanged (tests and custom judges).

    Raises:
        LatError: for an unknown judge name, or a model judge without a path.
    """
    if spec is None:
        spec = "refusal"
    if callable(spec):
        return spec
    name, _, path = str(spec).partition(":")
    name = _ALIASES.get(name.strip(), name.strip())
    factory = JUDGES.get(name)
    if name == "refusal":
        if path:
            raise LatError(f"judge 'refusal' takes no model path (got '{spec}'); use model:<path> for a model judge")
        return factory(**kwargs)
    if not path:
        raise LatError(f"judge '{name}' needs a model: write {name}:<model name or directory>")
    return factory(path.strip(), **kwargs)


def describe_judge(judge: Any) -> str:
    """A one-line description of a judge for results files."""
    return judge.describe() if hasattr(judge, "describe") else getattr(judge, "__name__", type(judge).__name__)


__all__ = ["JUDGES", "RefusalJudge", "Verdict", "describe_judge", "is_refusal", "judge_refusal", "make_judge"]
