"""Watching the project for ``digestgen serve``: digests, templates and the settings file.

Folders are watched recursively in one thread; the settings file's folder (usually the
project root, which holds .venv/ and site/) is watched without recursion in another,
filtered to the settings file's name. Each batch of changes (watchfiles groups the events
of one save) calls ``on_change`` once with the changed paths.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles

OnChange = Callable[[set[str]], None]


class Watcher:
    """Background threads that call ``on_change`` until ``stop``."""

    def __init__(self, digests: Path, templates: Path | None, files: Iterable[Path], on_change: OnChange) -> None:
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        folders = [f for f in (digests, templates) if f is not None and f.is_dir()]
        if folders:
            self._add(folders, recursive=True, watch_filter=_ProjectFilter(digests), on_change=on_change)
        for parent, names in _files_by_folder(files).items():
            self._add([parent], recursive=False, watch_filter=_NameFilter(names), on_change=on_change)

    def _add(
        self, paths: list[Path], *, recursive: bool, watch_filter: watchfiles.BaseFilter, on_change: OnChange
    ) -> None:
        def run() -> None:
            changes = watchfiles.watch(
                *paths, watch_filter=watch_filter, recursive=recursive, stop_event=self._stop, raise_interrupt=False
            )
            for batch in changes:
                on_change({path for _, path in batch})

        self._threads.append(threading.Thread(target=run, name="digestgen-watch", daemon=True))

    def start(self) -> None:
        """Start watching."""
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop watching and wait (a little) for the threads to end."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)


class _ProjectFilter(watchfiles.DefaultFilter):
    """Digest files (``*.yaml``, as the loader reads) under the digests folder; anything else elsewhere.

    Editors' temporary files (``sed`` and ``vim`` write some beside the file) are left out,
    and so are the DefaultFilter's (.git, __pycache__, swap and backup files).
    """

    def __init__(self, digests: Path) -> None:
        super().__init__()
        self.digests = str(digests.resolve())

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        if Path(path).resolve().is_relative_to(self.digests):
            return path.endswith(".yaml") and not Path(path).name.startswith(".")
        return True


class _NameFilter(watchfiles.BaseFilter):
    """Only the named files of a folder."""

    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = names

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return Path(path).name in self.names


def _files_by_folder(files: Iterable[Path]) -> dict[Path, set[str]]:
    folders: dict[Path, set[str]] = {}
    for file in files:
        folders.setdefault(file.resolve().parent, set()).add(file.name)
    return folders
