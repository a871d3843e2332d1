"""Progress for long commands: a bar in a terminal, silence in CI and pipes.

Commands print one summary line when they finish in every case; the bar only adds
something to look at while a long run goes on, on stderr, and vanishes when it is done.
It is shown only when stderr is a terminal, ``CI`` is not set and ``-v`` is not given
(``-v`` prints the timed build steps instead, which a live bar would garble).

    with step_progress("build") as on_start:        # build: the step running now
        build_site(..., steps=Steps(on_start))

    for path in track(files, "ingest"):             # ingest: n of m files
        ...
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO, TypeVar

if TYPE_CHECKING:
    from rich.progress import Progress

T = TypeVar("T")

_verbose = False


def set_verbose(verbose: bool) -> None:
    """``digestgen -v``: log the timed build steps to stderr, and show no bar."""
    global _verbose
    _verbose = verbose
    if not verbose:
        return
    logger = logging.getLogger("digestgen")
    if not any(getattr(h, "_digestgen", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._digestgen = True  # type: ignore[attr-defined]  # marks our own handler
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


def interactive(stream: TextIO | None = None) -> bool:
    """Whether a live bar may be drawn on ``stream`` (default stderr)."""
    stream = stream or sys.stderr
    if _verbose or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _bar(stream: TextIO, *, counted: bool) -> Progress:
    # rich is imported only when a bar is drawn: it costs 0.1 s at start-up, and CI never draws one.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn()]
    columns += [MofNCompleteColumn()] if counted else [TextColumn("{task.fields[step]}")]
    return Progress(*columns, TimeElapsedColumn(), console=Console(file=stream), transient=True)


@contextmanager
def step_progress(description: str, stream: TextIO | None = None) -> Iterator[Callable[[str], None] | None]:
    """A bar naming the step that runs now; yields the ``Steps`` start callback, or None when quiet."""
    stream = stream or sys.stderr
    if not interactive(stream):
        yield None
        return
    with _bar(stream, counted=False) as bar:
        task = bar.add_task(description, total=None, step="")

        def on_start(step: str) -> None:
            bar.update(task, step=step, refresh=True)  # a dozen steps: draw each, however short

        yield on_start


def track(items: Sequence[T], description: str, stream: TextIO | None = None) -> Iterator[T]:
    """The items, one by one, with an n-of-m bar while they are worked through (in a terminal)."""
    stream = stream or sys.stderr
    if not interactive(stream) or len(items) < 2:
        yield from items
        return
    with _bar(stream, counted=True) as bar:
        yield from bar.track(items, total=len(items), description=description)
