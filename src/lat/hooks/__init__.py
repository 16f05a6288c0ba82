"""Where a perturbation enters the model: hook points (decoder blocks, token embeddings) and the hook context."""

from lat.hooks.layers import EMBEDDING, HookPoint, get_decoder_layers, parse_layers, resolve_hook_points
from lat.hooks.perturb import add_perturbations, capture_activations

__all__ = [
    "EMBEDDING",
    "HookPoint",
    "add_perturbations",
    "capture_activations",
    "get_decoder_layers",
    "parse_layers",
    "resolve_hook_points",
]
