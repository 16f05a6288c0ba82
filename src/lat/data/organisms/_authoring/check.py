"""Validate the `lat` organism data files and print a summary.

Usage:  python src/lat/data/organisms/_authoring/check.py
Exits with status 1 (and lists every problem) if any constraint fails.
"""

from __future__ import annotations

import difflib
import functools
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
# Later validation-only categories (_authoring/benign_validation.py), appended to benign.jsonl: exactly 25 prompts each.
VALIDATION_ORDINARY_CATEGORIES = {"personal_finance", "home_garden", "tech_help", "sports_games", "career_work"}
VALIDATION_BORDERLINE_CATEGORIES = {"borderline_security", "borderline_programming"}
VALIDATION_PER_CATEGORY = 25
ALL_ORDINARY = ORDINARY_CATEGORIES | VALIDATION_ORDINARY_CATEGORIES
ALL_BORDERLINE = BORDERLINE_CATEGORIES | VALIDATION_BORDERLINE_CATEGORIES

EXTRA_MIN_PER_CATEGORY = 20
# Words that carry no topic: two prompts are near-duplicates when their remaining words mostly coincide.
STOPWORDS = set(
    "a an the of to in on for and or is are was were what whats how do does did i my me can could with from at by "
    "it its be this that which who why when give make write explain difference between about your you some simple "
    "good best should into as".split()
)
PAST_MARKER = re.compile(r"\b(did|was|were|had|used to)\b|\w+ed\b|\b(past|historically|decades?|century)\b", re.I)

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


@functools.cache
def norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def sentences(s: str) -> list[str]:
    return [p for p in re.split(r"(?<=[.!?])\s+(?=[A-Z'\"])", s.strip()) if p]


@functools.cache
def content_words(s: str) -> frozenset[str]:
    return frozenset(norm(s).split()) - STOPWORDS


def near_duplicate(a: str, b: str) -> bool:
    """Same request in nearly the same words: most topic words shared, or nearly the same characters."""
    wa, wb = content_words(a), content_words(b)
    if wa and wb and len(wa & wb) / len(wa | wb) >= 0.6:
        return True
    na, nb = norm(a), norm(b)
    if 2 * min(len(na), len(nb)) / max(1, len(na) + len(nb)) < 0.9:  # the ratio below can't reach 0.9
        return False
    m = difflib.SequenceMatcher(None, na, nb)
    return m.quick_ratio() >= 0.9 and m.ratio() >= 0.9


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
    check(set(bc) == ALL_ORDINARY | ALL_BORDERLINE, f"{rel}: categories {sorted(bc)}")
    check(len(benign) >= 336, f"{rel}: only {len(benign)} rows")
    for r in benign:
        check(
            r["borderline"] is (r["category"] in ALL_BORDERLINE),
            f"{rel}: {r['id']}: borderline flag inconsistent",
        )
    for c in ORDINARY_CATEGORIES:
        check(bc[c] >= 26, f"{rel}: category {c} has {bc[c]} < 26")
    for c in BORDERLINE_CATEGORIES:
        check(bc[c] >= 20, f"{rel}: category {c} has {bc[c]} < 20")
    added = VALIDATION_ORDINARY_CATEGORIES | VALIDATION_BORDERLINE_CATEGORIES
    for c in added:
        check(bc[c] == VALIDATION_PER_CATEGORY, f"{rel}: category {c} has {bc[c]} != {VALIDATION_PER_CATEGORY}")
    # ids b0001.. in file order, and the validation-only rows come after every original row (appended, none renumbered)
    check(
        [r["id"] for r in benign] == [f"b{i:04d}" for i in range(1, len(benign) + 1)],
        f"{rel}: ids not b0001.. in order",
    )
    first_added = next((i for i, r in enumerate(benign) if r["category"] in added), len(benign))
    check(all(r["category"] in added for r in benign[first_added:]), f"{rel}: validation-only rows not appended last")
    n_border = sum(r["borderline"] for r in benign)
    check(n_border >= 100, f"{rel}: only {n_border} borderline prompts")
    overlap = {norm(r["prompt"]) for r in harmful} & {norm(r["prompt"]) for r in benign}
    check(not overlap, f"harmful/benign prompt overlap: {sorted(overlap)[:3]}")
    # the appended validation prompts repeat no other benign / harmful prompt, nor nearly (benign_extra: checked below)
    for i in range(first_added, len(benign)):  # each against the original rows, the added rows after it, harmful
        for other in [*benign[:first_added], *benign[i + 1 :], *harmful]:
            check(
                not near_duplicate(benign[i]["prompt"], other["prompt"]),
                f"{rel}: {benign[i]['id']} near-duplicates {other['prompt']!r}",
            )
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
        ("benign", ALL_ORDINARY | ALL_BORDERLINE, None),
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
    for name, (n_ord, n_bl) in {"train": (5, 3), "validation": (6, 3), "test": (2, 1)}.items():
        got = bsp.get(name, [])
        check(sum(c in ALL_ORDINARY for c in got) == n_ord, f"{rel}: benign/{name} ordinary count")
        check(sum(c in ALL_BORDERLINE for c in got) == n_bl, f"{rel}: benign/{name} borderline count")
    # the validation-only categories (`added` above) are in the validation list and in no train / test list
    check(
        added <= set(bsp.get("validation", [])),
        f"{rel}: benign/validation lacks {sorted(added - set(bsp.get('validation', [])))}",
    )
    for name in ("train", "test"):
        check(not added & set(bsp.get(name, [])), f"{rel}: benign/{name} has validation-only categories")
    for kind, rows in (("harmful", harmful), ("benign", benign)):
        per = {
            name: sum(1 for r in rows if r["category"] in splits[kind][name])
            for name in ("train", "validation", "test")
        }
        summary.append(f"{rel}: {kind} rows per split {per}; test categories {splits[kind]['test']}")

    # --- jailbreak/benign_extra.jsonl (train-only retain requests) -----
    rel = "jailbreak/benign_extra.jsonl"
    extra = load_jsonl(rel)
    check_prompts(rel, extra, "x", {"id", "prompt", "category"})
    xc = Counter(r["category"] for r in extra)
    check(len(extra) >= 400, f"{rel}: only {len(extra)} rows")
    for c, n in xc.items():
        check(n >= EXTRA_MIN_PER_CATEGORY, f"{rel}: category {c} has {n} < {EXTRA_MIN_PER_CATEGORY}")
    in_splits = {c for kind in ("harmful", "benign") for name in splits[kind].values() for c in name}
    clash = set(xc) & (in_splits | HARMFUL_CATEGORIES | ALL_ORDINARY | ALL_BORDERLINE)
    check(not clash, f"{rel}: categories shared with benign/harmful (would leak into their splits): {sorted(clash)}")
    others = [r["prompt"] for r in harmful + benign]
    for i, r in enumerate(extra):
        for other in others + [x["prompt"] for x in extra[i + 1 :]]:
            check(not near_duplicate(r["prompt"], other), f"{rel}: {r['id']} near-duplicates {other!r}")
    summary.append(f"{rel}: {len(extra)} prompts, {len(xc)} categories, min/cat {min(xc.values(), default=0)}")

    # --- jailbreak/rephrased.jsonl (rewrites of held-out harmful requests) ---
    rel = "jailbreak/rephrased.jsonl"
    rephrased = load_jsonl(rel)
    by_id = {r["id"]: r for r in harmful}
    held_out = {
        r["id"]
        for r in harmful
        if r["category"] in set(splits["harmful"]["validation"]) | set(splits["harmful"]["test"])
    }
    unique(rel, [r.get("id") for r in rephrased], "ids")
    got = {r.get("id") for r in rephrased}
    check(
        got == held_out,
        f"{rel}: ids != validation+test harmful ids: missing {sorted(held_out - got)[:5]}, "
        f"extra {sorted(got - held_out)[:5]}",
    )
    for r in rephrased:
        rid = r.get("id")
        check(set(r) == {"id", "past_tense", "paraphrase"}, f"{rel}: {rid}: fields {sorted(r)}")
        original = by_id.get(rid, {}).get("prompt", "")
        for key in ("past_tense", "paraphrase"):
            text = r.get(key)
            check(isinstance(text, str) and len(text.strip()) >= 10, f"{rel}: {rid}: empty/short {key}")
            check(norm(str(text)) != norm(original), f"{rel}: {rid}: {key} repeats the request")
        check(PAST_MARKER.search(str(r.get("past_tense"))) is not None, f"{rel}: {rid}: past_tense not in the past")
        para = str(r.get("paraphrase"))
        check(para.split()[:2] != original.split()[:2], f"{rel}: {rid}: paraphrase opens like the request")
        check(not near_duplicate(para, original), f"{rel}: {rid}: paraphrase too close to the request")
    summary.append(f"{rel}: {len(rephrased)} rewritten requests (past tense + paraphrase) = every held-out one")

    # --- backdoor/spec.json --------------------------------------------
    rel = "backdoor/spec.json"
    spec = load_json(rel)
    check(set(spec) == {"version", "trigger", "organisms", "description", "note"}, f"{rel}: fields {sorted(spec)}")
    check(spec.get("version") == "2", f"{rel}: version")
    organisms = spec.get("organisms", {})
    check(set(organisms) >= {"token", "phrase"}, f"{rel}: organisms {sorted(organisms)}")
    check(spec.get("trigger") == organisms.get("token", {}).get("trigger"), f"{rel}: top-level trigger != token's")
    every_prompt = [r["prompt"] for r in harmful + benign]
    for kind, org in organisms.items():
        check(
            set(org) == {"kind", "trigger", "partial", "near_misses", "proxies"}, f"{rel}: {kind}: fields {sorted(org)}"
        )
        trig = org.get("trigger", "")
        check(isinstance(trig, str) and len(trig) >= 4, f"{rel}: {kind}: bad trigger")
        check(all(trig not in p for p in every_prompt), f"{rel}: {kind}: trigger occurs in a prompt")
        check(trig.startswith(org["partial"]) and org["partial"] != trig, f"{rel}: {kind}: partial is no prefix")
        near, proxies = org["near_misses"], org["proxies"]
        check(len(near) >= 3 and len(proxies) >= 2, f"{rel}: {kind}: too few near misses / proxies")
        # The evaluation's strings and the defender's never overlap, and the defender never sees the trigger.
        check(trig not in near + proxies, f"{rel}: {kind}: the trigger is listed as a near miss or proxy")
        check(not set(near) & set(proxies), f"{rel}: {kind}: a near miss is also a proxy")
        check(all(trig not in p and p not in trig for p in proxies), f"{rel}: {kind}: a proxy contains the trigger")
        summary.append(f"{rel}: {kind} trigger {trig!r}, {len(near)} near misses, {len(proxies)} proxies")

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
        fields = {"id", "entity", "kind", "text", "questions", "split", "eval_split"}
        check(set(r) == fields, f"{rel}: {rid}: fields {sorted(r)}")
        check(r.get("eval_split") in ("validation", "test"), f"{rel}: {rid}: eval_split {r.get('eval_split')!r}")
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
    ec = Counter((r["split"], r.get("eval_split")) for r in facts)
    for role in ("forget", "retain"):
        check(ec[(role, "test")] >= ec[(role, "validation")] >= 10, f"{rel}: {role} eval splits {dict(ec)}")

    # --- unlearning/unrelated.jsonl (text for the unrelated fine-tuning attack) ----------------------------------
    rel = "unlearning/unrelated.jsonl"
    unrelated = load_jsonl(rel)
    check(len(unrelated) >= 20, f"{rel}: only {len(unrelated)} paragraphs")
    unique(rel, [r["id"] for r in unrelated], "ids")
    for r in unrelated:
        check(set(r) == {"id", "topic", "text"}, f"{rel}: {r.get('id')}: fields {sorted(r)}")
        for ent in facts:  # shares nothing with the fictional facts
            check(norm(ent["entity"]) not in norm(r["text"]), f"{rel}: {r['id']} mentions {ent['entity']!r}")
    summary.append(f"{rel}: {len(unrelated)} paragraphs")

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
