"""The GPU session's bench cells (``session.sh bench``) as one table: s/step for a global batch of 16 sequences,
peak memory, the attack's share.

    python benchmarks/gpu/summary.py OUT_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

GLOBAL_BATCH = 16  # the goal: a LAT step on 16 × 256 tokens


def main(out: str) -> None:
    cells = sorted(Path(out).glob("bench-*.json"))
    print(
        "| shape (hidden × blocks) | micro-batch | checkpointing | LAT step s (micro) | s per 16 sequences "
        "| peak GiB | attack share |"
    )
    print("|---|---:|---|---:|---:|---:|---:|")
    for path in cells:
        d = json.loads(path.read_text())
        c, b = d["config"], d["config"]["batch"]
        per_global = d["t_lat"] * max(1, GLOBAL_BATCH // b)  # grad accumulation: micro-batches run one after another
        peak = max(d.get("peak_gib", {}).values(), default=float("nan"))
        print(
            f"| {c.get('shape', path.stem)} | {b} | {c.get('gradient_checkpointing')} "
            f"| {d['t_lat']:.2f} | {per_global:.2f} | {peak:.1f} | {100 * d['ratios']['attack_share_of_lat']:.0f} % |"
        )
    if not cells:
        print("no cell finished (see the log: out of memory, time, or an error)")


if __name__ == "__main__":
    main(sys.argv[1])
