"""The user cache's file writes: several lat processes (one per seed or method) share ``$LAT_HOME``."""

import json
import threading

import pytest

from lat.paths import write_atomic


def test_a_cache_file_is_never_seen_half_written(tmp_path):
    path = tmp_path / "cache" / "organism.json"
    payloads = [json.dumps({"writer": i, "pad": "x" * 200_000}) for i in range(4)]
    seen: list[str] = []
    stop = threading.Event()

    def read():
        while not stop.is_set():
            if path.is_file():
                seen.append(path.read_text())

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=lambda p=p: [write_atomic(path, p) for _ in range(20)]) for p in payloads]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    stop.set()
    reader.join()
    assert seen and all(s in payloads for s in seen)  # every read is one writer's whole file
    assert [p.name for p in path.parent.iterdir()] == ["organism.json"]  # no temporary file left behind
    plain = tmp_path / "plain.json"
    plain.write_text("x")
    assert path.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777  # readable as a plain write would be


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "results.json"
    write_atomic(path, "old")

    with pytest.raises(TypeError):
        write_atomic(path, 123)  # type: ignore[arg-type]  # not text: the write fails midway
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_report_plots_are_written_whole(tmp_path, monkeypatch):
    """Plots go through the same atomic write (the PNG is rendered in memory, then renamed into place)."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import lat.evals.report
    from lat.evals.report import save_figure

    calls = []
    monkeypatch.setattr(
        lat.evals.report, "write_atomic", lambda path, data: calls.append(path) or write_atomic(path, data)
    )
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    save_figure(fig, tmp_path / "asr.png")
    assert calls == [tmp_path / "asr.png"] and (tmp_path / "asr.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["asr.png"] and not plt.get_fignums()  # closed, nothing left


def test_writing_leaves_the_process_umask_alone(tmp_path, monkeypatch):
    # another thread creating a file while lat writes one must never see a umask of 0 (world-writable files)
    import os

    old = os.umask(0o027)
    try:
        seen = []
        monkeypatch.setattr(os, "umask", lambda m: seen.append(m) or 0o027)
        write_atomic(tmp_path / "a.json", "x")
        if os.path.isfile("/proc/self/status"):
            assert seen == []  # read from /proc, never set
        assert 0 not in seen
        assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o640
    finally:
        monkeypatch.undo()
        os.umask(old)
