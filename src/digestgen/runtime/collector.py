"""A build's objects and Python's memory management: the cyclic collector paused while a
build allocates and keeps its data (``paused``), and what a one-shot build keeps held until
its process exits rather than freed one by one (``keep``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off inside the block (unless it was off already), on again after.

    A build allocates millions of objects it keeps to its end (records, the catalog, views,
    cards), and they hold no reference cycles. The collector would still walk all of them at
    every full collection, ever more of them as they accumulate: a third of the time of the
    catalog at 100,000 papers (1.6 s, 0.8 s without), 5% of a 10,000-paper build. What little
    cyclic garbage a build leaves (a few hundred bytes a page) is collected later.

    When the block ends, whatever it allocated and still holds is moved to the oldest
    generation (``freeze`` then ``unfreeze``: two list splices). Left where it was, in the
    youngest, all of it would be walked by the first young collection after the block:
    15 ms at the end of a 10,000-paper build, for objects that are not garbage.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


_process_ends_after_command = False
_keeping = False
_kept: list[object] = []


def process_ends_after_command() -> None:
    """Say that this process ends as soon as its command returns, with ``os._exit``
    (``digestgen.cli.run``): what a one-shot command ``keep``\\s need never be freed."""
    global _process_ends_after_command
    _process_ends_after_command = True


def keep_garbage() -> None:
    """From now on ``keep`` holds what it is given until the process ends, if it ends after
    this command (``process_ends_after_command``). For one-shot commands only: a long-running
    one (``digestgen serve``) would hold every build's garbage."""
    global _keeping
    _keeping = _process_ends_after_command


def keep(value: object) -> None:
    """Hold ``value`` until the process ends, when ``keep_garbage`` asked for it; else nothing.

    A build's views, cards and catalog are a million objects: freed one by one when the
    build returns, they took 30 ms of a 10,000-paper build's last, one-core part, for a
    process that then exits without freeing anything else.
    """
    if _keeping:
        _kept.append(value)
