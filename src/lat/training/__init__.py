"""The outer loop: defense steps under the attack, retain SFT, checkpoints and resume."""

from lat.training.trainer import LATTrainer, train

__all__ = ["LATTrainer", "train"]
