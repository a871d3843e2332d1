"""Work done by a second core: a forked child process that sees this one's data as it was.

A build renders thousands of pages from views already in memory. ``fork`` hands them to a
child without pickling them; only the child's result (the pages' bytes) comes back. Where
``fork`` does not exist, or there is one core, the work is done here, in turn.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")

_work: Callable[[], object] | None = None
"""The work of the child being forked (a module global: the child inherits it, nothing is pickled)."""


def can_fork() -> bool:
    """Whether a second core can take work: ``fork`` exists and there are at least two cores."""
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _run_work() -> object:
    assert _work is not None
    return _work()


class Offload(Generic[T]):
    """``work()`` started in a forked child now; ``result()`` waits for what it returns.

    If the child fails in any way, ``result()`` returns None: the caller then does the
    work itself, so that an error surfaces here with its whole traceback (a template
    error names its template line from the traceback).
    """

    def __init__(self, work: Callable[[], T]) -> None:
        global _work
        _work = work
        # Objects made so far are moved out of the collector's reach, so that a collection in
        # the child does not touch (and so copy) every page of memory it shares with us.
        gc.freeze()
        try:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self._future: Future[object] = self._pool.submit(_run_work)  # forks here
        finally:
            _work = None

    def result(self) -> T | None:
        """The child's result; None when it failed."""
        try:
            return self._future.result()  # type: ignore[return-value]
        except Exception:
            return None
        finally:
            self._pool.shutdown()
            gc.unfreeze()
