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
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

T = TypeVar("T")


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


_OK, _FAILED = "ok", "failed"


def _run_share(works: Sequence[Callable[[], object]], share: range, results: Connection, parent: int) -> None:
    """In a child: do the works of ``share`` in order, sending each result back when it is done."""
    _watch_parent(parent)
    for index in share:
        try:
            result = works[index]()
        except BaseException:
            results.send((_FAILED, None))  # the parent does the work again, and shows its error
            return
        results.send((_OK, result))


class Offload(Generic[T]):
    """``works`` started in forked children now; ``results()`` waits for what they return.

    Child ``i`` of ``processes`` does works ``i``, ``i + processes``, ... one after another,
    and sends each result back as soon as it is done, so a child never holds more than one
    result. Each child is forked here and starts at once: a process pool hands a child its
    work from threads of this process, which wait for the interpreter lock, and a process
    busy in C code (the YAML parser) kept its children waiting for up to half a second.
    If a child fails in any way, ``results()`` returns None: the caller then does the work
    itself, so that an error surfaces here with its whole traceback (a template error
    names its template line from the traceback).
    """

    def __init__(self, works: Sequence[Callable[[], T]], processes: int = 1) -> None:
        # Objects made so far are moved out of the collector's reach, so that a collection in
        # the child does not touch (and so copy) every page of memory it shares with us.
        gc.freeze()
        self._count = len(works)
        self._children: list[tuple[BaseProcess, Connection, range]] = []
        context = multiprocessing.get_context("fork")
        for first in range(min(processes, len(works))):
            receiver, sender = context.Pipe(duplex=False)
            share = range(first, len(works), processes)
            child = context.Process(target=_run_share, args=(works, share, sender, os.getpid()), daemon=True)
            child.start()  # forks now: the works reach the child with its memory, unpickled
            sender.close()
            self._children.append((child, receiver, share))

    def results(self) -> list[T] | None:
        """The works' results in order; None when a child failed."""
        found: dict[int, T] = {}
        try:
            for _, receiver, share in self._children:
                for index in share:
                    status, result = receiver.recv()
                    if status != _OK:
                        return None
                    found[index] = result
        except (EOFError, OSError):  # a child died before sending its results
            return None
        finally:
            self._stop(done=len(found) == self._count)
        return [found[index] for index in range(self._count)]

    def cancel(self) -> None:
        """Stop the children now: their work is no longer wanted (the build failed meanwhile)."""
        self._stop(done=False)

    def _stop(self, done: bool) -> None:
        """Reap the children: ``done`` ones exit by themselves; the others are stopped."""
        for child, receiver, _ in self._children:
            if not done:
                child.terminate()
            child.join()
            receiver.close()
        self._children = []
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
