"""What every objective declares, and the one way objectives are built from a recipe.

An objective is a small dataclass whose fields are its coefficients (named like the keys of the recipe section it
reads: ``attack.toward`` → ``toward``), called on the model's outputs for a pair batch::

    loss, logs = objective(out, ref)   # out: pair_logits(...) = {chosen_logits, chosen_targets, rejected_…}

``logs`` maps names to *detached tensors*, not floats: reading a value to the host waits for the device, and the
attack calls its objective every PGD step; the attack loop and the trainer read a step's logs back once.

It declares what it needs, so the trainer can prepare exactly that:

- ``needs_reference``: whether ``ref`` (the adapter-disabled model's summed log-probs, :func:`reference_logprobs`)
  must be computed for the batch (DPO);
- ``rows``: which completions its loss reads — ``("chosen",)``, ``("rejected",)`` or both;
- ``needs_model``: it reads activations, not logits (RMU), so the trainer calls ``model_loss(model, pairs, ref)``
  (under δ) instead of handing it the logits;
- ``retain_loss``: a method ``retain_loss(model, retain_batch) -> (loss, logs)`` it adds on the retain batch
  (without δ), or None.

Adding one is a module with the class and one ``register`` call (``ATTACK_OBJECTIVES`` or ``DEFENSE_OBJECTIVES``);
config validation, ``lat ls`` and the CLI read the registries.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, Protocol, runtime_checkable

import torch

from lat.objectives.forward import ROWS


def host_values(values: dict[str, Any]) -> dict[str, float]:
    """``values`` (an objective's logs: detached tensors or floats) as floats, read back from the device in one copy
    rather than one wait per value."""
    tensors = [v.detach().float().reshape(()) for v in values.values() if isinstance(v, torch.Tensor)]
    read = iter(torch.stack(tensors).tolist() if tensors else [])
    return {k: next(read) if isinstance(v, torch.Tensor) else float(v) for k, v in values.items()}


@runtime_checkable
class Objective(Protocol):
    """The interface the attack loop and the trainer rely on."""

    needs_reference: ClassVar[bool]

    @property
    def rows(self) -> tuple[str, ...]: ...

    def __call__(
        self, out: dict[str, torch.Tensor], ref: dict[str, torch.Tensor] | None = None
    ) -> tuple[torch.Tensor, dict[str, float]]: ...


class ObjectiveBase:
    """Shared by the built-in objectives: ``from_config`` and the default ``rows`` (both completions)."""

    needs_reference: ClassVar[bool] = False
    needs_model: ClassVar[bool] = False
    retain_loss: ClassVar[Any] = None  # a subclass defines the method to add a term on the retain batch

    @property
    def rows(self) -> tuple[str, ...]:
        return ROWS

    @classmethod
    def from_config(cls, config: Any) -> ObjectiveBase:
        """Build from a recipe section (or any object): each dataclass field takes the attribute of the same name."""
        names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
        return cls(**{n: getattr(config, n) for n in names if hasattr(config, n)})


def build_objective(registry: Any, name: str, config: Any) -> Objective:
    """The one construction path: look ``name`` up (did-you-mean on a typo) and build it from ``config``.

    A registered class without ``from_config`` is built with no arguments.
    """
    cls = registry.get(name)
    obj = cls.from_config(config) if hasattr(cls, "from_config") else cls()
    if not isinstance(obj, Objective):
        raise TypeError(f"{registry.kind} '{name}' does not implement the Objective protocol (rows, needs_reference)")
    return obj
