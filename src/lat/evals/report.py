"""Reports, in one place: ``lat report`` (several ``results.json`` side by side) and the experiment report that
``lat reproduce`` writes (mean ± std over seeds, comparisons with the reference method). Both are Markdown plus an
HTML page with the plots embedded, and both show the worst case (share of prompts at least one attack broke) next
to the per-attack ASRs.

Plots (matplotlib, imported lazily; without it the tables are still written and the page says why there are no
plots): attack success rate per attack per model as grouped bars (95% CI or ± std whiskers), and capability vs
robustness as a scatter (robustness = 1 − mean ASR over the attacks; capability = benign compliance, else MC
accuracy).
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from typing import Any

from lat.errors import LatError
from lat.evals.runner import capability_lines, pct
from lat.paths import write_atomic


def load_results(path: str | Path) -> dict[str, Any]:
    """Read a run's ``results.json`` (given the file or its directory)."""
    p = Path(path)
    file = p / "results.json" if p.is_dir() else p
    if not file.is_file():
        raise LatError(f"{path}: no results.json there (point lat report at the directories lat eval wrote)")
    try:
        data = json.loads(file.read_text())
    except json.JSONDecodeError as err:
        raise LatError(f"{file}: not valid JSON ({err})") from None
    if "summary" not in data:
        raise LatError(f"{file}: no 'summary' — not a lat eval results file")
    data.setdefault("meta", {})["source"] = str(file)
    return data


def _labels(runs: list[dict[str, Any]]) -> list[str]:
    labels = [str(r["meta"].get("label") or Path(r["meta"]["source"]).parent.name) for r in runs]
    if len(set(labels)) < len(labels):  # the same model twice: add the run directory
        labels = [f"{lab} ({Path(r['meta']['source']).parent.name})" for lab, r in zip(labels, runs)]
    return labels


def _capability_score(run: dict[str, Any]) -> tuple[float | None, str]:
    cap = run.get("capability", {})
    bc = (cap.get("benign_compliance") or {}).get("all")
    if bc and bc.get("n"):
        return float(bc["rate"]), "benign compliance"
    mc = cap.get("mc") or {}
    if "accuracy" in mc:
        return float(mc["accuracy"]), "MC accuracy"
    return None, ""


def _robustness(run: dict[str, Any]) -> float | None:
    asr = [s["asr"] for s in run["summary"].values() if s.get("n")]
    return 1.0 - sum(asr) / len(asr) if asr else None


def _attacks(runs: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for r in runs:
        names += [a for a in r["summary"] if a not in names]
    return names


def markdown_report(runs: list[dict[str, Any]], images: dict[str, str] | None = None, note: str = "") -> str:
    labels, attacks = _labels(runs), _attacks(runs)
    lines = ["# lat eval report", ""]
    if note:
        lines += [f"> {note}", ""]
    lines += [
        "## Attack success rate (95% Wilson CI)",
        "",
        "| attack | " + " | ".join(labels) + " |",
        "|---|" + "---|" * len(labels),
    ]
    for a in attacks:
        cells = []
        for r in runs:
            s = r["summary"].get(a)
            cells.append(f"{pct(s['asr'])} [{pct(s['ci_low'])}, {pct(s['ci_high'])}] n={s['n']}" if s else "—")
        lines.append(f"| {a} | " + " | ".join(cells) + " |")
    if any(r.get("worst_case") for r in runs):
        cells = []
        for r in runs:
            w = r.get("worst_case")
            cells.append(f"**{pct(w['asr'])}** [{pct(w['ci_low'])}, {pct(w['ci_high'])}] n={w['n']}" if w else "—")
        lines.append("| **worst case (any attack)** | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Capability vs robustness",
        "",
        "| model | robustness (1 − mean ASR) | capability |",
        "|---|---|---|",
    ]
    for lab, r in zip(labels, runs):
        rob, (cap, what) = _robustness(r), _capability_score(r)
        lines.append(
            f"| {lab} | {pct(rob) if rob is not None else '—'} | "
            f"{(pct(cap) + ' ' + what) if cap is not None else '—'} |"
        )
    for lab, r in zip(labels, runs):
        cl = capability_lines(r.get("capability", {}))
        if cl:
            lines += ["", f"### {lab}", "", f"source: `{r['meta']['source']}`", "", *cl]
    if images:
        lines += [""] + [f"![{name}]({file})" for name, file in images.items()]
    return "\n".join(lines) + "\n"


def asr_bars(
    bars: dict[str, dict[str, tuple[float, float, float]]], attacks: list[str], path: Path, ylabel: str
) -> None:
    """Grouped bars: one group per attack, one bar per model, ``bars[model][attack] = (value, low, high)`` in [0, 1].
    Raises ImportError without matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    width = 0.8 / max(1, len(bars))
    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(attacks) * max(1, len(bars)) / 2), 4))
    for j, (label, values) in enumerate(bars.items()):
        xs, ys, lo, hi = [], [], [], []
        for i, a in enumerate(attacks):
            if a in values:
                y, low, high = values[a]
                xs.append(i + (j - (len(bars) - 1) / 2) * width)
                ys.append(y)
                lo.append(max(0.0, y - low))
                hi.append(max(0.0, high - y))
        ax.bar(xs, ys, width, yerr=[lo, hi], capsize=3, label=label)
    ax.set_xticks(range(len(attacks)))
    ax.set_xticklabels(attacks, rotation=30, ha="right", fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    fig.tight_layout()
    save_figure(fig, path)


def save_figure(fig: Any, path: Path) -> None:
    """A PNG written as :func:`lat.paths.write_atomic` writes (processes of one reproduction rewrite the same
    report), then the figure closed."""
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    write_atomic(Path(path), buf.getvalue())


def _plots(runs: list[dict[str, Any]], out_dir: Path) -> dict[str, str]:
    """Write the two PNGs; returns ``{title: file name}``. Raises ImportError without matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, attacks = _labels(runs), _attacks(runs)
    files = {}
    bars: dict[str, dict[str, tuple[float, float, float]]] = {}
    for lab, r in zip(labels, runs):
        bars[lab] = {a: (s["asr"], s["ci_low"], s["ci_high"]) for a, s in r["summary"].items() if s and s["n"]}
        if r.get("worst_case", {}).get("n"):
            w = r["worst_case"]
            bars[lab]["worst case"] = (w["asr"], w["ci_low"], w["ci_high"])
    extra = ["worst case"] if any("worst case" in b for b in bars.values()) else []
    asr_bars(bars, [*attacks, *extra], out_dir / "asr.png", "attack success rate (95% CI)")
    files["ASR per attack"] = "asr.png"

    fig, ax = plt.subplots(figsize=(5, 4))
    what = ""
    for lab, r in zip(labels, runs):
        rob, (cap, w) = _robustness(r), _capability_score(r)
        if rob is not None and cap is not None:
            what = what or w
            ax.scatter([rob], [cap])
            ax.annotate(lab, (rob, cap), fontsize=8, xytext=(4, 4), textcoords="offset points")
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("robustness (1 − mean ASR)")
    ax.set_ylabel(what or "capability")
    fig.tight_layout()
    save_figure(fig, out_dir / "capability_vs_robustness.png")
    files["capability vs robustness"] = "capability_vs_robustness.png"
    return files


def _md_to_html(md: str, out_dir: Path) -> str:
    """A small Markdown → HTML for what :func:`markdown_report` writes (headings, tables, bullets, images)."""
    body, table = [], []

    def flush() -> None:
        if table:
            rows = [r for r in table if not set(r.replace("|", "").strip()) <= {"-"}]
            cells = [[html.escape(c.strip()) for c in r.strip().strip("|").split("|")] for r in rows]
            head = "".join(f"<th>{c}</th>" for c in cells[0])
            rest = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in cells[1:])
            body.append(f"<table><tr>{head}</tr>{rest}</table>")
            table.clear()

    for line in md.splitlines():
        if line.startswith("|"):
            table.append(line)
            continue
        flush()
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{html.escape(line[level:].strip())}</h{level}>")
        elif line.startswith("- "):
            body.append(f"<li>{html.escape(line[2:])}</li>")
        elif line.startswith("!["):
            name, file = line[2:].split("](")
            data = base64.b64encode((out_dir / file.rstrip(")")).read_bytes()).decode()
            body.append(f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(name)}"></figure>')
        elif line.startswith("> "):
            body.append(f"<p><em>{html.escape(line[2:])}</em></p>")
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    flush()
    style = (
        "body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px}img{max-width:100%}"
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>lat eval report</title><style>{style}</style>"
        f"</head><body>{''.join(body)}</body></html>\n"
    )


def write_report(run_dirs: list[str | Path], out_dir: str | Path) -> dict[str, Path]:
    """Combine the runs into ``report.md``, ``report.html`` (plots embedded) and the PNGs in ``out_dir``.

    Raises:
        LatError: if no run is given or a path holds no results.json.
    """
    if not run_dirs:
        raise LatError("give at least one run directory (what lat eval wrote)")
    runs = [load_results(p) for p in run_dirs]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    note = ""
    try:
        images = _plots(runs, out)
    except ImportError:
        images = {}
        note = "plots skipped: matplotlib is not installed (pip install 'lat[report]' or pip install matplotlib)"
    md = markdown_report(runs, images, note)
    paths = {"markdown": out / "report.md", "html": out / "report.html"}
    write_atomic(paths["markdown"], md)
    write_atomic(paths["html"], _md_to_html(md, out))
    for name, file in images.items():
        paths[name] = out / file
    return paths


# ---------------------------------------------------------------------------------------------- experiment reports
def _cell(cell: dict[str, Any] | None, key: str) -> str:
    """``mean ± std`` over seeds (percentages for rates, seconds for times, 3 decimals otherwise), then for rates the
    rate pooled over prompts × seeds with its 95% Wilson interval and n."""
    if cell is None:
        return "–"
    if key.startswith("time/"):
        return f"{cell['mean']:.0f}" + (f" ± {cell['std']:.0f}" if cell["n"] > 1 else "")
    if key == "train/updates":  # the same for every seed unless a run was cut short
        return f"{cell['mean']:.0f}" + (f" ± {cell['std']:.1f}" if cell["std"] else "")
    pct_key = key.startswith(("asr/", "compliance/", "mc/"))
    m, s = (cell["mean"] * 100, cell["std"] * 100) if pct_key else (cell["mean"], cell["std"])
    digits = 0 if pct_key else 3
    text = f"{m:.{digits}f}" + (f" ± {s:.{digits}f}" if cell["n"] > 1 else "")
    if "pooled" in cell:
        text += f" [{cell['ci_low'] * 100:.0f}–{cell['ci_high'] * 100:.0f}] n={cell['trials']}"
    return text


def _row_label(key: str) -> str:
    kind, _, name = key.partition("/")
    if key == "asr/worst-case":
        return "**worst case (any attack)**"
    if key == "time/train_s":
        return "train time (s)"
    if key == "train/updates":
        return "optimizer updates"
    names = {"asr": "", "compliance": "compliance: ", "drift": "drift ", "mc": "MC "}
    return f"{names.get(kind, kind + ' ')}{name}".replace("drift kl", "drift KL").strip()


def _paired_text(v: dict[str, Any], ref: str, m: str) -> str:
    p = v.get("paired")
    if not p:
        return ""
    verdict = "a real difference" if p["p"] < 0.05 else "within noise"
    return (
        f"; paired over {p['n']} (prompt, seed): {p['ref_only']} only {ref}, {p['other_only']} only {m}, "
        f"McNemar p = {p['p']:.3g} ({verdict})"
    )


def experiment_markdown(report: dict[str, Any], images: dict[str, str] | None = None) -> str:
    """The report of ``lat reproduce``: the metrics per method (rows: attacks, the worst case, then capability;
    cells: mean ± std over seeds, pooled 95% interval and n), every method against the reference with a paired test,
    and how the numbers were made."""
    meta = report.get("meta", {})
    ref = report.get("reference", "")
    methods = report["methods"]
    compared = " vs ".join(methods[1:]) or f"the {methods[0]} alone"  # --methods none: the starting model only
    lines = [f"# {meta.get('title', 'Experiment')}: {compared}", ""]
    if report.get("intro"):
        lines += [report["intro"], ""]
    keys = report["keys"]
    asr_keys = [k for k in keys if k.startswith("asr/") and k != "asr/worst-case"]
    asr_keys += [k for k in keys if k == "asr/worst-case"]
    other = [k for k in keys if not k.startswith("asr/")]
    for title, group in (("attack success rate, % (lower is better)", asr_keys), ("capability and cost", other)):
        if not group:
            continue
        lines.append(f"| {title} | " + " | ".join(methods) + " |")
        lines.append("|---|" + "---:|" * len(methods))
        for k in group:
            lines.append(
                f"| {_row_label(k)} | "
                + " | ".join(_cell(report["table"].get(m, {}).get(k), k) for m in methods)
                + " |"
            )
        lines.append("")
    lines.append(
        "Cells: mean ± std over seeds; [95% Wilson interval] and n of the rate pooled over prompts × seeds. A "
        "difference is real when the paired test below says so, not when two means differ."
    )
    lines.append("")
    for m, comp in report.get("comparisons", {}).items():
        lines.append(f"## {m} vs {ref}")
        for k, v in comp.items():
            if k.startswith("asr/"):
                ratio = f"{v['ratio']:.2f}×" if v.get("ratio") is not None else f"n/a ({ref} at 0%)"
                lines.append(
                    f"- {k[4:]}: {ref} {v[ref] * 100:.0f}% → {m} {v[m] * 100:.0f}% ({ratio}){_paired_text(v, ref, m)}"
                )
            elif isinstance(v, dict) and "diff" in v:
                scale = 1 if k.startswith("drift") else 100
                unit = " points" if scale == 100 else ""
                lines.append(
                    f"- {k}: {ref} {v[ref] * scale:.3g} → {m} {v[m] * scale:.3g} ({v['diff'] * scale:+.3g}{unit})"
                    + _paired_text(v, ref, m)
                )
        if "overhead" in comp:
            lines.append(f"- training wall time: {m} / {ref} = {comp['overhead']:.2f}×")
        lines.append("")
    if meta:
        jobs = meta.get("jobs", 1)
        parallel = (
            f"; runs trained {jobs} at a time in worker processes, so each train time is measured beside the others'"
        )
        overrides = " ".join(f"`{o}`" for o in meta.get("overrides") or []) or "none (the recipes as shipped)"
        lines.append(
            f"Wall time of this invocation {meta.get('total_s', 0) / 60:.1f} min (data {meta.get('data_s', 0):.0f}s; "
            "runs reused from an earlier invocation keep the train times measured then"
            f"{parallel if jobs > 1 else ''}). "
            + (f"Overrides: {overrides}. " if len(methods) > 1 else "")  # --methods none: they trained nothing
            + "Per-run audit files (every generation with its verdict) are in the run folders beside this report."
        )
    if images:
        lines += [""] + [f"![{name}]({file})" for name, file in images.items()]
    return "\n".join(lines) + "\n"


def write_experiment_report(out_dir: str | Path, report: dict[str, Any], runs: list[dict[str, Any]]) -> dict[str, Path]:
    """Write ``report.json`` (the aggregate and every run's record), ``report.md``, ``report.html`` and ``asr.png``
    (mean ASR per attack and method, ± std over seeds) into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # atomic: every process of a reproduction run as one process per seed or method writes the report when it ends
    write_atomic(out / "report.json", json.dumps({"report": report, "runs": runs}, indent=1, default=str))
    keys = [k for k in report["keys"] if k.startswith("asr/") and k != "asr/worst-case"]
    keys += [k for k in report["keys"] if k == "asr/worst-case"]
    images: dict[str, str] = {}
    try:
        bars = {}
        for m in report["methods"]:
            row = report["table"].get(m, {})
            bars[m] = {
                k[4:]: (row[k]["mean"], row[k]["mean"] - row[k]["std"], row[k]["mean"] + row[k]["std"])
                for k in keys
                if k in row
            }
        asr_bars(bars, [k[4:] for k in keys], out / "asr.png", "attack success rate (mean ± std over seeds)")
        images["ASR per attack and method"] = "asr.png"
    except ImportError:
        pass
    md = experiment_markdown(report, images)
    paths = {"markdown": out / "report.md", "html": out / "report.html", "json": out / "report.json"}
    write_atomic(paths["markdown"], md)
    write_atomic(paths["html"], _md_to_html(md, out))
    return paths
