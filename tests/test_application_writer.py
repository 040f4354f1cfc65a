"""One writer per charter: threads of one program and other programs write one at a time, a
write that waits says so, a wait that lasts too long is refused in plain words, and a crowd of
writers at once loses nothing."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from charter_app.application import amendments, comments, participants, principles, workshops
from charter_app.application.queue import WriteQueue
from charter_app.application.session import Session
from charter_app.errors import CharterError, LockedError
from charter_app.storage.repository import CharterRepository
from charter_app.storage.templates import create_from_template, default_example
from charter_app.storage.write_lock import WriteLock

GitCli = Callable[..., str]


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    path = tmp_path / "charter"
    create_from_template(path, default_example()).close()
    return path


def someone(session: Session) -> str:
    return session.repository.load().participants[0].id


# -- the queue of one program ----------------------------------------------------------------------


def test_the_queue_serves_writers_in_the_order_they_came() -> None:
    queue = WriteQueue()
    order: list[int] = []
    first_in = threading.Event()

    def writer(number: int) -> None:
        with queue.turn():
            if number == 0:
                first_in.set()
                time.sleep(0.2)
            order.append(number)

    threads = [threading.Thread(target=writer, args=(0,))]
    threads[0].start()
    first_in.wait()
    for number in (1, 2, 3):
        thread = threading.Thread(target=writer, args=(number,))
        thread.start()
        threads.append(thread)
        time.sleep(0.02)  # arrive one after the other
    for thread in threads:
        thread.join()
    assert order == [0, 1, 2, 3]


def test_a_waiting_writer_says_so_once_and_gives_up_after_the_limit() -> None:
    queue = WriteQueue()
    told: list[str] = []
    holding, release = threading.Event(), threading.Event()

    def holder() -> None:
        with queue.turn():
            holding.set()
            release.wait()

    thread = threading.Thread(target=holder)
    thread.start()
    holding.wait()
    with pytest.raises(LockedError) as refused, queue.turn(lambda: told.append("wait"), limit=0.6):
        pass
    assert told == ["wait"]
    assert "nothing was written" in refused.value.message
    release.set()
    thread.join()
    with queue.turn():  # the one that gave up does not block the queue
        pass


# -- other programs --------------------------------------------------------------------------------

_HOLDER = """
import sys, time
from pathlib import Path
from charter_app.storage.write_lock import WriteLock
lock = WriteLock(Path(sys.argv[1]))
lock.acquire()
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_write_waits_for_another_program_then_goes_through(charter: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(charter), "1.0"], stdout=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
    told: list[bool] = []
    with Session.open(charter) as session:
        session.on_wait = lambda: told.append(True)
        written = comments.comment(session, someone(session), "1", "Après l'autre programme.")
    holder.wait()
    holder.stdout.close()
    assert told == [True]
    assert written.commit is not None


def test_a_write_refused_after_the_limit_writes_nothing(charter: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(charter), "3.0"], stdout=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
    with Session.open(charter) as session:
        session.wait_limit = 0.5
        head = session.repository.git.head()
        with pytest.raises(LockedError) as refused:
            comments.comment(session, someone(session), "1", "Trop tard.")
        assert session.repository.git.head() == head
    holder.kill()
    holder.wait()
    holder.stdout.close()
    assert "Try again" in refused.value.hint


def test_the_lock_is_free_again_when_its_holder_dies(charter: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(charter), "60"], stdout=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
    lock = WriteLock(charter)
    assert not lock.try_acquire()
    holder.kill()
    holder.wait()
    holder.stdout.close()
    assert lock.try_acquire()
    lock.release()


# -- a crowd writing at once ---------------------------------------------------------------------

OPERATIONS = 500
THREADS = 4
PROCESSES = 2


def mixed_operation(session: Session, rng: random.Random, index: int) -> None:
    """One of the writes a room makes, chosen by ``rng``."""
    charter = session.repository.load()
    author = rng.choice(charter.participants).id
    principle = rng.choice(charter.principles)
    kind = rng.randrange(7)
    if kind == 0:
        comments.comment(session, author, principle.id, f"Avis {index}.")
    elif kind == 1:
        quote = " ".join(principle.body.split()[:3])
        comments.comment(session, author, principle.id, f"Passage {index}.", quote=quote)
    elif kind == 2:
        participants.register_participant(session, f"Habitant {index}", "resident")
    elif kind == 3:
        amendments.file_amendment(
            session, author, "modify", principle.id,
            rationale=f"Raison {index}", body=f"{principle.body}\n\nAjout {index}.",
        )  # fmt: skip
    elif kind == 4:
        workshops.place_dots(session, author, principle.id, 1)
    elif kind == 5:
        events = session.repository.events()
        roots = [e.id for e in events if e.type == "comment"]
        if roots:
            comments.reply(session, author, rng.choice(roots), f"Réponse {index}.")
        else:
            comments.comment(session, author, principle.id, f"Premier {index}.")
    else:
        principles.edit_principle(session, author, principle.id, title=f"Titre {index}")


_CROWD = """
import random, sys
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from charter_app.application.session import Session
from charter_app.errors import CharterError
from tests.test_application_writer import mixed_operation
done = refused = 0
with Session.open(Path(sys.argv[1])) as session:
    rng = random.Random(int(sys.argv[2]))
    for index in range(int(sys.argv[3])):
        try:
            mixed_operation(session, rng, 10_000 * int(sys.argv[2]) + index)
            done += 1
        except CharterError as error:
            assert error.message, "a refusal says why"
            refused += 1
print(done, refused)
"""


def test_four_threads_and_two_programs_lose_nothing(charter: Path, git_cli: GitCli) -> None:
    per_writer = OPERATIONS // (THREADS + PROCESSES)
    root = str(Path(__file__).resolve().parents[1])
    before = int(git_cli(charter, "rev-list", "--count", "HEAD"))
    with CharterRepository.open(charter) as repository:
        people_before = len(repository.load().participants)
    programs = [
        subprocess.Popen(
            [sys.executable, "-c", _CROWD, str(charter), str(seed), str(per_writer), root],
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in (101, 102)
    ]
    results: list[tuple[int, int]] = []
    failures: list[BaseException] = []

    def crowd(seed: int) -> None:
        done = refused = 0
        try:
            with Session.open(charter) as session:
                rng = random.Random(seed)
                for index in range(per_writer):
                    try:
                        mixed_operation(session, rng, 10_000 * seed + index)
                        done += 1
                    except CharterError as error:
                        assert error.message
                        refused += 1
        except BaseException as error:  # reported below, with the thread's results
            failures.append(error)
        results.append((done, refused))

    threads = [threading.Thread(target=crowd, args=(seed,)) for seed in range(1, THREADS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for program in programs:
        out, _err = program.communicate(timeout=600)
        assert program.returncode == 0
        done, refused = map(int, out.split())
        results.append((done, refused))
    assert not failures, failures
    done = sum(d for d, _r in results)
    refused = sum(r for _d, r in results)
    assert done + refused == per_writer * (THREADS + PROCESSES)
    after = int(git_cli(charter, "rev-list", "--count", "HEAD"))
    with CharterRepository.open(charter) as repository:
        registered = len(repository.load().participants) - people_before
    # Every operation that went through is exactly one commit (a registration replaces the
    # list of participants, kept apart from the history): none lost, none doubled.
    assert after - before == done - registered
    assert registered > 0
    git_cli(charter, "fsck", "--strict", "--no-progress")
    assert git_cli(charter, "status", "--porcelain") == ""
    with CharterRepository.open(charter) as repository:
        assert repository.check() == []
    print(f"\n{done} written, {refused} refused with a reason")
