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

from lat.paths import lat_home, write_atomic


def organism_recipe(recipe_spec: str, overrides: list[str] | None = None) -> Any:
    """The resolved recipe of ``recipe_spec`` (a recipe name, optionally followed by its own overrides) under
    ``overrides`` (the experiment's, applied first)."""
    from lat.config import load_recipe

    name, *own = recipe_spec.split()
    return load_recipe(name, [*(overrides or []), *own])


def _organism_fields(recipe: Any) -> dict[str, Any]:
    """What the cache key takes from the recipe: its non-default settings (folder and progress bar aside; the model
    is identified by its weights, not its name) and the version of the built-in data its datasets read (not of
    every organism's; of the jailbreak data, only the rows of the recipe's split)."""
    from lat.config import non_default_settings
    from lat.data.builtin import ORGANISMS, data_version, jailbreak_version

    settings = non_default_settings(recipe)
    for key in ("output_dir", "progress", "resume", "overwrite", "merge"):
        settings["train"].pop(key, None)
    settings["model"].pop("name", None)
    sources = f"{recipe.data.adversarial} {recipe.data.retain}"
    folders = sorted(p.name for p in ORGANISMS.iterdir() if p.is_dir() and not p.name.startswith("_"))
    read = sorted(set([f for f in folders if f in sources] + (["jailbreak"] if "backdoor" in sources else [])))
    if "jailbreak" in read and recipe.data.split != "all":  # only the rows of the split it trains on
        others = [f for f in read if f != "jailbreak"]
        data = f"jailbreak-{recipe.data.split}-{jailbreak_version(recipe.data.split)}"
        data = f"{data_version(*others)}+{data}" if others else data
        return {"recipe": settings, "data": data}
    return {"recipe": settings, "data": data_version(*read) if read else data_version()}


def _digest(fields: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()[:16]


def organism_key(recipe: Any, model: Any) -> str:
    """What makes a cached organism reusable: the recipe's settings and data (:func:`organism_settings_key`) and the
    starting model's weights."""
    from lat.data.generate import model_fingerprint

    return _digest({**_organism_fields(recipe), "model": model_fingerprint(model)})


def organism_settings_key(recipe: Any) -> str:
    """The part of :func:`organism_key` that needs no model (recorded with each organism for :func:`find_organism`)."""
    return _digest(_organism_fields(recipe))


def organism_dir(recipe: Any, model: Any) -> Path:
    return lat_home() / "organisms" / f"{recipe.name}-{organism_key(recipe, model)}"


def _built(recipe: Any) -> list[tuple[Path, dict[str, Any]]]:
    """Every built organism of ``recipe``'s name (any settings, any starting model) with its record."""
    out = []
    for record in sorted((lat_home() / "organisms").glob(f"{recipe.name}-*/organism.json")):
        if (record.parent / "merged" / "config.json").is_file():
            out.append((record.parent, json.loads(record.read_text())))
    return out


def find_organism(recipe: Any, model_name: str) -> Path | None:
    """A built organism of ``recipe`` grown from the model named ``model_name``, found without loading any model
    (for ``lat reproduce --plan``): matched on :func:`organism_settings_key` and the name the starting model was
    given, as :func:`build_organism` records them. The weights themselves are checked only by a run (a model
    replaced under the same name is found here, and rebuilt there); ``None`` when none was built."""
    key = organism_settings_key(recipe)
    return next(
        (f for f, info in _built(recipe) if info.get("settings_key") == key and info.get("model") == model_name), None
    )


def unrecorded_organisms(recipe: Any) -> list[Path]:
    """Built organisms of ``recipe``'s name that :func:`find_organism` cannot match for want of a record — built by an
    older lat (no settings key), or with these settings by a caller that did not name the model: a run may still
    reuse one (it matches on the weights), and records the fields when it does."""
    key = organism_settings_key(recipe)
    return [f for f, info in _built(recipe) if info.get("settings_key") in (None, key) and not info.get("model")]


def build_organism(
    recipe_spec: str,
    model: Any,
    tokenizer: Any,
    overrides: list[str] | None = None,
    log=print,
    model_name: str | None = None,
) -> Any:
    """The organism of ``recipe_spec`` (a recipe name, optionally with overrides) grown from ``model``: loaded from
    the cache if it was built before, else trained (the model is deep-copied; ``model`` itself is untouched),
    merged and cached; ``model_name`` (what the user called the model) is recorded for :func:`find_organism`.
    Returns the merged model, in eval mode, on ``model``'s device."""
    import torch
    from transformers import AutoModelForCausalLM

    from lat.config import load_recipe
    from lat.training import train

    recipe = organism_recipe(recipe_spec, overrides)
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
        record = {
            "recipe": recipe_spec,
            "model": model_name,
            "settings_key": organism_settings_key(recipe),
            "train_s": time.perf_counter() - t0,
            "history": trainer.history[-1:],
        }
        write_atomic(folder / "organism.json", json.dumps(record))
        trainer.accelerator.free_memory()
        del trainer
        log(f"organism built in {time.perf_counter() - t0:.0f}s")
    else:  # built before find_organism existed, or by a caller that did not name the model (a data source that
        # needs the organism, e.g. WHP's reinforced model): record what find_organism matches on, once
        info_path = folder / "organism.json"
        info = json.loads(info_path.read_text()) if info_path.is_file() else {"recipe": recipe_spec}
        if model_name and not (info.get("model") and info.get("settings_key")):
            write_atomic(
                info_path, json.dumps({**info, "model": model_name, "settings_key": organism_settings_key(recipe)})
            )
    dtype = next(model.parameters()).dtype
    organism = AutoModelForCausalLM.from_pretrained(merged, dtype=dtype).to(device)
    organism.eval()
    torch.manual_seed(0)
    return organism
