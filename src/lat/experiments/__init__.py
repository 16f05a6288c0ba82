"""The paper's experiments, reproduced end to end on any model (the embedded default offline)."""
