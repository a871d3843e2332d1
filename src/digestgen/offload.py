"""Work done by other cores: forked child processes that see this one's data as it was.

A build renders thousands of pages from views already in memory. ``fork`` hands them to a
child without pickling them; only the child's result comes back. Where ``fork`` does not
exist, or there is one core, the caller does the work itself.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")

_works: Sequence[Callable[[], object]] = ()
"""The works of the child being forked (a module global: the child inherits it, nothing is pickled)."""


def spare_cores() -> int:
    """Cores besides this process's that forked children can use: 0 without ``fork`` or off the main thread."""
    return (os.cpu_count() or 1) - 1 if can_fork() else 0


def can_fork() -> bool:
    """Whether a second core can take work: ``fork`` exists, there are two cores, and this is the main thread.

    ``digestgen serve`` builds in its watcher threads, beside its server's: a child forked
    there could inherit a lock another thread holds, so it builds on one core.
    """
    cores = (os.cpu_count() or 1) >= 2
    return (
        cores
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
    )


def _run_work(index: int) -> object:
    return _works[index]()


def _watch_parent(parent: int) -> None:
    """In a child: exit as soon as the parent is gone (killed), polling from a thread.

    Nothing would read the child's results then, and a result larger than the pipe's
    buffer would block it forever, holding the output folder's lock (``output.exclusive``).
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="digestgen-parent-watch", daemon=True).start()


class Offload(Generic[T]):
    """``works`` started in forked children now; ``results()`` waits for what they return.

    ``processes`` children take the works in turn (one child: one after another). Each
    result is sent back as soon as its work is done, so a child never holds more than one
    result. If a child fails in any way, ``results()`` returns None: the caller then does
    the work itself, so that an error surfaces here with its whole traceback (a template
    error names its template line from the traceback).
    """

    def __init__(self, works: Sequence[Callable[[], T]], processes: int = 1) -> None:
        global _works
        _works = works
        # Objects made so far are moved out of the collector's reach, so that a collection in
        # the child does not touch (and so copy) every page of memory it shares with us.
        gc.freeze()
        try:
            self._pool = ProcessPoolExecutor(
                processes, multiprocessing.get_context("fork"), _watch_parent, (os.getpid(),)
            )
            self._futures: list[Future[object]] = [self._pool.submit(_run_work, i) for i in range(len(works))]
        finally:
            _works = ()

    def results(self) -> list[T] | None:
        """The works' results in order; None when the child failed."""
        try:
            return [future.result() for future in self._futures]  # type: ignore[misc]
        except Exception:
            return None
        finally:
            self._pool.shutdown(cancel_futures=True)
            gc.unfreeze()

    def cancel(self) -> None:
        """Stop the children now: their work is no longer wanted (the build failed meanwhile).

        Else the interpreter would wait for them at exit. ``ProcessPoolExecutor`` has no
        public way to stop its processes before Python 3.14 (``terminate_workers``).
        """
        processes = getattr(self._pool, "_processes", None) or {}
        for process in list(processes.values()):
            process.terminate()
        self._pool.shutdown(wait=False, cancel_futures=True)
        gc.unfreeze()


class Claims:
    """Work items ``0 .. count-1`` shared by a process and its forked child: the child takes
    them from the front, the parent from the back, until they meet; so each is done once and
    both finish together, however busy each core is. Made before the fork (shared memory).
    """

    LOCK_TIMEOUT = 5.0
    """Seconds to wait for the lock: held longer, its holder died in the few instructions it
    holds it for (killed). Claiming then stops; the caller's fallback does what is left."""

    def __init__(self, count: int) -> None:
        self._ends = multiprocessing.get_context("fork").Array("q", [0, count])  # [next front, end of back)

    def from_front(self) -> Iterator[int]:
        while (index := self._claim(front=True)) is not None:
            yield index

    def from_back(self) -> Iterator[int]:
        while (index := self._claim(front=False)) is not None:
            yield index

    def _claim(self, front: bool) -> int | None:
        lock = self._ends.get_lock()
        if not lock.acquire(timeout=self.LOCK_TIMEOUT):
            return None
        try:
            first: int = self._ends[0]
            end: int = self._ends[1]
            if first >= end:
                return None
            if front:
                self._ends[0] = first + 1
                return first
            self._ends[1] = end - 1
            return end - 1
        finally:
            lock.release()
