"""The paper's experiments, reproduced end to end on any model (the embedded default offline).

=================  =====================================================================================
``base``           :class:`Experiment` (the settings of one reproduction) and :class:`ExperimentDefinition`
``runner``         the shared machinery: data, training, evaluation, resume, aggregation, report
``jailbreaks``     RT vs RT+EAT vs RT+LAT on held-out harm categories (§4.1)
``unlearning``     GD / RMU / WHP unlearning, each with and without LAT; re-learning attacks (§4.3)
``backdoors``      DPO vs DPO+EAT vs DPO+LAT (vs proxy triggers): a planted trigger removed blind (§4.2)
=================  =====================================================================================

A new experiment is one module that registers an :class:`ExperimentDefinition` in :data:`EXPERIMENTS` and one
import line here; ``lat reproduce --list`` shows it.
"""

from lat.experiments import backdoors, jailbreaks, unlearning  # noqa: F401  (registers)
from lat.experiments.base import EXPERIMENTS, Experiment, ExperimentDefinition
from lat.experiments.runner import run


def make_experiment(name: str, preset: str | None = None, quick: bool = False, **settings) -> Experiment:
    """The settings of experiment ``name`` (did-you-mean on a typo) for a preset, optionally ``quick``."""
    return EXPERIMENTS.get(name)().make(preset, quick, **settings)


__all__ = ["EXPERIMENTS", "Experiment", "ExperimentDefinition", "make_experiment", "run"]
