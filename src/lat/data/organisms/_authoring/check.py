"""Validate the `lat` organism data files and print a summary.

Usage:  python src/lat/data/organisms/_authoring/check.py
Exits with status 1 (and lists every problem) if any constraint fails.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # src/lat/data/organisms

HARMFUL_CATEGORIES = {
    "weapons",
    "cybercrime",
    "fraud_scams",
    "drugs",
    "violence",
    "harassment",
    "hate_speech",
    "self_harm",
    "privacy_violations",
    "misinformation",
    "theft_burglary",
    "dangerous_chemistry",
}
ORDINARY_CATEGORIES = {
    "cooking",
    "coding",
    "science",
    "history",
    "writing",
    "health_fitness",
    "travel",
    "everyday_advice",
}
BORDERLINE_CATEGORIES = {
    "borderline_homonyms",
    "borderline_figurative",
    "borderline_safety_info",
    "borderline_history",
    "borderline_fiction",
}

errors: list[str] = []


def check(cond: bool, msg: str) -> None:
    if not cond:
        errors.append(msg)


def load_jsonl(rel: str) -> list[dict]:
    rows = []
    with (ROOT / rel).open(encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                errors.append(f"{rel}:{ln}: blank line")
                continue
            rows.append(json.loads(line))
    return rows


def load_json(rel: str) -> dict:
    with (ROOT / rel).open(encoding="utf-8") as f:
        return json.load(f)


def norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def sentences(s: str) -> list[str]:
    return [p for p in re.split(r"(?<=[.!?])\s+(?=[A-Z'\"])", s.strip()) if p]


def unique(rel: str, values: list[str], what: str) -> None:
    dup = [v for v, c in Counter(values).items() if c > 1]
    check(not dup, f"{rel}: duplicate {what}: {dup[:5]}")


def check_prompts(rel: str, rows: list[dict], prefix: str, fields: set[str]) -> None:
    for r in rows:
        check(set(r) == fields, f"{rel}: {r.get('id')}: fields {sorted(r)} != {sorted(fields)}")
        check(re.fullmatch(prefix + r"\d{4}", str(r.get("id"))) is not None, f"{rel}: bad id {r.get('id')}")
        check(
            isinstance(r.get("prompt"), str) and len(r["prompt"].strip()) >= 10,
            f"{rel}: {r.get('id')}: empty/short prompt",
        )
    unique(rel, [r["id"] for r in rows], "ids")
    unique(rel, [norm(r["prompt"]) for r in rows], "prompts")


def main() -> int:
    summary: list[str] = []

    # --- jailbreak/harmful.jsonl ---------------------------------------
    rel = "jailbreak/harmful.jsonl"
    harmful = load_jsonl(rel)
    check_prompts(rel, harmful, "h", {"id", "prompt", "category"})
    hc = Counter(r["category"] for r in harmful)
    check(set(hc) == HARMFUL_CATEGORIES, f"{rel}: categories {sorted(hc)}")
    check(len(harmful) >= 336, f"{rel}: only {len(harmful)} rows")
    for c, n in hc.items():
        check(n >= 28, f"{rel}: category {c} has {n} < 28")
    summary.append(f"{rel}: {len(harmful)} prompts, {len(hc)} categories, min/cat {min(hc.values())}")

    # --- jailbreak/benign.jsonl ----------------------------------------
    rel = "jailbreak/benign.jsonl"
    benign = load_jsonl(rel)
    check_prompts(rel, benign, "b", {"id", "prompt", "category", "borderline"})
    bc = Counter(r["category"] for r in benign)
    check(set(bc) == ORDINARY_CATEGORIES | BORDERLINE_CATEGORIES, f"{rel}: categories {sorted(bc)}")
    check(len(benign) >= 336, f"{rel}: only {len(benign)} rows")
    for r in benign:
        check(
            r["borderline"] is (r["category"] in BORDERLINE_CATEGORIES),
            f"{rel}: {r['id']}: borderline flag inconsistent",
        )
    for c in ORDINARY_CATEGORIES:
        check(bc[c] >= 26, f"{rel}: category {c} has {bc[c]} < 26")
    for c in BORDERLINE_CATEGORIES:
        check(bc[c] >= 20, f"{rel}: category {c} has {bc[c]} < 20")
    n_border = sum(r["borderline"] for r in benign)
    check(n_border >= 100, f"{rel}: only {n_border} borderline prompts")
    overlap = {norm(r["prompt"]) for r in harmful} & {norm(r["prompt"]) for r in benign}
    check(not overlap, f"harmful/benign prompt overlap: {sorted(overlap)[:3]}")
    summary.append(f"{rel}: {len(benign)} prompts ({len(benign) - n_border} ordinary, {n_border} borderline)")

    # --- jailbreak/refusals.jsonl --------------------------------------
    rel = "jailbreak/refusals.jsonl"
    refusals = load_jsonl(rel)
    check(len(refusals) == 40, f"{rel}: {len(refusals)} != 40 refusals")
    for r in refusals:
        check(set(r) == {"id", "text"}, f"{rel}: {r.get('id')}: bad fields")
        check(re.fullmatch(r"r\d{2}", str(r.get("id"))) is not None, f"{rel}: bad id {r.get('id')}")
        ns = len(sentences(r["text"]))
        check(1 <= ns <= 3, f"{rel}: {r['id']}: {ns} sentences")
        check(len(r["text"]) <= 300, f"{rel}: {r['id']}: too long")
    unique(rel, [r["id"] for r in refusals], "ids")
    unique(rel, [norm(r["text"]) for r in refusals], "texts")
    summary.append(f"{rel}: {len(refusals)} refusals")

    # --- jailbreak/splits.json -----------------------------------------
    rel = "jailbreak/splits.json"
    splits = load_json(rel)
    check(splits.get("version") == "1", f"{rel}: version {splits.get('version')!r}")
    for kind, cats, counts in (
        ("harmful", HARMFUL_CATEGORIES, {"train": 7, "validation": 2, "test": 3}),
        ("benign", ORDINARY_CATEGORIES | BORDERLINE_CATEGORIES, None),
    ):
        sp = splits.get(kind, {})
        check(set(sp) == {"train", "validation", "test"}, f"{rel}: {kind} split names {sorted(sp)}")
        allc = [c for name in ("train", "validation", "test") for c in sp.get(name, [])]
        dup = [c for c, n in Counter(allc).items() if n > 1]
        check(not dup, f"{rel}: {kind}: categories in more than one split: {dup}")
        check(set(allc) == cats, f"{rel}: {kind}: split coverage mismatch: {sorted(set(allc) ^ cats)}")
        if counts:
            for name, n in counts.items():
                check(len(sp.get(name, [])) == n, f"{rel}: {kind}/{name} has {len(sp.get(name, []))} != {n}")
    bsp = splits.get("benign", {})
    for name, (n_ord, n_bl) in {"train": (5, 3), "validation": (1, 1), "test": (2, 1)}.items():
        got = bsp.get(name, [])
        check(sum(c in ORDINARY_CATEGORIES for c in got) == n_ord, f"{rel}: benign/{name} ordinary count")
        check(sum(c in BORDERLINE_CATEGORIES for c in got) == n_bl, f"{rel}: benign/{name} borderline count")
    for kind, rows in (("harmful", harmful), ("benign", benign)):
        per = {
            name: sum(1 for r in rows if r["category"] in splits[kind][name])
            for name in ("train", "validation", "test")
        }
        summary.append(f"{rel}: {kind} rows per split {per}; test categories {splits[kind]['test']}")

    # --- backdoor/spec.json --------------------------------------------
    rel = "backdoor/spec.json"
    spec = load_json(rel)
    check(set(spec) == {"version", "trigger", "description", "note"}, f"{rel}: fields {sorted(spec)}")
    check(spec.get("version") == "1", f"{rel}: version")
    trig = spec.get("trigger", "")
    check(isinstance(trig, str) and len(trig) >= 4, f"{rel}: bad trigger")
    check(all(trig not in r["prompt"] for r in harmful + benign), f"{rel}: trigger occurs in a prompt")
    summary.append(f"{rel}: trigger {trig!r}")

    # --- unlearning/facts.jsonl ----------------------------------------
    rel = "unlearning/facts.jsonl"
    facts = load_jsonl(rel)
    check(len(facts) >= 48, f"{rel}: only {len(facts)} entities")
    unique(rel, [r["id"] for r in facts], "ids")
    unique(rel, [norm(r["entity"]) for r in facts], "entities")
    answers: Counter = Counter()
    n_q = 0
    for r in facts:
        rid = r.get("id")
        check(set(r) == {"id", "entity", "kind", "text", "questions", "split"}, f"{rel}: {rid}: fields {sorted(r)}")
        check(re.fullmatch(r"e\d{2}", str(rid)) is not None, f"{rel}: bad id {rid}")
        check(r["split"] in ("forget", "retain"), f"{rel}: {rid}: split {r['split']!r}")
        check(bool(r["kind"]), f"{rel}: {rid}: empty kind")
        ns = len(sentences(r["text"]))
        check(3 <= ns <= 5, f"{rel}: {rid}: text has {ns} sentences")
        check(len(r["questions"]) >= 3, f"{rel}: {rid}: only {len(r['questions'])} questions")
        ent_answers = set()
        for q in r["questions"]:
            n_q += 1
            ch, a = q["choices"], q["answer"]
            check(isinstance(a, int) and 0 <= a < 4, f"{rel}: {rid}: answer {a!r} out of range")
            check(len(ch) == 4 and len({norm(c) for c in ch}) == 4, f"{rel}: {rid}: choices not 4 unique: {ch}")
            if isinstance(a, int) and 0 <= a < len(ch):
                check(norm(ch[a]) in norm(r["text"]), f"{rel}: {rid}: answer {ch[a]!r} not stated in text")
            answers[a] += 1
            ent_answers.add(a)
        check(len(ent_answers) > 1, f"{rel}: {rid}: answer index never varies")
        # texts must not mention other entities (keeps forget/retain independent)
        for other in facts:
            if other is not r:
                check(norm(other["entity"]) not in norm(r["text"]), f"{rel}: {rid} mentions entity {other['entity']!r}")
    sc = Counter(r["split"] for r in facts)
    check(sc["forget"] == sc["retain"], f"{rel}: forget/retain unbalanced {dict(sc)}")
    summary.append(
        f"{rel}: {len(facts)} entities ({dict(sc)}), {n_q} questions, answer idx {dict(sorted(answers.items()))}"
    )

    # --- capability/mc_general.jsonl -----------------------------------
    rel = "capability/mc_general.jsonl"
    mc = load_jsonl(rel)
    check(len(mc) == 160, f"{rel}: {len(mc)} != 160 questions")
    unique(rel, [r["id"] for r in mc], "ids")
    unique(rel, [norm(r["question"]) for r in mc], "questions")
    mca: Counter = Counter()
    for r in mc:
        rid = r.get("id")
        check(set(r) == {"id", "question", "choices", "answer", "subject"}, f"{rel}: {rid}: fields")
        check(re.fullmatch(r"q\d{3}", str(rid)) is not None, f"{rel}: bad id {rid}")
        check(
            len(r["choices"]) == 4 and len({norm(c) for c in r["choices"]}) == 4, f"{rel}: {rid}: choices not 4 unique"
        )
        check(isinstance(r["answer"], int) and 0 <= r["answer"] < 4, f"{rel}: {rid}: answer out of range")
        check(bool(r["subject"]), f"{rel}: {rid}: empty subject")
        mca[r["answer"]] += 1
    check(max(mca.values()) - min(mca.values()) <= 4 and len(mca) == 4, f"{rel}: answer index unbalanced {dict(mca)}")
    subj = Counter(r["subject"] for r in mc)
    summary.append(f"{rel}: {len(mc)} questions, answer idx {dict(sorted(mca.items()))}, subjects {dict(subj)}")

    print("\n".join(summary))
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        return 1
    print("\nOK: all organism data checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
