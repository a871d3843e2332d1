"""A flat list of timed build steps, logged at debug level (``digestgen -v`` shows them)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger("digestgen.build.pipeline")


class Steps:
    """Records how long each named step took, in the order the steps ran."""

    def __init__(self, on_start: Callable[[str], None] | None = None) -> None:
        self.times: list[tuple[str, float]] = []
        """(step, seconds) for each finished step."""
        self.on_start = on_start
        """Called with each step's name as it starts (a progress display)."""

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time the ``with`` block as step ``name``."""
        if self.on_start is not None:
            self.on_start(name)
        start = time.perf_counter()
        yield
        seconds = time.perf_counter() - start
        self.times.append((name, seconds))
        log.debug("%-14s %8.1f ms", name, seconds * 1000)

    def total(self) -> float:
        """Seconds over all steps."""
        return sum(seconds for _, seconds in self.times)
