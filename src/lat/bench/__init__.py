"""``lat bench``: what a LAT step costs, measured side by side in one process (see :mod:`lat.bench.step`)."""

from lat.bench.step import StepBench, analytic_attack_fraction, random_llama, run_bench

__all__ = ["StepBench", "analytic_attack_fraction", "random_llama", "run_bench"]
