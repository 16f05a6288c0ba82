"""``lat bench``: what a LAT step costs, measured side by side in one process (see :mod:`lat.bench.step`)."""

from lat.bench.step import SHAPES, StepBench, analytic_attack_fraction, random_llama, run_bench

__all__ = ["SHAPES", "StepBench", "analytic_attack_fraction", "random_llama", "run_bench"]
