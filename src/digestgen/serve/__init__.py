"""``digestgen serve``: build in memory, serve on 127.0.0.1 under the base URL, rebuild on change.

    live site (live.py) ◀── rebuild ── watcher threads (watch.py): digests/, templates/, settings
        │ snapshot
        ▼
    HTTP server (http.py) ── routes.py: files from memory, error page, reload script

Nothing is written to disk: the site is served from the render's ``{path: bytes}``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from digestgen.errors import DigestError, errors_only
from digestgen.render.config import SiteConfig
from digestgen.serve.http import HOST, DevServer
from digestgen.serve.live import LiveSite, Rebuild
from digestgen.serve.watch import Watcher
from digestgen.settings.project import CONFIG_NAME, PYPROJECT_NAME, load_settings, site_config

Echo = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What ``digestgen serve`` was asked for."""

    digests_dir: Path
    templates: Path | None = None
    port: int = 8000
    """0 lets the system choose a free port."""
    config_file: Path | None = None
    """The settings file given with ``--config``; None: found in the current folder."""
    base_url: str | None = None
    """Overrides the settings file's base URL."""
    search: bool = False
    """Build the search index too (slower rebuilds)."""


class _ConfigSource:
    """The site config for each rebuild: the settings file read again, the options over it."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.origin = f"http://{HOST}:{options.port}"
        """Scheme, host and port of the running server; feeds and the sitemap point here."""

    def __call__(self) -> SiteConfig:
        settings = load_settings(self.options.config_file)
        if errors_only(settings.problems):
            raise DigestError(settings.problems)
        config = site_config(settings, base_url=self.options.base_url, search=self.options.search)
        return dataclasses.replace(config, site_url=self.origin + config.base_url)

    def base_url(self) -> str:
        """The base URL to start with, even when the settings file has errors."""
        try:
            return self().base_url
        except DigestError:
            return self.options.base_url or "/"


def serve(options: ServeOptions, echo: Echo) -> None:
    """Build, serve and rebuild until interrupted (Ctrl+C or SIGTERM raising KeyboardInterrupt)."""
    source = _ConfigSource(options)
    live = LiveSite(options.digests_dir, options.templates, source, source.base_url())
    server = DevServer(options.port, live)
    source.origin = f"http://{HOST}:{server.port}"
    watcher = Watcher(
        options.digests_dir, options.templates, _settings_files(options), lambda paths: _on_change(live, paths, echo)
    )
    try:
        _report(live.rebuild(), echo, "built")
        watcher.start()
        echo(f"serving http://{HOST}:{server.port}{live.snapshot.base_url}  (Ctrl+C to stop)")
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        live.close()
        watcher.stop()
        server.server_close()
    echo("stopped")


def _settings_files(options: ServeOptions) -> Iterable[Path]:
    if options.config_file is not None:
        return [options.config_file]
    return [Path(CONFIG_NAME), Path(PYPROJECT_NAME)]


def _on_change(live: LiveSite, paths: set[str], echo: Echo) -> None:
    names = sorted(_short(path) for path in paths)
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    _report(live.rebuild(), echo, f"changed {shown}; rebuilt")


def _short(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _report(rebuild: Rebuild, echo: Echo, what: str) -> None:
    snapshot = rebuild.snapshot
    for problem in (*snapshot.problems, *rebuild.warnings):
        echo(str(problem))
    if snapshot.problems:
        count = len(snapshot.problems)
        echo(f"build failed with {count} problem(s); pages show them until they are fixed")
        return
    fixed = "; every problem is fixed" if rebuild.fixed else ""
    echo(f"{what} in {rebuild.seconds:.2f} s: {rebuild.changed_files} files changed{fixed}")
