"""What an experiment is: a definition (what is compared, on which prompts, with which evaluation) and the settings
of one reproduction (model, methods, seeds, sizes, output folder). The runner (:mod:`lat.experiments.runner`) does
the rest — data, training, evaluation, resume, aggregation, report — for every registered experiment alike.

A new experiment is one module with an :class:`ExperimentDefinition` subclass registered in :data:`EXPERIMENTS`;
``lat reproduce NAME`` finds it there.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from lat.errors import LatError
from lat.registry import Registry, did_you_mean

EXPERIMENTS: Registry = Registry("experiment")


def trained_on(meta: dict[str, Any], data: str) -> str:
    """A report intro's words on training: the seeds and ``data`` (what every method trained on), or, for a report
    of the starting model alone (``--methods none``), that nothing was trained."""
    if not meta.get("recipes"):
        return "no method trained (the starting model alone)"
    return f"seeds {meta.get('seeds')}; {data}"


@dataclass
class Experiment:
    """The settings of one reproduction of a registered experiment.

    ``methods`` maps a label to a recipe, optionally followed by overrides for that method alone
    (``"rt_lat_smollm2 attack.epsilon=0.1"``); ``overrides`` apply to every recipe.
    """

    name: str
    model: str
    methods: dict[str, str]
    seeds: list[int] = field(default_factory=lambda: [0, 1, 2])
    overrides: list[str] = field(default_factory=list)
    split: str = "test"  # evaluation split (held-out); tuning uses "validation", never this
    n_harmful: int | None = None  # attacked eval prompts (None = the whole split)
    n_benign: int | None = None  # benign and borderline eval prompts each (None = all)
    n_gcg: int = 8  # GCG runs on this many prompts (it is the expensive one; 0 = off)
    n_latent: int | None = None  # latent / embedding PGD on this many prompts (None = every attacked prompt)
    suite_overrides: dict[str, Any] = field(default_factory=dict)
    attacks: list[str] | None = None  # eval attacks (None = the definition's suite)
    out: str = "runs/reproduce"
    # settings only one experiment has (e.g. which backdoor organism); the definition validates them in options()
    options: dict[str, Any] = field(default_factory=dict)
    reference: str | None = None  # the method every other is compared with (None = the definition's)
    jobs: int = 1  # runs trained at a time, each in its own process (lat.experiments.workers); not in any run key

    @property
    def definition(self) -> ExperimentDefinition:
        return EXPERIMENTS.get(self.name)()


class ExperimentDefinition:
    """Subclass per experiment; override what differs. The runner calls, in order: :meth:`prepare` (build the model
    organism every method starts from, cached), :meth:`eval_prompts`, :meth:`eval_suite`; every trained method and
    the starting model then face that suite, and :meth:`metrics` turns one run's results into the numbers the
    report aggregates over seeds."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    # preset → {"model": ..., "methods": {label: recipe}}; the first is the default
    presets: ClassVar[dict[str, dict[str, Any]]] = {}
    reference: ClassVar[str] = ""  # the method every other one is compared with
    quick: ClassVar[dict[str, Any]] = {}  # Experiment fields for ``--quick`` (the README's short CPU version)
    base_label: ClassVar[str] = "base"  # the starting model's row in the report

    # ------------------------------------------------------------------ construction
    def make(self, preset: str | None = None, quick: bool = False, **kw: Any) -> Experiment:
        """The experiment for a named preset; ``kw`` overrides its fields (``seeds=[0]``, ``out=...``)."""
        preset = preset or next(iter(self.presets))
        if preset not in self.presets:
            raise LatError(
                f"unknown preset '{preset}' for {self.name}{did_you_mean(preset, list(self.presets))}; "
                f"known: {', '.join(self.presets)}"
            )
        values: dict[str, Any] = {"out": f"runs/reproduce-{self.name}", **copy.deepcopy(self.presets[preset])}
        if quick:
            values.update({"out": f"runs/reproduce-{self.name}-quick", **copy.deepcopy(self.quick)})
        values.update(kw)
        known = {f.name for f in fields(Experiment)}
        unknown = set(values) - known
        if unknown:
            raise LatError(f"unknown experiment setting(s) {sorted(unknown)}; valid: {', '.join(sorted(known))}")
        return Experiment(name=self.name, **values)

    # ------------------------------------------------------------------ what the runner asks
    option_defaults: ClassVar[dict[str, Any]] = {}  # the experiment's own settings (``--option KEY=VALUE``)

    def options(self, exp: Experiment) -> dict[str, Any]:
        """``exp.options`` over :attr:`option_defaults`; an unknown key is an error with a suggestion."""
        for key in exp.options:
            if key not in self.option_defaults:
                raise LatError(
                    f"unknown option '{key}' for {self.name}{did_you_mean(key, list(self.option_defaults))}; "
                    f"known: {', '.join(self.option_defaults) or 'none'}"
                )
        return {**self.option_defaults, **exp.options}

    def latent_recipe(self, exp: Experiment, recipes: dict[str, Any], label: str) -> Any:
        """The recipe whose residual-stream layers (and ε) the suite's latent attack takes: the first of ``recipes``
        that attacks the residual stream, else the preset's method ``label`` for ``exp.model`` (the smollm2 preset's
        for a model no preset names) under the experiment's overrides. So a run of some methods only (``--methods
        RT+EAT``, or one process per method) faces the same suite as the whole comparison: same run keys, one
        evaluation of the starting model, runs that can be reported together."""
        from lat.config import load_recipe

        for r in recipes.values():
            if r.attack.enabled and any(str(x) != "embedding" for x in r.attack.layers):
                return r
        preset = next((p for p in self.presets.values() if p["model"] == exp.model), next(iter(self.presets.values())))
        return load_recipe(preset["methods"][label], [f"model.name={exp.model}", *exp.overrides])

    def organism(self, exp: Experiment) -> tuple[str, list[str]] | None:
        """The organism every method starts from, as ``(recipe spec, overrides)`` for
        :func:`lat.experiments.organisms.build_organism` (e.g. the recipe that plants a backdoor); ``None``: the
        model as loaded. Read by :meth:`prepare` and by ``--plan``, which says whether it must be built first."""
        return None

    def prepare(self, exp: Experiment, model: Any, tokenizer: Any, log: Any) -> Any:
        """The model every method starts from: :meth:`organism` built (or loaded from its cache), else the loaded
        model itself."""
        from lat.experiments.organisms import build_organism

        spec = self.organism(exp)
        if spec is None:
            return model
        return build_organism(spec[0], model, tokenizer, spec[1], log, model_name=exp.model)

    def eval_prompts(self, exp: Experiment) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """``(attacked prompts, benign prompts)`` of ``exp.split``."""
        raise NotImplementedError

    def prompt_notes(self, exp: Experiment) -> list[str]:
        """Lines said at launch (and by ``--plan``) about what the evaluation prompts leave out, e.g. benign
        categories of the split that ``n_benign`` cuts off; none by default."""
        return []

    def eval_suite(self, exp: Experiment, recipes: dict[str, Any]) -> dict[str, Any]:
        """The resolved eval suite (:func:`lat.evals.suites.get_suite`) every model faces."""
        raise NotImplementedError

    def metrics(self, results: dict[str, Any]) -> dict[str, float]:
        """One run's numbers: ASR per attack and in the worst case, benign/borderline compliance, drift, MC."""
        metrics = {f"asr/{k}": v["asr"] for k, v in results["summary"].items()}
        if results.get("worst_case", {}).get("n"):
            metrics["asr/worst-case"] = results["worst_case"]["asr"]
        cap = results.get("capability", {})
        for key in ("benign", "borderline"):
            if key in cap.get("benign_compliance", {}):
                metrics[f"compliance/{key}"] = cap["benign_compliance"][key]["rate"]
        if "kl" in cap.get("drift", {}):
            metrics["drift/kl"] = cap["drift"]["kl"]
        if "accuracy" in cap.get("mc", {}):
            metrics["mc/accuracy"] = cap["mc"]["accuracy"]
        return metrics

    def finish(self, out: Any, report: dict[str, Any], runs: list[dict[str, Any]]) -> dict[str, Any]:
        """After the shared report is written: an experiment's own post-processing (e.g. comparisons of method
        pairs, extra plots); returns the report. Default: nothing."""
        return report

    def intro(self, meta: dict[str, Any]) -> str:
        """The report's first paragraph (what was measured, on what)."""
        return (
            f"Model `{meta.get('model')}`; evaluated on the **{meta.get('split')}** split ({meta.get('n_harmful')} "
            f"attacked prompts, {meta.get('n_benign')} benign); seeds {meta.get('seeds')}."
        )
