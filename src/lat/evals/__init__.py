"""Evaluation: attacks for evaluation (``attacks``), judges, metrics (ASR with Wilson CIs), capability and
over-refusal, the runner behind ``lat eval`` and the report behind ``lat report``.

Submodules are imported on use (``lat.evals.runner`` pulls in torch); this package only re-exports the judges.
"""

from lat.judges.refusal import Verdict, is_refusal, judge_refusal

__all__ = ["Verdict", "is_refusal", "judge_refusal"]
