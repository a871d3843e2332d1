"""The site as ``digestgen serve`` holds it: rebuilt in memory on every change, never written.

Each rebuild makes a new ``Snapshot`` and swaps it in with one assignment, so a request
always sees one whole build. A build that fails keeps the last good files (stylesheets keep
working) and carries the problems, which pages show until the next build succeeds. Parsed
records stay in an in-memory ``RecordCache``: a rebuild parses only the files that changed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from digestgen.build.pipeline import make_site
from digestgen.errors import DigestError, Problem
from digestgen.records.cache import RecordCache
from digestgen.render.config import SiteConfig

ConfigSource = Callable[[], SiteConfig]
"""Gives the site config for a build (reading the settings file again); raises ``DigestError``."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One build as served."""

    version: int
    """Goes up by one whenever what is served changes; pages reload when it does."""
    base_url: str
    """The path the site is served under."""
    files: Mapping[str, bytes] = field(default_factory=dict)
    """The files of the last build that succeeded, by output path."""
    problems: tuple[Problem, ...] = ()
    """Why the latest build failed; empty when it succeeded."""


@dataclass(frozen=True, slots=True)
class Rebuild:
    """What one rebuild did, for the terminal."""

    snapshot: Snapshot
    seconds: float
    changed_files: int
    """Output files added, changed or removed since the previous snapshot."""
    warnings: tuple[Problem, ...]
    fixed: bool = False
    """The build before this one had failed; this one succeeded."""


class LiveSite:
    """Rebuilds the site on demand and lets request threads wait for the next change."""

    def __init__(self, digests_dir: Path, templates: Path | None, config: ConfigSource, base_url: str) -> None:
        self.digests_dir = digests_dir
        self.templates = templates
        self._config = config
        self._cache = RecordCache()  # in memory only
        self._build_lock = threading.Lock()
        self._changed = threading.Condition()
        self._closed = False
        self.snapshot = Snapshot(0, base_url)

    def rebuild(self) -> Rebuild:
        """Build again from the files on disk; publish the result (or the problems)."""
        with self._build_lock:
            start = time.perf_counter()
            old = self.snapshot
            new, warnings = self._build(old)
            changed = _changed_files(old.files, new.files)
            if changed or new.problems != old.problems or new.base_url != old.base_url:
                self._publish(new)
            else:
                new = old
            fixed = bool(old.problems) and not new.problems
            return Rebuild(new, time.perf_counter() - start, changed, warnings, fixed)

    def _build(self, old: Snapshot) -> tuple[Snapshot, tuple[Problem, ...]]:
        version = old.version + 1
        try:
            config = self._config()
            # The last snapshot lends its search shards: those whose papers did not change are kept.
            site = make_site(self.digests_dir, config, self.templates, cache=self._cache, previous=old.files or None)
        except DigestError as error:
            return Snapshot(version, old.base_url, old.files, tuple(error.problems)), ()
        return Snapshot(version, config.base_url, site.files), site.warnings

    def _publish(self, snapshot: Snapshot) -> None:
        with self._changed:
            self.snapshot = snapshot
            self._changed.notify_all()

    def wait_for_change(self, since: int, timeout: float) -> Snapshot | None:
        """The snapshot once its version differs from ``since`` (or at once); None on timeout or close."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self.snapshot.version != since, timeout)
            if self._closed or self.snapshot.version == since:
                return None
            return self.snapshot

    @property
    def closed(self) -> bool:
        """Whether the server is shutting down (waiting requests should end)."""
        return self._closed

    def close(self) -> None:
        """Wake every waiting request so that it can end."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


def _changed_files(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> int:
    if old is new:
        return 0
    changed = sum(1 for path, data in new.items() if old.get(path) != data)
    return changed + sum(1 for path in old if path not in new)
