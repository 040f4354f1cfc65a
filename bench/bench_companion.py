"""The phone companion under a real room's load: 60 simulated phones on 127.0.0.1, each reading
10 pages and sending 5 contributions (each sent twice with the same key, as after a Wi-Fi drop),
while the desktop window serves them and a 5 ms heartbeat measures its longest stall.

Phones arrive over the first 45 seconds and pause 0.5 to 2 s between two actions (reading,
then typing), so the whole run fits the two minutes the way a room's does. The window (with
the companion opened from its menu) runs in a fresh process
(``python -m bench.bench_companion --probe FOLDER``), which prints its link and then waits; the
phones run here, in threads (bounded: 60 phones, 15 requests and 10 posts each, 120 s at most),
so their own work does not count as the window's. At the end the probe counts what the charter
holds: every contribution exactly once.

On loopback every phone has the same address, so the per-address limit (for phones that have
not joined yet) is raised for the run; the per-phone limits stay as they are.

The same room is then served by ``charter workshop serve`` (no window in that process, default
limits): what the server does alone, and what the window's own refreshes cost it. Each note
ends with the machine's load average, since the figures depend on it (other programs running).
"""

from __future__ import annotations

import gc
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.harness import Row

PHONES = 60
PAGES = 10
POSTS = 5
BUDGET_S = 120.0
ARRIVALS_S = 45.0
THINK_S = (0.5, 2.0)
"""A person reads or types between two actions: the 60 phones' 900 requests spread over the
two minutes as in a room, instead of all at the same instant."""
PRINCIPLE = "accessibilite-numerique"
FACILITATOR = "p-47232f"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else sum(samples)


def _charter(workdir: Path) -> Path:
    from charter_app.cli import main

    workdir.mkdir(parents=True, exist_ok=True)
    folder = workdir / "charter"
    shutil.rmtree(folder, ignore_errors=True)
    assert main(["init", str(folder), "--without-story"]) == 0
    assert main(["-C", str(folder), "workshop", "start", "--title", "Bench", "--as",
                 FACILITATOR]) == 0  # fmt: skip
    wording = workdir / "wording.md"
    wording.write_text("Un texte plus court.\n", encoding="utf-8")
    assert main(["-C", str(folder), "amend", PRINCIPLE, "--body-file", str(wording),
                 "--rationale", "Plus court", "--as", FACILITATOR]) == 0  # fmt: skip
    return folder


def _phone(index: int, base: str, token: str, pages: list[float], posts: list[float],
           failures: list[str], deadline: float) -> None:  # fmt: skip
    from tests.companion_phone import Phone

    pace = random.Random(index)
    time.sleep(index * ARRIVALS_S / PHONES)  # people join over the first minute

    def think() -> None:
        time.sleep(pace.uniform(*THINK_S))

    phone = Phone.on(base)
    try:
        phone.join(token, f"Téléphone {index}")
        paths = ["/read", f"/p/{PRINCIPLE}", "/a/A-1", "/mine", "/p/souverainete-numerique"]
        for page in range(PAGES):
            if time.monotonic() > deadline:
                failures.append(f"phone {index}: out of time")
                return
            think()
            started = time.perf_counter()
            answer = phone.read(paths[page % len(paths)])
            pages.append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                failures.append(f"phone {index}: page {answer.status_code}")
        for post in range(POSTS):
            page, action, values = _contribution(index, post)
            from tests.companion_phone import hidden_fields

            think()
            fields = hidden_fields(phone.read(page).text, action)
            think()
            for _attempt in range(2):  # the second one: a retry after a Wi-Fi drop
                started = time.perf_counter()
                answer = phone.client.post(
                    action, data={**fields, **values}, headers={"accept": "application/json"}
                )
                posts.append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    failures.append(f"phone {index}: post {answer.status_code} {answer.text}")
    except Exception as error:  # noqa: BLE001 - counted as a failure of this phone
        failures.append(f"phone {index}: {error!r}")


def _contribution(index: int, post: int) -> tuple[str, str, dict[str, str]]:
    text = f"bench-{index}-{post}"
    if post == 3:
        return "/a/A-1", "/send/position", {"position": ("support", "oppose")[index % 2]}
    if post == 4:
        return f"/p/{PRINCIPLE}", "/send/amendment", {"text": text, "rationale": "Bench"}
    quote = "une mobilité réduite" if post == 1 else ""
    return f"/p/{PRINCIPLE}", "/send/comment", {"text": text, "quote": quote}


def _load(base: str, token: str) -> tuple[list[float], list[float], list[str], float]:
    """60 phones against ``base``: (page times, post times, failures, wall time)."""
    pages: list[float] = []
    posts: list[float] = []
    failures: list[str] = []
    started = time.monotonic()
    deadline = started + BUDGET_S
    phones = [
        threading.Thread(target=_phone, args=(index, base, token, pages, posts, failures,
                                              deadline))
        for index in range(PHONES)
    ]  # fmt: skip
    for phone in phones:
        phone.start()
    for phone in phones:
        phone.join(BUDGET_S + 30)
    if failures:
        print("\n".join(failures[:10]), file=sys.stderr)
    return pages, posts, failures, time.monotonic() - started


def _note(wall_s: float, failures: list[str], counts: dict[str, int]) -> str:
    expected = PHONES * 4  # comments and amendments carry a text to count; positions a person
    lost = expected - counts["texts_once"] - counts["texts_twice"]
    return (
        f"{PHONES} phones x ({PAGES} pages + {POSTS} posts sent twice) in {wall_s:.0f} s; "
        f"{lost} lost, {counts['texts_twice']} duplicated, {counts['positions']} positions "
        f"of {PHONES}; {len(failures)} failures; load average {os.getloadavg()[0]:.1f}"
    )


def _counts(folder: Path, phones: set[str] | None = None) -> dict[str, int]:
    """Every phone's texts in the charter, once or more; how many phones took a position."""
    from charter_app.storage.amendments import read_amendments
    from charter_app.storage.events import read_events

    events = read_events(folder)
    texts = [str(e.get("text")) for e in events if str(e.get("text", "")).startswith("bench-")]
    texts += [
        (a.body or "").strip() for a in read_amendments(folder)
        if (a.body or "").startswith("bench-")
    ]  # fmt: skip
    counts = {text: texts.count(text) for text in set(texts)}
    bench_authors = {e.by for e in events if str(e.get("text", "")).startswith("bench-")}
    positions = {e.by for e in events if e.type == "support" and e.by in (phones or bench_authors)}
    return {
        "texts_once": sum(1 for c in counts.values() if c == 1),
        "texts_twice": sum(1 for c in counts.values() if c > 1),
        "positions": len(positions),
    }


def rows(workdir: Path) -> list[Row]:
    return _in_the_window(workdir) + _on_the_command_line(workdir)


def _in_the_window(workdir: Path) -> list[Row]:
    folder = _charter(workdir / "window")
    home = workdir / "window" / "home"
    probe = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_companion", "--probe", str(folder)],
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen", "CHARTER_STUDIO_HOME": str(home)},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert probe.stdout is not None and probe.stdin is not None
    ready = json.loads(probe.stdout.readline())
    pages, posts, failures, wall_s = _load(ready["base"], ready["token"])
    probe.stdin.write("done\n")
    probe.stdin.flush()
    figures = json.loads(probe.stdout.readline())
    probe.wait(60)
    note = _note(wall_s, failures, figures)
    return [
        Row("companion: p95 page, 60 phones, app", p95(pages), 150, note=note),
        Row("companion: p95 post, 60 phones, app", p95(posts), 500),
        Row(
            "companion: longest window stall meanwhile",
            figures["stall_ms"],
            100,
            note=f"longest garbage collection in the window's thread {figures['gc_ms']:.0f} ms",
        ),
    ]


def _on_the_command_line(workdir: Path) -> list[Row]:
    """The same room served by ``charter workshop serve`` (no window in the process), with
    the default limits: what the server itself can do, and what the window's refreshes cost."""
    from tests.companion_phone import free_port

    folder = _charter(workdir / "cli")
    port = free_port()
    home = workdir / "cli" / "home"
    server = subprocess.Popen(
        [sys.executable, "-m", "charter_app.cli", "-C", str(folder), "workshop", "serve",
         "--as", FACILITATOR, "--bind", "127.0.0.1", "--port", str(port)],
        env=os.environ | {"CHARTER_STUDIO_HOME": str(home), "LANGUAGE": "en"},
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    token = ""
    for line in server.stdout:
        if line.startswith("QR code link:"):
            token = line.strip().rsplit("/", 1)[1]
        if "Ctrl+C" in line:
            break
    pages, posts, failures, wall_s = _load(f"http://127.0.0.1:{port}", token)
    server.send_signal(signal.SIGINT)
    server.communicate(timeout=60)
    note = _note(wall_s, failures, _counts(folder))
    return [
        Row("companion: p95 page, 60 phones, command line", p95(pages), 150, note=note),
        Row("companion: p95 post, 60 phones, command line", p95(posts), 500),
    ]


# -- the probe, run in a fresh process ----------------------------------------------------------


def _run_probe(folder: Path) -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from charter_app.ui.app import create_window, parse_arguments
    from charter_app.ui.companion_panel import CompanionFeature
    from tests.companion_phone import free_port

    app = QApplication([sys.argv[0]])
    window = create_window(parse_arguments([str(folder)]), app)
    window.context.set_participant_for(str(folder), FACILITATOR)
    window.show()

    def wait(condition, timeout_s: float = 300.0) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError
            app.processEvents()
            time.sleep(0.001)

    wait(lambda: window.document is not None and window.features_loaded)
    wait(lambda: not window.history.busy)
    feature = next(f for f in window.features if isinstance(f, CompanionFeature))
    feature.open(port=free_port(), bind="127.0.0.1")
    wait(lambda: feature.server is not None)
    limits = feature.server.context.limits
    limits.requests.capacity = limits.requests.rate = 100_000  # loopback: one shared address
    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    pauses: list[float] = []  # the garbage collections of the window's thread
    collecting_since = [0.0]

    def collecting(phase: str, _info: dict[str, int]) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        if phase == "start":
            collecting_since[0] = time.perf_counter()
        else:
            pauses.append((time.perf_counter() - collecting_since[0]) * 1000)

    gc.callbacks.append(collecting)
    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(tick)
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), done.set()), daemon=True).start()
    print(json.dumps({"base": f"http://{feature.server.address}",
                      "token": feature.companion.token}), flush=True)  # fmt: skip
    clock.start()
    heartbeat.start()
    wait(done.is_set, BUDGET_S + 60)
    for _ in range(200):  # the window takes in the last writes: measured too
        app.processEvents()
        time.sleep(0.005)
    heartbeat.stop()
    gc.callbacks.remove(collecting)
    phones = {p.participant for p in feature.companion.phones.values()}
    counts = _counts(folder, phones)
    feature.close()
    print(json.dumps({"stall_ms": max(gaps[1:] or [0.0]), "gc_ms": max(pauses or [0.0]),
                      **counts}), flush=True)  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--probe":
        _run_probe(Path(sys.argv[2]))
