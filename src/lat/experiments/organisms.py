"""Model organisms: the model every method of an experiment starts from, built once by a recipe and cached.

The backdoor experiment starts from a model with a planted trigger, the unlearning experiment from one that has
learnt the fictional facts. Building the organism is not a method under test: it is a plain training run of its
recipe (no attack) whose LoRA is merged into the weights, saved as safetensors under
``$LAT_HOME/organisms/<recipe name>-<key>/merged`` and loaded from there on every later run. The key covers
everything that changes the result — the resolved recipe, the starting model's weights and the organism data's
version — so a change of any of them builds a new organism instead of silently reusing a stale one.
"""

from __future__ import annotations

import copy
import hashlib
import json
import time
from pathlib import Path
from typing import Any

from lat.paths import lat_home


def organism_key(recipe: Any, model: Any) -> str:
    """What makes a cached organism reusable: the recipe's non-default settings (folder and progress bar aside), the
    starting model's weights and the version of the built-in data its datasets read (not of every organism's)."""
    from lat.config import non_default_settings
    from lat.data.builtin import ORGANISMS, data_version
    from lat.data.generate import model_fingerprint

    settings = non_default_settings(recipe)
    for key in ("output_dir", "progress", "resume", "overwrite", "merge"):
        settings["train"].pop(key, None)
    settings["model"].pop("name", None)  # the weights' fingerprint identifies the model
    sources = f"{recipe.data.adversarial} {recipe.data.retain}"
    folders = sorted(p.name for p in ORGANISMS.iterdir() if p.is_dir() and not p.name.startswith("_"))
    read = [f for f in folders if f in sources] + (["jailbreak"] if "backdoor" in sources else [])
    data = data_version(*sorted(set(read))) if read else data_version()
    blob = json.dumps(
        {"recipe": settings, "model": model_fingerprint(model), "data": data}, sort_keys=True, default=str
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def organism_dir(recipe: Any, model: Any) -> Path:
    return lat_home() / "organisms" / f"{recipe.name}-{organism_key(recipe, model)}"


def build_organism(recipe_spec: str, model: Any, tokenizer: Any, overrides: list[str] | None = None, log=print) -> Any:
    """The organism of ``recipe_spec`` (a recipe name, optionally with overrides) grown from ``model``: loaded from
    the cache if it was built before, else trained (the model is deep-copied; ``model`` itself is untouched),
    merged and cached. Returns the merged model, in eval mode, on ``model``'s device."""
    import torch
    from transformers import AutoModelForCausalLM

    from lat.config import load_recipe
    from lat.training import train

    name, *own = recipe_spec.split()
    recipe = load_recipe(name, [*(overrides or []), *own])
    folder = organism_dir(recipe, model)
    merged = folder / "merged"
    device = next(model.parameters()).device
    if not (merged / "config.json").is_file():
        log(f"building the {recipe.name} organism ({recipe.train.steps} steps; cached in {folder}) …")
        t0 = time.perf_counter()
        r = load_recipe(
            recipe.to_dict(),
            [f"train.output_dir={folder}", "train.merge=true", "train.resume=auto", "train.progress=true"],
        )
        trainer = train(r, model=copy.deepcopy(model), tokenizer=tokenizer)
        (folder / "organism.json").write_text(
            json.dumps({"recipe": recipe_spec, "train_s": time.perf_counter() - t0, "history": trainer.history[-1:]})
        )
        trainer.accelerator.free_memory()
        del trainer
        log(f"organism built in {time.perf_counter() - t0:.0f}s")
    dtype = next(model.parameters()).dtype
    organism = AutoModelForCausalLM.from_pretrained(merged, dtype=dtype).to(device)
    organism.eval()
    torch.manual_seed(0)
    return organism
