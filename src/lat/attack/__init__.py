"""The inner loop: projected gradient descent on δ with the model frozen."""

from lat.attack.pgd import AttackResult, frozen, pgd_attack

__all__ = ["AttackResult", "frozen", "pgd_attack"]
