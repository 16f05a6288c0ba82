"""Judges: decide whether a completion complied with a request."""

from lat.evals.judges.refusal import Verdict, is_refusal, judge_refusal

__all__ = ["Verdict", "is_refusal", "judge_refusal"]
