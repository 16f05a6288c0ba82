"""The inner loop: projected gradient descent on δ with the model frozen, and generation under the found δ."""

from lat.attack.pgd import AttackResult, PGDSettings, pgd_attack

__all__ = ["AttackResult", "PGDSettings", "pgd_attack"]
