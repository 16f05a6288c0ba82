"""``lat report``: combine several ``results.json`` into one Markdown and one HTML page with plots.

Plots (matplotlib, imported lazily; without it the tables are still written and the page says why there are no
plots): attack success rate per attack per model as grouped bars with 95% CI whiskers, and capability vs robustness
as a scatter (robustness = 1 − mean ASR over the attacks; capability = benign compliance, else MC accuracy).
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from typing import Any

from lat.errors import LatError
from lat.evals.runner import _pct, capability_lines


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
            cells.append(f"{_pct(s['asr'])} [{_pct(s['ci_low'])}, {_pct(s['ci_high'])}] n={s['n']}" if s else "—")
        lines.append(f"| {a} | " + " | ".join(cells) + " |")
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
            f"| {lab} | {_pct(rob) if rob is not None else '—'} | "
            f"{(_pct(cap) + ' ' + what) if cap is not None else '—'} |"
        )
    for lab, r in zip(labels, runs):
        cl = capability_lines(r.get("capability", {}))
        if cl:
            lines += ["", f"### {lab}", "", f"source: `{r['meta']['source']}`", "", *cl]
    if images:
        lines += [""] + [f"![{name}]({file})" for name, file in images.items()]
    return "\n".join(lines) + "\n"


def _plots(runs: list[dict[str, Any]], out_dir: Path) -> dict[str, str]:
    """Write the two PNGs; returns ``{title: file name}``. Raises ImportError without matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, attacks = _labels(runs), _attacks(runs)
    files = {}
    width = 0.8 / max(1, len(runs))
    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(attacks) * max(1, len(runs)) / 2), 4))
    for j, (lab, r) in enumerate(zip(labels, runs)):
        xs, ys, lo, hi = [], [], [], []
        for i, a in enumerate(attacks):
            s = r["summary"].get(a)
            if s and s["n"]:
                xs.append(i + (j - (len(runs) - 1) / 2) * width)
                ys.append(s["asr"])
                lo.append(s["asr"] - s["ci_low"])
                hi.append(s["ci_high"] - s["asr"])
        ax.bar(xs, ys, width, yerr=[lo, hi], capsize=3, label=lab)
    ax.set_xticks(range(len(attacks)))
    ax.set_xticklabels(attacks, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("attack success rate")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out_dir / "asr.png", dpi=110)
    plt.close(fig)
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
    fig.savefig(out_dir / "capability_vs_robustness.png", dpi=110)
    plt.close(fig)
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
    paths["markdown"].write_text(md)
    paths["html"].write_text(_md_to_html(md, out))
    for name, file in images.items():
        paths[name] = out / file
    return paths
