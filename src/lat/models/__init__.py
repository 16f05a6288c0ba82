"""Model registry and loading: the embedded offline defaults, hub ids and local directories, one call for all."""

from lat.models.loading import load_model, load_tokenizer, resolve_model_path
from lat.models.registry import MODELS, lat_home

__all__ = ["MODELS", "lat_home", "load_model", "load_tokenizer", "resolve_model_path"]
