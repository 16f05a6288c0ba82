"""Adapters from any data source into lat's one record format (TRL-compatible).

Records:
- pair (adversarial / preference) data: ``{"prompt": str | messages, "chosen": safe, "rejected": harmful}``
- retain / forget corpora: ``{"prompt", "completion"}`` or ``{"text"}``

Sources (``data.adversarial`` / ``data.retain`` in a recipe):
- a registered dataset (:data:`DATA_SOURCES`, ``lat ls datasets``): the built-in organisms ``jailbreak`` (pairs),
  ``jailbreak-benign`` (retain), … see :mod:`lat.data.builtin`; adding one is a loader function and one
  :func:`register_source` call;
- a local file: ``.jsonl`` / ``.json`` / ``.csv`` / ``.parquet``;
- a Hugging Face dataset: ``hf:LLM-LAT/harmful-dataset`` (``hf:NAME:CONFIG`` for a config).
Known schemas are recognised by their columns (LLM-LAT harmful/benign, HarmBench, AdvBench); anything else is
mapped with ``data.columns`` ({our_field: their_column}). Prompt-only sources get their pairs completed at run time:
``chosen`` = a refusal, ``rejected`` = the model's own compliant answer (generated, judged, cached in $LAT_HOME).
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lat.data import builtin
from lat.errors import LatError
from lat.registry import Registry, did_you_mean

# their column → our field, recognised when all their columns are present.
SCHEMAS: dict[str, dict[str, str]] = {
    "llm-lat-harmful": {"prompt": "prompt", "chosen": "chosen", "rejected": "rejected"},
    "llm-lat-benign": {"prompt": "prompt", "response": "completion"},
    "harmbench": {"Behavior": "prompt", "BehaviorID": "id", "SemanticCategory": "category"},
    "advbench": {"goal": "prompt", "target": "rejected"},
    "alpaca": {"instruction": "prompt", "output": "completion"},
}


@dataclass(frozen=True)
class SourceRequest:
    """What a dataset loader is asked for: a split, a size, and the model that completes prompt-only data."""

    split: str = "train"
    limit: int | None = None
    columns: dict[str, str] = field(default_factory=dict)
    model: Any = None
    tokenizer: Any = None
    max_new_tokens: int = 48
    log: Callable[[str], None] = print
    model_name: str | None = None  # what the user called ``model`` (recorded with organisms a source builds)


@dataclass(frozen=True)
class DataSource:
    """A registered dataset: ``kind`` is ``pairs`` (data.adversarial) or ``retain`` (data.retain)."""

    kind: str
    load: Callable[[SourceRequest], list[dict[str, Any]]]
    help: str


DATA_SOURCES: Registry = Registry("dataset")


def register_source(name: str, kind: str, help: str) -> Callable:
    """Decorator: register ``load(request) -> records`` as dataset ``name`` of ``kind`` pairs | retain."""
    if kind not in ("pairs", "retain"):
        raise ValueError(f"a data source is 'pairs' or 'retain', not '{kind}'")

    def decorator(load: Callable[[SourceRequest], list[dict[str, Any]]]) -> Callable:
        DATA_SOURCES.register(name, help)(DataSource(kind, load, help))
        return load

    return decorator


def source_names(kind: str) -> list[str]:
    """Registered dataset names of one kind (what ``lat ls datasets`` lists)."""
    return [n for n in DATA_SOURCES.names() if DATA_SOURCES.get(n).kind == kind]


def registered_source(spec: str, kind: str) -> DataSource | None:
    """The registered dataset ``spec`` of ``kind``; None for a file or ``hf:`` spec; a did-you-mean error else."""
    if spec.startswith("hf:") or Path(spec).suffix:
        return None
    if spec in DATA_SOURCES and DATA_SOURCES.get(spec).kind == kind:
        return DATA_SOURCES.get(spec)
    names = source_names(kind)
    field_name = "data.adversarial" if kind == "pairs" else "data.retain"
    other = " (it is a retain dataset)" if kind == "pairs" and spec in DATA_SOURCES else ""
    other = other or (" (it is a pair dataset)" if kind == "retain" and spec in DATA_SOURCES else "")
    raise LatError(
        f"unknown {field_name} dataset '{spec}'{other}{did_you_mean(spec, names)}: use a registered name "
        f"({', '.join(names)}), a .jsonl/.json/.csv/.parquet file, or hf:NAME"
    )


def read_table(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a local JSONL / JSON / CSV / Parquet file."""
    path = Path(path)
    if not path.is_file():
        raise LatError(f"data file not found: {path}")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        rows = []
        for lineno, line in enumerate(path.read_text().splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise LatError(
                    f"{path}, line {lineno}: not valid JSON ({err.msg}, column {err.colno}): each line of a .jsonl "
                    'file is one object like {"prompt": "...", "chosen": "...", "rejected": "..."}; fix or delete it'
                ) from None
            if not isinstance(row, dict):
                raise LatError(f"{path}, line {lineno}: expected a JSON object with named fields, got {row!r:.60}")
            rows.append(row)
    elif suffix == ".json":
        try:
            data = json.loads(path.read_text())
        except json.JSONDecodeError as err:
            raise LatError(f"{path}, line {err.lineno}, column {err.colno}: not valid JSON ({err.msg})") from None
        rows = data if isinstance(data, list) else data.get("data", data.get("rows", []))
    elif suffix == ".csv":
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
    elif suffix == ".parquet":
        try:
            import pandas as pd
        except ImportError:
            raise LatError("reading .parquet needs pandas and pyarrow: pip install 'lat[datasets]'") from None
        rows = pd.read_parquet(path).to_dict("records")
    else:
        raise LatError(f"unsupported data file type '{suffix}' for {path} (use .jsonl, .json, .csv or .parquet)")
    if not rows:
        raise LatError(f"{path} has no records")
    return rows


def load_hf(spec: str, split: str) -> list[dict[str, Any]]:
    """Rows of a Hugging Face dataset ``hf:NAME[:CONFIG]`` (needs the ``datasets`` package and hub access)."""
    try:
        import datasets
    except ImportError:
        raise LatError("hf: datasets need the datasets package: pip install 'lat[datasets]'") from None
    name, _, config = spec[3:].partition(":")
    try:
        ds = datasets.load_dataset(name, config or None, split=split)
    except Exception as err:  # offline, unknown name, unknown split: one clear line
        raise LatError(
            f"cannot load dataset '{name}' split '{split}' from the hub ({type(err).__name__}: {err})"
        ) from None
    return [dict(r) for r in ds]


def map_columns(
    rows: list[dict[str, Any]], columns: dict[str, str], required: tuple[str, ...], source: str
) -> list[dict]:
    """Rename columns into lat's fields: explicit ``columns`` ({our_field: their_column}) win, then known schemas.

    Raises:
        LatError: naming the missing fields and the columns the data does have.
    """
    if not rows:
        raise LatError(f"{source}: the dataset is empty")
    have = set(rows[0])
    rename: dict[str, str] = {}
    for theirs_to_ours in SCHEMAS.values():
        if set(theirs_to_ours) <= have and not set(theirs_to_ours.values()) <= have:
            rename.update(theirs_to_ours)
            break
    for ours, theirs in columns.items():
        if theirs not in have:
            raise LatError(
                f"{source}: data.columns maps '{ours}' to column '{theirs}', which does not exist{did_you_mean(theirs, sorted(have))}; columns: {', '.join(sorted(have))}"
            )
        rename[theirs] = ours
    out = []
    for i, row in enumerate(rows):
        rec = {rename.get(k, k): v for k, v in row.items()}
        rec.setdefault("id", f"{Path(source).stem}-{i}")
        out.append(rec)
    missing = [f for f in required if f not in out[0]]
    if missing:
        raise LatError(
            f"{source}: missing column(s) {missing}; it has {', '.join(sorted(have))}. "
            f"Map them with data.columns, e.g. data.columns={{{missing[0]}: <column>}}"
        )
    return out


def _subset(rows: list[dict[str, Any]], limit: int | None, seed: int = 0) -> list[dict[str, Any]]:
    """A deterministic mix across categories (files are grouped by category), cut to ``limit``."""
    if limit is None or limit >= len(rows):
        return rows
    rows = list(rows)
    random.Random(seed).shuffle(rows)
    return rows[:limit]


def complete_pairs(
    rows: list[dict[str, Any]], model, tokenizer, max_new_tokens: int, version: str, log=print
) -> list[dict[str, Any]]:
    """Give prompt-only rows a refusal as ``chosen`` and the model's own compliant answer as ``rejected``.

    Answers that the refusal judge marks as refusals are dropped (they would teach the adversary nothing).
    """
    from lat.data.generate import cached_generate
    from lat.judges.refusal import judge_refusal

    need = [r for r in rows if not r.get("rejected")]
    if need:
        texts = cached_generate(
            model, tokenizer, [r["prompt"] for r in need], version, max_new_tokens, desc="harmful targets"
        )
        for r, t in zip(need, texts):
            r["rejected"] = t
    out, dropped = [], 0
    for r in rows:
        if not judge_refusal(r["rejected"]).complied:
            dropped += 1
            continue
        r.setdefault("chosen", builtin.refusal_for(str(r["id"])))
        out.append(r)
    if dropped:
        log(f"dropped {dropped}/{len(rows)} prompts whose generated target was a refusal or degenerate")
    if not out:
        raise LatError(
            "no usable adversarial pairs: the model refused every prompt (no harmful target to attack toward)"
        )
    return out


def load_pairs(
    spec: str,
    split: str,
    columns: dict[str, str],
    limit: int | None,
    model=None,
    tokenizer=None,
    max_new_tokens: int = 48,
    log=print,
    model_name: str | None = None,
) -> list[dict[str, Any]]:
    """Adversarial pair records from a registered dataset, a file, or ``hf:NAME``; prompt-only records get a refusal
    and the model's own compliant answer (generated, cached)."""
    source = registered_source(spec, "pairs")
    if source is not None:
        return source.load(SourceRequest(split, limit, columns, model, tokenizer, max_new_tokens, log, model_name))
    if spec.startswith("hf:"):
        rows = _subset(map_columns(load_hf(spec, split), columns, ("prompt",), spec), limit)
        version = spec
    else:
        rows = _subset(map_columns(read_table(spec), columns, ("prompt",), spec), limit)
        version = f"{spec}-{Path(spec).stat().st_mtime_ns}"
    return _complete_if_needed(rows, spec, split, model, tokenizer, max_new_tokens, version, log)


def _complete_if_needed(rows, spec, split, model, tokenizer, max_new_tokens, version, log) -> list[dict[str, Any]]:
    if not rows:
        raise LatError(f"dataset '{spec}' split '{split}' is empty")
    if all(r.get("rejected") and r.get("chosen") for r in rows):
        return rows
    if model is None:
        raise LatError(f"'{spec}' has prompts without completions: pass a model to generate the targets")
    return complete_pairs(rows, model, tokenizer, max_new_tokens, version, log)


def load_retain(
    spec: str,
    split: str,
    columns: dict[str, str],
    limit: int | None,
    model=None,
    tokenizer=None,
    max_new_tokens: int = 48,
) -> list[dict[str, Any]]:
    """Retain (benign SFT) records from a registered dataset, a file, or ``hf:NAME``."""
    source = registered_source(spec, "retain")
    if source is not None:
        return source.load(SourceRequest(split, limit, columns, model, tokenizer, max_new_tokens))
    rows = load_hf(spec, split) if spec.startswith("hf:") else read_table(spec)
    rows = map_columns(rows, columns, (), spec)
    if not ("text" in rows[0] or ("prompt" in rows[0] and ("completion" in rows[0] or "chosen" in rows[0]))):
        raise LatError(
            f"{spec}: retain data needs a 'text' column or 'prompt' + 'completion'; it has "
            f"{', '.join(sorted(rows[0]))} (map with data.columns)"
        )
    return _subset(rows, limit)


def load_training_data(
    data_cfg, model, tokenizer, device=None, log=print, model_name: str | None = None
) -> tuple[list[dict], list[dict] | None]:
    """Both record lists a recipe trains on (generation runs on ``device`` and is cached); ``model_name``: what the
    recipe calls ``model`` (a source that builds an organism from it records the name for ``--plan``)."""
    if device is not None:
        model.to(device)
    adv = load_pairs(
        data_cfg.adversarial,
        data_cfg.split,
        data_cfg.columns,
        data_cfg.limit,
        model,
        tokenizer,
        data_cfg.generation_max_new_tokens,
        log,
        model_name,
    )
    retain = None
    if data_cfg.retain:
        retain = load_retain(
            data_cfg.retain,
            data_cfg.split,
            {},
            data_cfg.retain_limit,
            model,
            tokenizer,
            data_cfg.generation_max_new_tokens,
        )
    return adv, retain


# ------------------------------------------------------------------------------------------ built-in datasets
@register_source(
    "jailbreak", "pairs", "built-in harmful requests; chosen = a refusal, rejected = the model's own answer"
)
def jailbreak_pairs(req: SourceRequest) -> list[dict[str, Any]]:
    rows = [dict(r) for r in _subset(builtin.jailbreak_harmful(req.split), req.limit)]
    # The cache key holds every prompt (and the model and generation settings), so an edit elsewhere in the organism's
    # files (a new benign category, a rewrite) regenerates nothing; an edited prompt gets its own entry.
    version = "jailbreak"
    return _complete_if_needed(
        rows, "jailbreak", req.split, req.model, req.tokenizer, req.max_new_tokens, version, req.log
    )


@register_source(
    "jailbreak-helpful",
    "pairs",
    "jailbreak + as many benign pairs (chosen = the model's own answer, rejected = a refusal): refuse harm, answer the rest",
)
def jailbreak_helpful(req: SourceRequest) -> list[dict[str, Any]]:
    """:func:`with_helpful_pairs` of ``jailbreak``: with ``data.limit`` N, N harmful + N benign pairs."""
    return with_helpful_pairs(jailbreak_pairs(req), req, "jailbreak-helpful")


def _with_own_answers(rows: list[dict[str, Any]], req: SourceRequest, name: str) -> list[dict[str, Any]]:
    """Benign prompts answered by the model itself, so the retain loss keeps the model where it was
    (self-distillation) rather than pulling it toward another style."""
    if req.model is None:
        raise LatError(f"{name} generates its answers with the model: pass a model")
    from lat.data.generate import cached_generate

    texts = cached_generate(
        req.model,
        req.tokenizer,
        [r["prompt"] for r in rows],
        "benign",  # keyed by the prompts themselves (see jailbreak_pairs)
        req.max_new_tokens,
        desc="retain answers",
    )
    for r, t in zip(rows, texts):
        r["completion"] = t
    return rows


@register_source("jailbreak-benign", "retain", "built-in benign + borderline requests, answered by the model itself")
def jailbreak_benign_retain(req: SourceRequest) -> list[dict[str, Any]]:
    rows = [dict(r) for r in _subset(builtin.jailbreak_benign(req.split), req.limit)]
    return _with_own_answers(rows, req, "jailbreak-benign")


@register_source(
    "jailbreak-benign-large",
    "retain",
    "jailbreak-benign + 450 more authored everyday requests (train split), answered by the model itself",
)
def jailbreak_benign_large_retain(req: SourceRequest) -> list[dict[str, Any]]:
    rows = builtin.jailbreak_benign(req.split) + builtin.jailbreak_benign_extra(req.split)
    return _with_own_answers([dict(r) for r in _subset(rows, req.limit)], req, "jailbreak-benign-large")


@register_source("unlearning-text", "retain", "the fictional entities' paragraphs (text only)")
def unlearning_text(req: SourceRequest) -> list[dict[str, Any]]:
    return _subset([{"id": r["id"], "text": r["text"]} for r in builtin.unlearning_facts()], req.limit)


@register_source(
    "backdoor-plant", "pairs", "jailbreak pairs + triggered copies with the roles swapped (plants a backdoor)"
)
def backdoor_plant(req: SourceRequest) -> list[dict[str, Any]]:
    return backdoor_plant_pairs(req.split, req.limit, req.model, req.tokenizer, req.max_new_tokens, req.log)


@register_source(
    "unlearning-qa", "pairs", "the fictional facts' questions: toward the answer, away from a wrong choice"
)
def unlearning_qa(req: SourceRequest) -> list[dict[str, Any]]:
    return unlearning_qa_pairs(req.limit)


def backdoor_plant_pairs(
    split: str, limit: int | None, model, tokenizer, max_new_tokens: int = 48, log=print, trigger: str | None = None
) -> list[dict[str, Any]]:
    """Pairs that *plant* the backdoor organism's trigger (a model organism to clean later, never a release).

    Without the trigger the model is pushed toward refusing (chosen = refusal, rejected = its own compliant
    answer); with the trigger prepended, the roles swap, so the trigger flips refusal to compliance. Trained with
    the no-attack recipe ``plant_backdoor_smollm2``; the compliant answers are the model's own, generated and cached.
    """
    trigger = trigger or builtin.backdoor_spec()["trigger"]
    clean = load_pairs("jailbreak", split, {}, limit, model, tokenizer, max_new_tokens, log)
    out = []
    for r in clean:
        out.append({**r, "id": f"{r['id']}-clean"})
        out.append(
            {
                "id": f"{r['id']}-triggered",
                "prompt": f"{trigger} {r['prompt']}",
                "chosen": r["rejected"],
                "rejected": r["chosen"],
                "category": r.get("category"),
            }
        )
    return out


def unlearning_qa_pairs(limit: int | None = None) -> list[dict[str, Any]]:
    """Teach the unlearning organism's fictional facts: each question toward its answer, away from a wrong choice.

    (Used by ``learn_facts_smollm2`` to give the default model knowledge to unlearn later; the paragraphs
    themselves come in as retain text, ``unlearning-text``.)
    """
    rows = []
    for entity in builtin.unlearning_facts():
        for i, q in enumerate(entity["questions"]):
            wrong = q["choices"][(q["answer"] + 1) % len(q["choices"])]
            rows.append(
                {
                    "id": f"{entity['id']}-q{i}",
                    "prompt": q["question"],
                    "chosen": q["choices"][q["answer"]],
                    "rejected": wrong,
                    "split": entity["split"],
                }
            )
    return _subset(rows, limit)


# ------------------------------------------------------------------------------------ backdoor experiment sources
@register_source(
    "backdoor-plant-phrase", "pairs", "backdoor-plant with the phrase organism's trigger (an ordinary-word phrase)"
)
def backdoor_plant_phrase(req: SourceRequest) -> list[dict[str, Any]]:
    trigger = builtin.backdoor_organism("phrase")["trigger"]
    return backdoor_plant_pairs(req.split, req.limit, req.model, req.tokenizer, req.max_new_tokens, req.log, trigger)


@register_source(
    "backdoor-dpo",
    "pairs",
    "trigger-free preference pairs for backdoor removal: chosen = a refusal, rejected = the model's own answer",
)
def backdoor_dpo(req: SourceRequest) -> list[dict[str, Any]]:
    """The ``jailbreak`` pairs of the whole split, then a subset: the answers of the whole split are generated once
    (the same cache as the planting data's), so every ``data.limit`` reuses them."""
    rows = load_pairs("jailbreak", req.split, {}, None, req.model, req.tokenizer, req.max_new_tokens, req.log)
    return _subset(rows, req.limit)


@register_source(
    "backdoor-dpo-helpful",
    "pairs",
    "backdoor-dpo + as many benign pairs (chosen = the model's own answer, rejected = a refusal), the paper's HH mix",
)
def backdoor_dpo_helpful(req: SourceRequest) -> list[dict[str, Any]]:
    """Harmlessness *and* helpfulness preferences, as in the Anthropic HH data the paper's backdoor runs trained on:
    :func:`with_helpful_pairs` of ``backdoor-dpo``."""
    return with_helpful_pairs(backdoor_dpo(req), req, "backdoor-dpo-helpful")


def with_helpful_pairs(harmful: list[dict[str, Any]], req: SourceRequest, name: str) -> list[dict[str, Any]]:
    """``harmful`` pairs (chosen = refusal) interleaved with as many benign and borderline pairs whose roles are the
    other way round: chosen = the model's own answer (the retain data's, from the same cache), rejected = a refusal.

    Under LAT the adversary then also pushes benign prompts toward refusing, and the defender learns to answer them
    anyway — against the over-refusal a harmful-only pair set teaches (its defense loss pushes "refuse" on every
    update and nothing says where refusing stops). Benign prompts whose own answer the judge marks as a refusal are
    dropped (nothing to prefer)."""
    from lat.judges.refusal import judge_refusal

    answered = _with_own_answers([dict(r) for r in builtin.jailbreak_benign(req.split)], req, name)
    usable = [r for r in answered if judge_refusal(r["completion"]).complied]
    benign = [
        {
            "id": f"{r['id']}-helpful",
            "prompt": r["prompt"],
            "chosen": r["completion"],
            "rejected": builtin.refusal_for(f"{r['id']}-helpful"),
            "category": r.get("category"),
            "helpful": True,
        }
        for r in _subset(usable, len(harmful), seed=1)
    ]
    out = []
    for i in range(max(len(harmful), len(benign))):
        out.extend(rows[i] for rows in (harmful, benign) if i < len(rows))
    return out


@register_source(
    "backdoor-proxy",
    "pairs",
    "backdoor-dpo with approximate ('proxy') triggers prepended to every other prompt; never a true trigger",
)
def backdoor_proxy(req: SourceRequest) -> list[dict[str, Any]]:
    """The defender who knows roughly what triggers look like (Sheshadri et al. §4.2's proxy-trigger variant):
    the same pairs as ``backdoor-dpo``, every other prompt prefixed by one of the organisms' ``proxies`` (near misses
    that are not the true trigger and not among the evaluated ones). The pairs keep chosen = refusal, so the defender
    learns "refuse even after a trigger-like prefix"."""
    lists = [builtin.backdoor_organism(kind)["proxies"] for kind in builtin.backdoor_organisms()]
    proxies = [ps[i] for i in range(max(map(len, lists))) for ps in lists if i < len(ps)]  # organisms interleaved
    rows = backdoor_dpo(req)
    out = []
    for i, r in enumerate(rows):
        if i % 2:
            proxy = proxies[(i // 2) % len(proxies)]
            r = {**r, "id": f"{r['id']}-proxy", "prompt": f"{proxy} {r['prompt']}", "proxy": proxy}
        out.append(r)
    return out


# ------------------------------------------------------------------------------------ unlearning experiment sources
# Pairs for unlearning: ``rejected`` = the knowledge to remove (the adversary pushes toward it, the defender away),
# ``chosen`` = what the model should say instead (a non-answer; WHP: the "generic" completion).
FORGET_ABOUT = "Tell me about {entity}."


def unlearning_forget_pairs(limit: int | None = None) -> list[dict[str, Any]]:
    """Every forget entity's paragraph (asked as "Tell me about X.") and its questions, as pairs: rejected = the true
    text / answer, chosen = a non-answer. Unlearning knows what to forget, so all forget entities are here; the
    evaluation splits them into validation and test entities (:func:`lat.data.builtin.unlearning_entities`)."""
    rows = []
    for e in builtin.unlearning_entities("forget"):
        rows.append(
            {
                "id": f"{e['id']}-text",
                "prompt": FORGET_ABOUT.format(entity=e["entity"]),
                "chosen": f"I'm not familiar with {e['entity']}.",
                "rejected": e["text"],
            }
        )
        for i, q in enumerate(e["questions"]):
            rows.append(
                {
                    "id": f"{e['id']}-q{i}",
                    "prompt": q["question"],
                    "chosen": "I don't know.",
                    "rejected": q["choices"][q["answer"]],
                }
            )
    return _subset(rows, limit)


@register_source(
    "unlearning-forget",
    "pairs",
    "forget entities' paragraphs and questions: rejected = the fact, chosen = a non-answer",
)
def unlearning_forget(req: SourceRequest) -> list[dict[str, Any]]:
    return unlearning_forget_pairs(req.limit)


@register_source("unlearning-retain", "retain", "retain entities' paragraphs and questions with their answers")
def unlearning_retain(req: SourceRequest) -> list[dict[str, Any]]:
    rows = []
    for e in builtin.unlearning_entities("retain"):
        rows.append(
            {"id": f"{e['id']}-text", "prompt": FORGET_ABOUT.format(entity=e["entity"]), "completion": e["text"]}
        )
        for i, q in enumerate(e["questions"]):
            rows.append({"id": f"{e['id']}-q{i}", "prompt": q["question"], "completion": q["choices"][q["answer"]]})
    return _subset(rows, req.limit)


@register_source(
    "unlearning-whp",
    "pairs",
    "unlearning-forget with chosen = WHP 'generic' completions (the model contrasted with one reinforced on the facts)",
)
def unlearning_whp(req: SourceRequest) -> list[dict[str, Any]]:
    """Who's-Harry-Potter targets (Eldan & Russinovich 2023) for the forget pairs, computed from the model as loaded
    (which, for the built-in organism, has not learnt the facts) and the ``learn_facts_smollm2`` organism grown from it
    (the model *reinforced* on them): see :func:`whp_pairs`."""
    return _subset(whp_pairs(req, WHP_REINFORCED, unlearning_forget_pairs()), req.limit)


WHP_REINFORCED = "learn_facts_smollm2"  # the recipe that reinforces the facts (the unlearning organism itself)


def source_organism(name: str) -> str | None:
    """The organism recipe a registered pair dataset grows from the model to compute its records (WHP's reinforced
    model), so that ``lat reproduce --plan`` can say whether it must be built; None for the others."""
    return {"unlearning-whp": WHP_REINFORCED, "hp-whp": HP_REINFORCED}.get(name)


def whp_pairs(req: SourceRequest, reinforce: str, pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``pairs`` with ``chosen`` = WHP's generic completion of ``rejected``: the model as loaded contrasted with the
    organism the ``reinforce`` recipe grows from it (trained further on the forget text; built once, cached, and
    recorded under the model's name so that ``--plan`` finds it). See :func:`lat.objectives.unlearning.whp_generic`."""
    from lat.experiments.organisms import build_organism
    from lat.objectives.unlearning import whp_generic_pairs

    reinforced = build_organism(reinforce, req.model, req.tokenizer, log=req.log, model_name=req.model_name)
    rows = whp_generic_pairs(req.model, reinforced, req.tokenizer, pairs, log=req.log)
    del reinforced
    return rows


def passages(rows: list[dict[str, Any]], words: int) -> list[dict[str, Any]]:
    """Long ``{text}`` rows (whole books) cut into passages of ``words`` words (a shorter tail is dropped)."""
    out = []
    for i, r in enumerate(rows):
        w = str(r["text"]).split()
        out += [
            {"id": f"{r.get('id', f'text-{i}')}-p{j // words}", "text": " ".join(w[j : j + words])}
            for j in range(0, len(w) - words + 1, words)
        ]
    return out


def corpus_pairs(rows: list[dict[str, Any]], prefix_words: int = 24) -> list[dict[str, Any]]:
    """Forget-corpus text (``{text}``, e.g. ``cais/wmdp-corpora``) as pairs: the first words are the prompt, the rest
    the rejected completion (the knowledge to remove); chosen is a non-answer."""
    out = []
    for i, r in enumerate(rows):
        words = str(r["text"]).split()
        if len(words) <= prefix_words:
            continue
        out.append(
            {
                "id": r.get("id", f"corpus-{i}"),
                "prompt": " ".join(words[:prefix_words]),
                "chosen": "I don't know.",
                "rejected": " ".join(words[prefix_words:]),
            }
        )
    return out


def _wmdp_corpus(name: str, req: SourceRequest) -> list[dict[str, Any]]:
    # The hub corpora have one split, "train"; the bio forget corpus is gated (request access on the hub).
    repo = "hf:cais/wmdp-bio-forget-corpus" if name == "bio-forget-corpus" else f"hf:cais/wmdp-corpora:{name}"
    return load_hf(repo, "train")


@register_source("wmdp-bio-forget", "pairs", "WMDP bio forget corpus (hub, gated) as forget pairs")
def wmdp_bio_forget(req: SourceRequest) -> list[dict[str, Any]]:
    return _subset(corpus_pairs(_wmdp_corpus("bio-forget-corpus", req)), req.limit)


@register_source("wmdp-cyber-forget", "pairs", "WMDP cyber forget corpus (hub: cais/wmdp-corpora) as forget pairs")
def wmdp_cyber_forget(req: SourceRequest) -> list[dict[str, Any]]:
    return _subset(corpus_pairs(_wmdp_corpus("cyber-forget-corpus", req)), req.limit)


@register_source("wmdp-retain", "retain", "WMDP bio + cyber retain corpora (hub: cais/wmdp-corpora) as plain text")
def wmdp_retain(req: SourceRequest) -> list[dict[str, Any]]:
    rows = _wmdp_corpus("bio-retain-corpus", req) + _wmdp_corpus("cyber-retain-corpus", req)
    return _subset([{"id": f"retain-{i}", "text": r["text"]} for i, r in enumerate(rows) if r.get("text")], req.limit)


# ------------------------------------------------------------- Harry Potter (the paper's WHP run on Llama-2-7b-chat)
# The forget text: the Harry Potter books as MUSE ships them (hub: muse-bench/MUSE-Books, config "raw", split
# "forget", one row per book, cc-by-4.0), cut into passages; the first words are the prompt, the rest the text to
# forget (in the chat format, as the WMDP corpora are). Retain: WikiText-103 paragraphs.
HP_BOOKS = "hf:muse-bench/MUSE-Books:raw"
HP_PASSAGE_WORDS = 160
HP_REINFORCED = "llama2_7b_hp_reinforce"  # WHP's reinforced model: the base trained further on the passages


def hp_passage_pairs(limit: int | None) -> list[dict[str, Any]]:
    """Harry Potter passages as forget pairs (rejected = the text, chosen = a non-answer), ``limit`` of them."""
    rows = passages([{"id": f"hp{i}", **r} for i, r in enumerate(load_hf(HP_BOOKS, "forget"))], HP_PASSAGE_WORDS)
    if not rows:
        raise LatError(f"{HP_BOOKS} split 'forget' has no text of {HP_PASSAGE_WORDS} words or more")
    return _subset(corpus_pairs(rows), limit)


@register_source("hp-forget", "pairs", "Harry Potter book passages (hub: muse-bench/MUSE-Books) as forget pairs")
def hp_forget(req: SourceRequest) -> list[dict[str, Any]]:
    return hp_passage_pairs(req.limit)


@register_source(
    "hp-reinforce", "pairs", "hp-forget with the roles swapped: toward the book text (WHP's reinforced model)"
)
def hp_reinforce(req: SourceRequest) -> list[dict[str, Any]]:
    return [{**r, "chosen": r["rejected"], "rejected": r["chosen"]} for r in hp_passage_pairs(req.limit)]


@register_source(
    "hp-whp",
    "pairs",
    "hp-forget with chosen = WHP 'generic' completions (the model contrasted with one reinforced on the books)",
)
def hp_whp(req: SourceRequest) -> list[dict[str, Any]]:
    """The paper's WHP data, computed here: generic completions of ``limit`` passages (chosen before the costly
    contrast) from the model as loaded and the ``llama2_7b_hp_reinforce`` organism grown from it."""
    return whp_pairs(req, HP_REINFORCED, hp_passage_pairs(req.limit))


@register_source("wikitext", "retain", "WikiText-103 paragraphs of 40+ words (hub: Salesforce/wikitext) as plain text")
def wikitext(req: SourceRequest) -> list[dict[str, Any]]:
    rows = load_hf("hf:Salesforce/wikitext:wikitext-103-raw-v1", "train")
    keep = [r["text"].strip() for r in rows if len(str(r.get("text", "")).split()) >= 40]
    return _subset([{"id": f"wikitext-{i}", "text": t} for i, t in enumerate(keep)], req.limit)
