"""lat: targeted latent adversarial training (Sheshadri et al. 2024, arXiv 2407.15549) for any HF decoder.

The package layout follows the paper's concepts:

- ``lat.hooks``       where a perturbation enters the model (residual stream after a block, token embeddings)
- ``lat.adversaries`` what the perturbation is (per-token δ, low-rank) and where ε is enforced (``constraints``)
- ``lat.attack``      the inner loop: projected gradient descent on δ with the model frozen
- ``lat.objectives``  the losses attacker and defender minimise (toward / away / SFT / KL / DPO)
- ``lat.training``    the outer loop: defense steps under the attack, checkpoints, resume
- ``lat.models``      model registry and loading (embedded offline default, hub ids, local dirs)
- ``lat.data``        one record format, adapters, tokenisation with prompt/completion masks, built-in organisms
- ``lat.evals``       attacks for evaluation, judges, capability metrics, reports

Heavy imports (torch, transformers) happen inside the modules that need them, so ``import lat`` and
``lat --help`` stay instant.
"""

from __future__ import annotations

__version__ = "0.1.0"
