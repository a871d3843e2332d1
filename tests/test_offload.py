"""Work shared with forked children: claims from both ends, failures and stops."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable

import pytest
import yaml

from digestgen.runtime import offload
from digestgen.runtime.offload import Claims, Offload

pytestmark = pytest.mark.skipif(not offload.can_fork(), reason="needs fork and two cores")


def test_both_ends_meet_and_every_item_is_claimed_once() -> None:
    claims = Claims(50)
    front, back = claims.from_front(), claims.from_back()
    taken: list[int] = []
    for index in range(50):  # alternate, as two processes would
        taken.append(next(front) if index % 2 else next(back))
    assert sorted(taken) == list(range(50))
    assert list(front) == [] and list(back) == []


def test_a_forked_child_and_its_parent_share_the_items() -> None:
    claims = Claims(2000)
    child = Offload([lambda: list(claims.from_front())])
    mine = list(claims.from_back())
    done = child.results()
    assert done is not None
    [theirs] = done
    assert sorted(mine + theirs) == list(range(2000))
    assert not set(mine) & set(theirs)


def test_a_lock_left_held_by_a_killed_process_stops_the_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    """The caller then falls back to doing what is left itself, instead of waiting forever."""
    monkeypatch.setattr(Claims, "LOCK_TIMEOUT", 0.2)
    claims = Claims(10)
    holder = multiprocessing.get_context("fork").Process(target=_hold_the_lock, args=(claims,))
    holder.start()
    deadline = time.monotonic() + 10
    while claims._ends.get_lock().acquire(timeout=0.01):  # wait until the holder has it
        claims._ends.get_lock().release()
        assert time.monotonic() < deadline
    os.kill(holder.pid or 0, signal.SIGKILL)
    holder.join()
    assert list(claims.from_back()) == []


def _hold_the_lock(claims: Claims) -> None:
    claims._ends.get_lock().acquire()
    time.sleep(60)


def test_a_failed_work_gives_no_results() -> None:
    assert Offload([_fails]).results() is None


def _fails() -> None:
    raise RuntimeError("the work fails")


def test_cancel_stops_the_children_at_once() -> None:
    sleeper: Callable[[], None] = lambda: time.sleep(60)  # noqa: E731
    child = Offload([sleeper])
    time.sleep(0.2)  # forked and working
    processes = [process for process, _, _ in child._children]
    assert processes and all(process.is_alive() for process in processes)
    start = time.monotonic()
    child.cancel()
    for process in processes:
        process.join(5)
    assert not any(process.is_alive() for process in processes)
    assert time.monotonic() - start < 5


def test_results_come_back_in_order_from_several_children() -> None:
    works = [lambda n=n: (n, os.getpid()) for n in range(7)]  # type: ignore[misc]
    done = Offload(works, processes=3).results()
    assert done is not None
    assert [n for n, _ in done] == list(range(7))
    assert len({pid for _, pid in done}) == 3 and os.getpid() not in {pid for _, pid in done}


def test_a_child_that_dies_gives_no_results() -> None:
    assert Offload([lambda: os._exit(3)]).results() is None


def test_a_child_starts_at_once_while_its_parent_parses() -> None:
    """Each child is forked by ``Offload`` itself and starts its work at once. (Through a
    process pool, whose threads in this process hand the child its work, children of a
    loader busy parsing started up to half a second late, measured.)"""
    started = multiprocessing.get_context("fork").Value("d", 0.0)

    def mark() -> None:
        started.value = time.monotonic()

    begin = time.monotonic()
    child = Offload([mark])
    _parse_yaml_for(0.5)
    parsed = time.monotonic()
    assert child.results() is not None
    # The child ran while the parent was still parsing (not once the parent let go): no timing
    # threshold, which a loaded machine would break.
    assert begin < started.value < parsed


def _parse_yaml_for(seconds: float) -> None:
    document = "papers:\n" + "".join(f"  - title: Paper {n}\n    authors: [A, B]\n" for n in range(2000))
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        yaml.compose(document, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
