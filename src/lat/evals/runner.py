"""``run_eval``: load a model (and adapter), run a suite's attacks on held-out harmful prompts, measure capability,
and write ``results.json`` (every generation with its verdict, for audit, plus the summary) and ``results.md``.

Everything is greedy and seeded (GCG's candidate sampling), so the same eval twice gives identical numbers.
"""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path
from typing import Any

from lat.errors import LatError
from lat.evals.attacks import EvalContext, make_attack
from lat.evals.metrics import attack_success_rates, worst_case
from lat.evals.suites import get_suite
from lat.judges import describe_judge, make_judge


def _as_overrides(overrides: dict[str, Any] | list[str] | None) -> dict[str, Any]:
    if overrides is None:
        return {}
    if isinstance(overrides, dict):
        return overrides
    from lat.config import parse_overrides

    return parse_overrides(list(overrides))


def evaluate(
    model: Any,
    tokenizer: Any,
    suite: dict[str, Any],
    harmful: list[dict[str, Any]],
    benign: list[dict[str, Any]] | None = None,
    mc_items: list[dict[str, Any]] | None = None,
    judge: Any = None,
    train_harmful: list[dict[str, Any]] | None = None,
    train_benign: list[dict[str, Any]] | None = None,
    base: Any = None,
    corpus_model: Any = None,
    log: Any = print,
    progress: bool = True,
) -> dict[str, Any]:
    """Run a resolved suite (:func:`lat.evals.suites.get_suite`) on a loaded model; returns the results dict.

    Args:
        harmful: held-out harmful requests ``{id, prompt, ...}`` — the attacks' targets.
        benign: benign / borderline-benign requests for compliance and drift (None: skip those checks).
        mc_items: multiple-choice items (None: the shipped offline set, if ``capability.mc``).
        judge: a judge or spec (None: the suite's ``judge``).
        train_harmful, train_benign: TRAIN prompts for attacks that fit on data (None: the built-in train split).
        base: a separate base model for drift when ``model`` is not a PEFT model.
        corpus_model: the model that writes a fine-tuning attack's generated corpus (``EvalContext.corpus_model``).
        progress: a progress bar with an ETA per attack (default on: redrawn on a terminal, at most one line a minute
            in a log file, :func:`lat.runtime.progress_bar`).
    """

    from lat.evals import capability

    judge = make_judge(judge if judge is not None else suite.get("judge"))
    ctx = EvalContext(
        judge=judge,
        max_new_tokens=int(suite["max_new_tokens"]),
        batch_size=int(suite["batch_size"]),
        generation_batch_size=int(suite.get("generation_batch_size", EvalContext.generation_batch_size)),
        seed=int(suite.get("seed", 0)),
        train_harmful=train_harmful,
        train_benign=train_benign,
        corpus_model=corpus_model,
        log=log,
        progress=progress,
    )
    rows: list[dict[str, Any]] = []
    timings: dict[str, float] = {}
    for i, (name, cfg) in enumerate(suite["attacks"].items()):
        attack = make_attack(name, **cfg)
        t0 = time.perf_counter()
        rows += attack.run(model, tokenizer, harmful, ctx)
        timings[name] = round(time.perf_counter() - t0, 2)
        log(f"attack {name} ({i + 1}/{len(suite['attacks'])}): {timings[name]:.1f}s")

    cap_cfg = suite.get("capability", {})
    cap: dict[str, Any] = {}
    cap_rows: list[dict[str, Any]] = []
    limit = cap_cfg.get("limit")
    t0 = time.perf_counter()
    if benign:
        plain = [b for b in benign if not b.get("borderline")][:limit]
        border = [b for b in benign if b.get("borderline")][:limit]
        if cap_cfg.get("benign", True):
            cap["benign_compliance"], cap_rows = capability.benign_compliance(
                model,
                tokenizer,
                judge,
                plain + border,
                ctx.max_new_tokens,
                ctx.generation_batch_size,
                progress=ctx.progress,
            )
        if cap_cfg.get("drift", True):
            # ctx.batch_size: drift's batches are also its scoring forwards (model and base logits), whose memory
            # stays as it was; its base answers are generated once per experiment (cached), so their size costs little
            cap["drift"] = capability.drift_from_base(
                model, tokenizer, plain, base, ctx.max_new_tokens, ctx.batch_size, progress=ctx.progress
            )
    if cap_cfg.get("mc", True):
        try:
            cap["mc"] = capability.mc_accuracy(model, tokenizer, mc_items, limit=limit)
        except LatError as err:  # the offline set is missing (a broken install): record why, keep the attack results
            cap["mc"] = {"skipped": str(err)}
    if cap_cfg.get("tasks"):
        cap["lm_eval"] = capability.mc_accuracy(model, tokenizer, tasks=list(cap_cfg["tasks"]), limit=limit)
    timings["capability"] = round(time.perf_counter() - t0, 2)

    return {
        "summary": attack_success_rates(rows),
        "worst_case": worst_case(rows),
        "capability": cap,
        "meta": {"suite": suite, "judge": describe_judge(judge), "timings": timings, "n_prompts": len(harmful)},
        "rows": rows,
        "capability_rows": cap_rows,
    }


def run_eval(
    model: str,
    adapter: str | None = None,
    suite: str = "jailbreak",
    split: str = "test",
    limit: int | None = None,
    out_dir: str | Path | None = None,
    attacks: list[str] | None = None,
    overrides: dict[str, Any] | list[str] | None = None,
    judge: str | None = None,
    device: str | None = None,
    dtype: str = "auto",
    log: Any = print,
) -> dict[str, Any]:
    """Evaluate a model (+ adapter) with a suite on the built-in jailbreak organism; write results; return them.

    Args:
        model: registered name, hub id or local directory (``lat.models.load_model``).
        adapter: a PEFT adapter directory (what ``lat train`` writes); drift is measured against the adapter disabled.
        suite: ``jailbreak`` (full budgets) or ``quick`` (CPU smoke test); see :mod:`lat.evals.suites`.
        split: which harmful/benign split to attack — ``test`` (held-out categories) unless you know why not.
        limit: at most this many harmful prompts.
        out_dir: where ``results.json`` / ``results.md`` go (default ``runs/eval/<label>-<suite>-<time>``).
        attacks: run only these attacks (default: the suite's).
        overrides: ``{"gcg": {"steps": 5}}`` or ``["gcg.steps=5", "max_new_tokens=16"]``.
        judge: ``refusal`` | ``model:<path>`` | ``strongreject:<path>`` (default: the suite's).
    """
    import torch

    from lat.data.builtin import data_version, jailbreak_benign, jailbreak_harmful
    from lat.models import load_model

    resolved = get_suite(suite, _as_overrides(overrides), attacks)
    if limit is not None and limit < 1:
        raise LatError(f"--limit must be a positive number of prompts, got {limit}")
    harmful = jailbreak_harmful(split)[:limit]
    if not harmful:
        raise LatError(f"no harmful prompts in split '{split}'")
    benign = jailbreak_benign(split)
    if device is None:
        device = "cuda" if torch.cuda.is_available() else None
    t0 = time.perf_counter()
    lm, tokenizer = load_model(model, dtype=dtype, device=device, adapter=adapter)
    load_s = time.perf_counter() - t0
    results = evaluate(lm, tokenizer, resolved, harmful, benign, judge=judge, log=log)
    label = Path(adapter).name if adapter else Path(model).name
    results["meta"].update(
        {
            "model": model,
            "adapter": adapter,
            "label": label,
            "suite_name": suite,
            "split": split,
            "limit": limit,
            "data_version": data_version(),
            "lat_version": __import__("lat").__version__,
            "torch": torch.__version__,
            "transformers": __import__("transformers").__version__,
            "python": platform.python_version(),
            "device": str(next(lm.parameters()).device),
            "load_s": round(load_s, 2),
        }
    )
    out = Path(out_dir) if out_dir else Path("runs") / "eval" / f"{label}-{suite}-{time.strftime('%Y%m%d-%H%M%S')}"
    write_results(results, out)
    results["meta"]["out_dir"] = str(out)
    return results


def write_results(results: dict[str, Any], out_dir: str | Path) -> Path:
    """Write ``results.json`` (everything) and ``results.md`` (the tables) into ``out_dir``; returns the dir. Atomic
    (:func:`lat.paths.write_atomic`): processes of one reproduction each write the starting model's results into the
    same folder while others read them to decide what to reuse."""
    from lat.paths import write_atomic

    out = Path(out_dir)
    write_atomic(out / "results.json", json.dumps(results, indent=1, default=str) + "\n")
    write_atomic(out / "results.md", results_markdown(results))
    return out


def pct(x: float) -> str:
    return "n/a" if x != x else f"{100 * x:.1f}%"  # x != x: NaN


def summary_table(summary: dict[str, dict[str, Any]]) -> str:
    """The Markdown ASR table: attack, ASR, 95% CI, n."""
    lines = ["| attack | ASR | 95% CI | n |", "|---|---|---|---|"]
    for name, s in summary.items():
        lines.append(f"| {name} | {pct(s['asr'])} | [{pct(s['ci_low'])}, {pct(s['ci_high'])}] | {s['n']} |")
    return "\n".join(lines)


def capability_lines(cap: dict[str, Any]) -> list[str]:
    """Capability results as Markdown bullet lines."""
    lines = []
    bc = cap.get("benign_compliance") or {}
    for key, what in (("benign", "benign compliance"), ("borderline", "borderline-benign compliance")):
        if key in bc:
            r = bc[key]
            lines.append(f"- {what}: {pct(r['rate'])} [{pct(r['ci_low'])}, {pct(r['ci_high'])}] (n={r['n']})")
    drift = cap.get("drift") or {}
    if "kl" in drift:
        lines.append(
            f"- drift from base: KL = {drift['kl']:.4f} nats/token; base answers' log-prob "
            f"{drift['base_answer_logprob_model']:.3f} (model) vs {drift['base_answer_logprob_base']:.3f} "
            f"(base) per token (n={drift['n']})"
        )
    elif "skipped" in drift:
        lines.append(f"- drift from base: skipped ({drift['skipped']})")
    mc = cap.get("mc") or {}
    if "accuracy" in mc:
        lines.append(
            f"- multiple choice ({mc['source']}): {pct(mc['accuracy'])} [{pct(mc['ci_low'])}, "
            f"{pct(mc['ci_high'])}] (n={mc['n']}; length-normalised {pct(mc['accuracy_norm'])})"
        )
    elif "skipped" in mc:
        lines.append(f"- multiple choice: skipped ({mc['skipped']})")
    if "lm_eval" in cap:
        lines.append(f"- lm-evaluation-harness: {json.dumps(cap['lm_eval'].get('results', {}), default=str)[:500]}")
    return lines


def results_markdown(results: dict[str, Any]) -> str:
    meta = results.get("meta", {})
    title = meta.get("label") or "model"
    head = [f"# Eval: {title}", ""]
    if meta.get("model"):
        head.append(
            f"model `{meta['model']}`"
            + (f", adapter `{meta['adapter']}`" if meta.get("adapter") else "")
            + f", suite `{meta.get('suite_name')}`, split `{meta.get('split')}`, judge: {meta.get('judge')}"
        )
        head.append("")
    body = ["## Attack success rate", "", summary_table(results["summary"]), ""]
    cap = capability_lines(results.get("capability", {}))
    if cap:
        body += ["## Capability", "", *cap, ""]
    return "\n".join(head + body)
