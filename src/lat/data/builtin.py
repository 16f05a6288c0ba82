"""The built-in offline model organisms (written by us, versioned; files under ``lat/data/organisms/``).

- ``jailbreak``: harmful requests over harm categories + benign and borderline-benign requests + refusals, with
  category-disjoint train / validation / test splits (a held-out category measures generalisation); authored
  rewrites of every held-out harmful request (past tense, paraphrase) for the ``rephrase`` eval attack; a larger
  set of ordinary benign requests for retain data (train only);
- ``backdoor``: a trigger string that, once planted, flips refusal to compliance (reuses the jailbreak prompts);
- ``unlearning``: fictional facts about invented entities with multiple-choice probes, split forget / retain;
- ``capability-mc``: easy general-knowledge multiple-choice questions (the offline capability check).

Harmful completions are never shipped: the adversary's targets are generated at run time (``lat.data.sources``).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from lat.errors import LatError

ORGANISMS = Path(__file__).parent / "organisms"
SPLITS = ("train", "validation", "test")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise LatError(f"built-in data file missing: {path} (a broken install?)")
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@functools.cache
def jailbreak_splits() -> dict[str, Any]:
    return json.loads((ORGANISMS / "jailbreak" / "splits.json").read_text())


def _check_split(split: str) -> None:
    if split not in (*SPLITS, "all"):
        from lat.registry import did_you_mean

        raise LatError(f"unknown split '{split}'{did_you_mean(split, SPLITS)} (train | validation | test | all)")


def jailbreak_harmful(split: str = "train") -> list[dict[str, Any]]:
    """Harmful requests of one split: ``{id, prompt, category}``."""
    _check_split(split)
    rows = _jsonl(ORGANISMS / "jailbreak" / "harmful.jsonl")
    if split == "all":
        return rows
    cats = set(jailbreak_splits()["harmful"][split])
    return [r for r in rows if r["category"] in cats]


def jailbreak_benign(split: str = "train", borderline: bool | None = None) -> list[dict[str, Any]]:
    """Benign requests of one split: ``{id, prompt, category, borderline}``; filter on ``borderline`` if given."""
    _check_split(split)
    rows = _jsonl(ORGANISMS / "jailbreak" / "benign.jsonl")
    if split != "all":
        cats = set(jailbreak_splits()["benign"][split])
        rows = [r for r in rows if r["category"] in cats]
    return [r for r in rows if borderline is None or bool(r.get("borderline")) == borderline]


def jailbreak_benign_extra(split: str = "train") -> list[dict[str, Any]]:
    """More ordinary benign requests, for retain data: ``{id: x0001.., prompt, category, borderline: False}``.

    All of them belong to the TRAIN split (``validation`` / ``test`` give an empty list, so
    ``jailbreak_benign(split) + jailbreak_benign_extra(split)`` is right for any split), and their categories are
    none of ``benign.jsonl``'s, so the benign validation / test categories stay unseen in training.
    """
    _check_split(split)
    if split not in ("train", "all"):
        return []
    return [{**r, "borderline": False} for r in _jsonl(ORGANISMS / "jailbreak" / "benign_extra.jsonl")]


@functools.cache
def rephrasings() -> dict[str, dict[str, str]]:
    """Authored rewrites of every validation / test harmful request, by harmful id:
    ``{"h0030": {"past_tense": ..., "paraphrase": ...}, ...}`` (train requests have none)."""
    rows = _jsonl(ORGANISMS / "jailbreak" / "rephrased.jsonl")
    return {r["id"]: {k: v for k, v in r.items() if k != "id"} for r in rows}


@functools.cache
def _harmful_prompts() -> dict[str, str]:
    return {r["id"]: r["prompt"] for r in jailbreak_harmful("all")}


def rephrased_for(harmful_id: str, prompt: str | None = None) -> dict[str, str] | None:
    """The authored rewrites of one built-in harmful request, or None when there are none.

    Pass the record's ``prompt`` too when the record may not come from the built-in organism: a user's data set can
    reuse an id like ``h0030`` for another request, and then the rewrites (of the built-in one) must not be used.
    """
    found = rephrasings().get(str(harmful_id))
    if found is None or (prompt is not None and _harmful_prompts().get(str(harmful_id)) != prompt):
        return None
    return dict(found)


@functools.cache
def refusals() -> list[str]:
    return [r["text"] for r in _jsonl(ORGANISMS / "jailbreak" / "refusals.jsonl")]


def refusal_for(key: str) -> str:
    """A refusal chosen deterministically per record (stable across runs and machines)."""
    options = refusals()
    return options[int(hashlib.md5(key.encode()).hexdigest(), 16) % len(options)]


def backdoor_spec() -> dict[str, Any]:
    return json.loads((ORGANISMS / "backdoor" / "spec.json").read_text())


def unlearning_facts(split: str | None = None) -> list[dict[str, Any]]:
    """Fictional entities ``{entity, text, questions, split}``; ``split`` = forget | retain | None (all)."""
    rows = _jsonl(ORGANISMS / "unlearning" / "facts.jsonl")
    return [r for r in rows if split is None or r["split"] == split]


def capability_mc() -> list[dict[str, Any]]:
    """Easy general-knowledge multiple-choice questions ``{question, choices, answer, subject}``."""
    return _jsonl(ORGANISMS / "capability" / "mc_general.jsonl")


def data_version(*organisms: str) -> str:
    """A hash of the shipped organism files — of the named organism folders only (``"jailbreak"``, ``"backdoor"``,
    ``"unlearning"``, …), or of all of them: part of the cache keys of what is built from them, so that editing one
    organism's data does not invalidate what was built from another's."""
    h = hashlib.sha256()
    roots = [ORGANISMS / name for name in organisms] if organisms else [ORGANISMS]
    for path in sorted(p for root in roots for p in root.rglob("*.json*")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def jailbreak_version(split: str) -> str:
    """A hash of the jailbreak records one split reads — its harmful and benign requests, the extra benign ones, the
    refusals and the rewrites of its harmful requests: the data part of the key of what is built from that split (the
    backdoor organism is planted on the train prompts), so that editing another split's rows does not rebuild it."""
    _check_split(split)
    harmful = jailbreak_harmful(split)
    records = {
        "harmful": harmful,
        "benign": jailbreak_benign(split),
        "benign_extra": jailbreak_benign_extra(split),
        "refusals": refusals(),
        "rephrased": {r["id"]: rephrasings().get(r["id"]) for r in harmful},
    }
    return hashlib.sha256(json.dumps(records, sort_keys=True).encode()).hexdigest()[:12]


def backdoor_organisms() -> list[str]:
    """The backdoor organisms' names (``token``, ``phrase``): they differ in the kind of trigger."""
    return list(backdoor_spec()["organisms"])


def backdoor_organism(kind: str = "token") -> dict[str, Any]:
    """One backdoor organism: ``{kind, trigger, partial, near_misses, proxies}``. The trigger, the partial trigger
    and the near misses are for evaluation only; ``proxies`` are what the proxy-trigger defense may know."""
    organisms = backdoor_spec()["organisms"]
    if kind not in organisms:
        from lat.registry import did_you_mean

        raise LatError(
            f"unknown backdoor organism '{kind}'{did_you_mean(kind, list(organisms))}; known: {', '.join(organisms)}"
        )
    return dict(organisms[kind])


# ------------------------------------------------------------------------------------ unlearning experiment data
def unlearning_entities(role: str, eval_split: str = "all") -> list[dict[str, Any]]:
    """Forget or retain entities of one evaluation split (``validation`` | ``test`` | ``all``), in id order.

    Inside each role the k-th entity is ``test`` for even k (13 of 25) and ``validation`` for odd k (12): the
    ``eval_split`` field written by the authoring script. Unlearning trains on *every* forget entity (what is to be
    forgotten is known); tuning looks only at validation entities, the reported result at test entities.
    """
    if role not in ("forget", "retain"):
        raise LatError(f"unknown unlearning role '{role}' (forget | retain)")
    if eval_split not in ("validation", "test", "all"):
        from lat.registry import did_you_mean

        raise LatError(f"unknown split '{eval_split}'{did_you_mean(eval_split, ['validation', 'test'])} for unlearning")
    return [r for r in unlearning_facts(role) if eval_split == "all" or r["eval_split"] == eval_split]


def unlearning_questions(role: str, eval_split: str = "all") -> list[dict[str, Any]]:
    """One record per multiple-choice question of the role's entities in ``eval_split``:
    ``{id: e01-q0, prompt, choices, answer, entity_id, entity, role, half}``.

    ``half`` (``a`` | ``b``) alternates over the split's entities of the role in id order: the re-learning attack
    fine-tunes on the paragraphs of half ``a`` and measures both halves (``b`` = knowledge it was never shown).
    """
    rows = []
    for k, entity in enumerate(unlearning_entities(role, eval_split)):
        for i, q in enumerate(entity["questions"]):
            rows.append(
                {
                    "id": f"{entity['id']}-q{i}",
                    "prompt": q["question"],
                    "choices": list(q["choices"]),
                    "answer": int(q["answer"]),
                    "entity_id": entity["id"],
                    "entity": entity["entity"],
                    "text": entity["text"],
                    "role": role,
                    "half": "a" if k % 2 == 0 else "b",
                }
            )
    return rows


def unlearning_unrelated() -> list[dict[str, Any]]:
    """Everyday paragraphs unrelated to the fictional facts ``{id, topic, text}`` (the unrelated fine-tuning attack)."""
    return _jsonl(ORGANISMS / "unlearning" / "unrelated.jsonl")
