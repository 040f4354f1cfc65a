"""write_atomic: the file is always the old or the new version, and disk errors speak plainly."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from charter_app.errors import StorageError
from charter_app.storage.atomic import storage_error, write_atomic


def test_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "principle.md"
    write_atomic(target, b"first\n")
    assert target.read_bytes() == b"first\n"
    target.chmod(0o640)
    write_atomic(target, "deuxième\n".encode())
    assert target.read_bytes() == "deuxième\n".encode()
    assert target.stat().st_mode & 0o777 == 0o640  # permissions survive the replacement
    assert sorted(p.name for p in tmp_path.iterdir()) == ["principle.md"]  # no temporary left


def test_failure_keeps_old_content_and_removes_temporary(tmp_path: Path) -> None:
    # A folder in the way makes the final rename fail, after the temporary file was written.
    target = tmp_path / "busy"
    target.mkdir()
    (target / "inside").write_bytes(b"old")
    with pytest.raises(StorageError) as caught:
        write_atomic(target, b"new")
    assert "busy" in caught.value.message
    assert (target / "inside").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]


def test_missing_folder_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        write_atomic(tmp_path / "nowhere" / "file.md", b"x")


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "disk is full"),  # full disk: free space
        (errno.EROFS, "read-only"),  # CD, locked USB stick
        (errno.EACCES, "not allowed"),  # permissions
        (errno.EPERM, "not allowed"),
        (errno.EIO, "could not be saved"),  # anything else: still plain words
    ],
)
def test_os_errors_become_plain_storage_errors(code: int, words: str) -> None:
    error = storage_error(OSError(code, os.strerror(code)), "/charte/principles/a.md")
    assert isinstance(error, StorageError)
    assert words in error.message
    assert "/charte/principles/a.md" in error.message
    assert error.hint  # always says what to do next
    assert "Traceback" not in str(error)


def test_read_only_folder_keeps_the_old_version() -> None:
    # A folder the writer may not write in. Root ignores permissions, so when the tests run as
    # root (CI) the write happens in a forked child that has become "nobody" first.
    folder = Path(tempfile.mkdtemp(prefix="charter-readonly-"))
    try:
        target = folder / "a.md"
        target.write_bytes(b"old")
        folder.chmod(0o555)
        if os.geteuid() != 0:
            with pytest.raises(StorageError) as raised:
                write_atomic(target, b"new")
            assert "permission" in raised.value.message or "read-only" in raised.value.message
        else:
            pid = os.fork()
            if pid == 0:  # the child: no pytest machinery, only an exit code
                code = 3
                try:
                    os.setgid(65534)
                    os.setuid(65534)
                    write_atomic(target, b"new")
                    code = 1  # written: the test must fail
                except StorageError:
                    code = 0
                finally:
                    os._exit(code)
            _pid, status = os.waitpid(pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0
        assert target.read_bytes() == b"old"
        assert sorted(p.name for p in folder.iterdir()) == ["a.md"]  # no temporary file left
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


_WRITER = """
import sys
from pathlib import Path
from charter_app.storage.atomic import write_atomic
target = Path(sys.argv[1])
print("ready", flush=True)
n = 0
while True:
    n += 1
    write_atomic(target, (f"version {n}\\n" * 20000).encode())
"""


def _is_whole_version(data: bytes) -> bool:
    lines = data.decode().splitlines()
    return len(lines) == 20000 and len(set(lines)) == 1 and lines[0].startswith("version ")


def test_sigkill_while_writing_leaves_old_or_new_version(tmp_path: Path) -> None:
    target = tmp_path / "principle.md"
    write_atomic(target, ("version 0\n" * 20000).encode())
    rng = random.Random(3)
    for _iteration in range(40):
        child = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(target)], stdout=subprocess.PIPE
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert _is_whole_version(target.read_bytes())
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "principle.md"]
    # A kill between mkstemp and rename may leave a hidden temporary; never a broken target.
    assert all(name.startswith(".principle.md.") for name in leftovers)
