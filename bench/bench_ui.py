"""Desktop app: cold start, switching principle, memory and event-loop stalls on a big charter.

Each figure is measured in a fresh process (``python -m bench.bench_ui --probe ...``) so start-up
includes the interpreter and every import, next to the peer: PySide6 showing an empty window.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import Row

REPEAT = 5


def _environment(home: Path) -> dict[str, str]:
    return os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "CHARTER_STUDIO_HOME": str(home),
        "LANGUAGE": "fr",
    }


def _probe(mode: str, folder: Path, home: Path) -> dict[str, float]:
    import shutil

    shutil.rmtree(home, ignore_errors=True)  # a fresh home: no recent list, no journal, no lock
    started = time.time()
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_ui", "--probe", mode, str(folder), str(started)],
        env=_environment(home),
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _interleaved(runs: dict[str, tuple[str, Path]], home: Path) -> dict[str, list[dict]]:
    """Each probe once per round, in turns (a busy moment weighs on all alike)."""
    found: dict[str, list[dict]] = {name: [] for name in runs}
    for _ in range(REPEAT):
        for name, (mode, folder) in runs.items():
            found[name].append(_probe(mode, folder, home))
    return found


def _median_of(probes: list[dict], key: str) -> float:
    return statistics.median(probe[key] for probe in probes)


def _big_charter(workdir: Path) -> Path:
    folder = workdir / "big"
    if (folder / "charter.yaml").is_file():
        return folder
    from bench.generate import generate

    return generate(folder)


def rows(workdir: Path) -> list[Row]:
    from charter_app.storage.templates import create_from_template, default_example

    home = workdir / "home"
    example = workdir / "example"
    if not (example / "charter.yaml").is_file():
        create_from_template(example, default_example()).close()
    big = _big_charter(workdir)

    probes = _interleaved(
        {"peer": ("peer", example), "example": ("start", example), "big": ("start", big)}, home
    )
    peer = _median_of(probes["peer"], "painted_ms")
    small = _median_of(probes["example"], "painted_ms")
    large = _median_of(probes["big"], "painted_ms")
    early = max(probe["features_before_paint"] for probe in probes["example"] + probes["big"])
    details = _probe("big", big, home)
    return [
        Row(
            "ui: cold start to painted reading view, example",
            small,
            2.5 * peer,
            "PySide6 empty window",
            peer,
            "target: 2.5 x peer",
        ),
        Row(
            "ui: cold start to painted reading view, 1,000",
            large,
            2.5 * peer,
            "PySide6 empty window",
            peer,
            "target: 2.5 x peer",
        ),
        Row(
            "ui: features loaded before the first paint",
            early,
            0,
            unit="",
            note=f"of {details['features']:.0f}; they load once the charter is shown",
        ),
        Row(
            "ui: switch principle (text + preview), 1,000",
            details["switch_ms"],
            30,
            note=f"worst {details['switch_worst_ms']:.1f} ms; "
            f"with a full repaint {details['switch_painted_ms']:.1f} ms",
        ),
        Row("ui: RSS with 1,000 principles open", details["rss_mb"], 200, unit="MB"),
        Row(
            "ui: longest event-loop stall, big history load",
            details["stall_ms"],
            100,
            note=f"{details['history_entries']:.0f} entries in {details['history_ms']:.0f} ms",
        ),
        Row(
            "ui: longest stall while typing 50,000 '['",
            details["typing_stall_ms"],
            100,
        ),
        *_session_rows(workdir),
    ]


def _session_rows(workdir: Path) -> list[Row]:
    """The facilitator's session of bench/session.py, in a fresh process on a fresh copy of
    the example: growth after its first quarter ("the first 5 minutes")."""
    import shutil

    from charter_app.storage.templates import create_from_template, default_example

    folder = workdir / "session"
    shutil.rmtree(folder, ignore_errors=True)
    create_from_template(folder / "charter", default_example()).close()
    output = subprocess.run(
        [sys.executable, "-m", "bench.session", str(folder / "charter"), str(folder / "out")],
        env=_environment(folder / "home") | {"LANGUAGE": "en"},
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1],
    ).stdout  # fmt: skip
    session = json.loads(output.strip().splitlines()[-1])
    start, first, *_rest, end = session["checkpoints"]
    done = ", ".join(f"{count} {name}" for name, count in session["done"].items())
    return [
        Row("ui: long session, RSS growth after its first quarter", end["rss_mb"] - first["rss_mb"],
            30, unit="MB",
            note=f"RSS {start['rss_mb']:.0f} → {first['rss_mb']:.0f} → {end['rss_mb']:.0f} MB; "
            f"{done} in {session['seconds']:.0f} s"),
        Row("ui: long session, top-level widgets end - first quarter",
            end["top_level_all"] - first["top_level_all"], 0, unit="",
            note=f"{first['top_level_all']} → {end['top_level_all']}; all widgets "
            f"{start['widgets']} → {first['widgets']} → {end['widgets']}; "
            f"undo commands alive at the end: {end['commands']}"),
    ]  # fmt: skip


# -- the probe, run in a fresh process ----------------------------------------------------------


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _run_probe(mode: str, folder: Path, started: float) -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    if mode == "peer":
        window = QMainWindow()
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        window.grab()
        return {"painted_ms": (time.time() - started) * 1000}

    from charter_app.ui.app import create_window, parse_arguments

    window = create_window(parse_arguments([str(folder)]), app)
    window.show()

    # "Painted" is the first paint of the window once the charter is in it (what a person
    # sees), recorded by an event filter; features load after it.
    from PySide6.QtCore import QEvent, QObject

    first_paint: list[float] = []
    loaded_early: list[int] = []  # feature modules already imported at the first paint
    from charter_app.ui.features import FEATURES

    feature_modules = [spec.partition(":")[0] for spec in FEATURES]

    class PaintWatch(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt override
            if (
                not first_paint
                and event.type() == QEvent.Type.Paint
                and window.document is not None
                and window.preview.current_text is not None
            ):
                first_paint.append((time.time() - started) * 1000)
                loaded_early.append(sum(name in sys.modules for name in feature_modules))
            return False

    watch = PaintWatch()
    app.installEventFilter(watch)

    def wait(condition, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError
            app.processEvents()
            time.sleep(0.001)

    wait(lambda: bool(first_paint), timeout_s=60.0)
    result = {
        "painted_ms": first_paint[0],
        "features_before_paint": float(loaded_early[0]),
        "features": float(len(feature_modules)),
    }
    app.removeEventFilter(watch)
    wait(lambda: window.features_loaded)
    if mode == "start":
        return result

    # Heartbeat: the longest gap between 5 ms ticks is the worst stall people would feel.
    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(tick)

    ids = [p.id for p in window.document.charter.principles]
    samples, painted = [], []
    for principle_id in ids[10:400:13]:
        wait(lambda: not window.history.busy)
        start = time.perf_counter()
        window.select_principle(principle_id)  # text and preview are set synchronously
        assert window.principle_editor.principle_id == principle_id
        assert window.preview.current_text == window.document.charter.principle(principle_id).body
        samples.append((time.perf_counter() - start) * 1000)
        window.grab()  # and painted
        painted.append((time.perf_counter() - start) * 1000)
    wait(lambda: not window.history.busy)

    # The whole charter's history (every commit), loaded while the heartbeat runs.
    clock.start()
    heartbeat.start()
    history_started = time.perf_counter()
    window.select_principle(None)
    wait(lambda: not window.history.busy and window.history.model.rowCount() > 0)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.005)
    history_ms = (time.perf_counter() - history_started) * 1000
    stall = max(gaps[1:] or [0.0])
    history_entries = window.history.model.rowCount()

    # Typing 50,000 "[" in a principle's body, a thousand at a time, preview following.
    window.select_principle(ids[0])
    gaps.clear()
    clock.restart()
    last[0] = 0.0
    body = window.principle_editor.body_edit
    for _ in range(50):
        body.insertPlainText("[" * 1000)
        app.processEvents()
    wait(lambda: not window.preview.busy)
    typing_stall = max(gaps[1:] or [0.0])
    heartbeat.stop()
    result.update(
        switch_ms=statistics.median(samples),
        switch_worst_ms=max(samples),
        switch_painted_ms=statistics.median(painted),
        rss_mb=_rss_mb(),
        stall_ms=stall,
        history_ms=history_ms,
        history_entries=history_entries,
        typing_stall_ms=typing_stall,
    )
    window.document.saved_charter = window.document.charter  # no close prompt
    return result


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--probe":
        figures = _run_probe(sys.argv[2], Path(sys.argv[3]), float(sys.argv[4]))
        print(json.dumps(figures), flush=True)
        os._exit(0)  # skip teardown: it is not part of any figure
    from bench.harness import format_table

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench/out/ui")
    target.mkdir(parents=True, exist_ok=True)
    print(format_table(rows(target)))
