"""One window writes a charter; a lock left by a killed process is recovered silently."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from charter_app import paths
from charter_app.errors import LockedError
from charter_app.i18n import set_language
from charter_app.storage.instance_lock import InstanceLock, locked_error

posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and /proc are POSIX")

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from charter_app.storage.instance_lock import InstanceLock

    lock = InstanceLock(Path(sys.argv[1]))
    lock.acquire()
    print("READY", flush=True)
    time.sleep(120)
    """
)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(home))
    return home


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    folder = tmp_path / "charter"
    folder.mkdir()
    return folder


def start_holder(charter: Path) -> subprocess.Popen[str]:
    """A child process that takes the lock and keeps it until killed."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(charter)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "READY":
        child.kill()
        pytest.fail(f"the child did not take the lock: {line!r} {child.stderr.read()!r}")
    return child


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_second_acquire_in_the_same_process_is_refused(home: Path, charter: Path) -> None:
    first = InstanceLock(charter)
    first.acquire()
    try:
        with pytest.raises(LockedError) as raised:
            InstanceLock(charter).acquire()
        assert "already open in another Charter Studio window" in raised.value.message
        assert "read-only" in raised.value.message
        assert raised.value.hint
    finally:
        first.release()


def test_release_lets_the_next_window_in(home: Path, charter: Path) -> None:
    with InstanceLock(charter) as lock:
        assert lock.held and lock.path.exists()
    assert not lock.held
    with InstanceLock(charter) as again:
        assert again.held


def test_acquiring_twice_with_the_same_object_is_harmless(home: Path, charter: Path) -> None:
    lock = InstanceLock(charter)
    lock.acquire()
    lock.acquire()
    lock.release()
    with InstanceLock(charter) as next_window:
        assert next_window.held


def test_lock_file_is_in_the_recovery_folder_not_the_repository(home: Path, charter: Path) -> None:
    with InstanceLock(charter) as lock:
        assert lock.path.is_relative_to(paths.recovery_dir())
        assert list(charter.iterdir()) == []
        record = json.loads(lock.path.read_text(encoding="ascii"))
        assert record["pid"] == os.getpid()
        assert record["hostname"]
        assert record["since"]


def test_other_charters_are_not_locked(home: Path, charter: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    with InstanceLock(charter), InstanceLock(other) as second:
        assert second.held


def test_message_names_the_time_the_other_window_opened(home: Path, charter: Path) -> None:
    with InstanceLock(charter) as lock:
        owner = lock.owner()
        assert owner is not None
        expected = owner.since.astimezone().strftime("%H:%M")
        with pytest.raises(LockedError) as raised:
            InstanceLock(charter).acquire()
    assert raised.value.message == (
        f"This charter is already open in another Charter Studio window (since {expected}). "
        "It opens read-only here."
    )
    assert locked_error(owner).message == raised.value.message


@posix_only
def test_live_child_holding_the_lock_refuses_us(home: Path, charter: Path) -> None:
    child = start_holder(charter)
    try:
        with pytest.raises(LockedError):
            InstanceLock(charter).acquire()
    finally:
        child.kill()
        child.wait()


@posix_only
def test_lock_of_a_sigkilled_child_is_recovered(home: Path, charter: Path) -> None:
    child = start_holder(charter)
    lock = InstanceLock(charter)
    with pytest.raises(LockedError):
        lock.acquire()

    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert lock.path.exists(), "a killed process cannot clean up: the lock is stale"

    lock.acquire()
    owner = lock.owner()
    assert owner is not None and owner.pid == os.getpid()
    lock.release()


@posix_only
def test_lock_of_a_killed_but_unreaped_child_is_recovered(home: Path, charter: Path) -> None:
    child = start_holder(charter)
    os.kill(child.pid, signal.SIGKILL)
    # Not reaped yet: the pid still exists as a zombie on Linux.
    time.sleep(0.2)
    try:
        with InstanceLock(charter) as lock:
            assert lock.held
    finally:
        child.wait()


def write_lock(lock: InstanceLock, **fields: object) -> None:
    record: dict[str, object] = {
        "pid": os.getpid(),
        "hostname": socket.gethostname(),
        "since": "2024-05-01T12:02:00+00:00",
        "process_start": None,
        "boot_id": None,
        "token": "someone-else",
    }
    record.update(fields)
    lock.path.parent.mkdir(parents=True, exist_ok=True)
    lock.path.write_text(json.dumps(record), encoding="ascii")


def test_lock_of_a_dead_pid_is_recovered(home: Path, charter: Path) -> None:
    lock = InstanceLock(charter)
    write_lock(lock, pid=dead_pid())
    with lock:
        assert lock.owner() is not None and lock.owner().pid == os.getpid()  # type: ignore[union-attr]


def test_lock_of_a_reused_pid_is_recovered(home: Path, charter: Path) -> None:
    # Our own pid is alive, but the lock says it belonged to a process started at another time.
    lock = InstanceLock(charter)
    write_lock(lock, pid=os.getpid(), process_start="1")
    with lock:
        assert lock.held


def test_lock_from_before_a_restart_is_recovered(home: Path, charter: Path) -> None:
    lock = InstanceLock(charter)
    write_lock(lock, pid=os.getpid(), boot_id="00000000-0000-0000-0000-000000000000")
    with lock:
        assert lock.held


def test_a_leftover_file_naming_a_live_process_is_not_a_lock(home: Path, charter: Path) -> None:
    # Only the system lock counts: a file left behind (copied, restored from a backup...)
    # never keeps a facilitator out, whatever process it names.
    lock = InstanceLock(charter)
    write_lock(lock, pid=os.getppid(), hostname="another-laptop.invalid")
    with lock:
        assert lock.held


def test_a_live_holder_refuses_us_even_if_its_file_is_damaged(home: Path, charter: Path) -> None:
    holder = start_holder(charter)
    try:
        InstanceLock(charter).path.write_bytes(b"\x00garbage")
        with pytest.raises(LockedError) as raised:
            InstanceLock(charter).acquire()
        assert "read-only" in raised.value.message  # the generic message, without a time
    finally:
        holder.kill()
        holder.wait()


def test_old_unreadable_lock_is_recovered(home: Path, charter: Path) -> None:
    lock = InstanceLock(charter)
    lock.path.parent.mkdir(parents=True)
    lock.path.write_bytes(b"")  # the owner died between creating and writing it
    old = time.time() - 600
    os.utime(lock.path, (old, old))
    with lock:
        assert lock.held


def test_release_clears_the_description_for_the_next_owner(home: Path, charter: Path) -> None:
    lock = InstanceLock(charter)
    lock.acquire()
    first = lock.owner()
    lock.release()
    assert lock.owner() is None
    with InstanceLock(charter) as second:
        owner = second.owner()
        assert owner is not None and first is not None and owner.token != first.token


RACER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from charter_app.errors import LockedError
    from charter_app.storage.instance_lock import InstanceLock

    charter, go = Path(sys.argv[1]), Path(sys.argv[2])
    while not go.exists():
        time.sleep(0.001)
    lock = InstanceLock(charter)
    try:
        lock.acquire()
    except LockedError:
        print("LOCKED", flush=True)
    else:
        print("ACQUIRED", flush=True)
        time.sleep(3)  # hold it while the others look
        lock.release()
    """
)


@posix_only
@pytest.mark.parametrize("stale", [False, True], ids=["free", "stale-lock"])
def test_racing_acquirers_get_one_lock(
    home: Path, charter: Path, tmp_path: Path, stale: bool
) -> None:
    if stale:
        write_lock(InstanceLock(charter), pid=dead_pid())
    go = tmp_path / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(charter), str(go)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    time.sleep(1.0)  # let every racer start and wait on the flag
    go.touch()
    results = [racer.communicate(timeout=60)[0].strip() for racer in racers]
    assert sorted(results) == ["ACQUIRED"] + ["LOCKED"] * 7
