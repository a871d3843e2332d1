"""``digestgen build`` as a library call: load, check, catalog, render, write.

Each step is timed (``Steps``; ``digestgen -v build`` prints them). Files are staged
beside the site as they are rendered (``digestgen.build.output.Staging``), and the site changes
only in ``write``, once every step before it succeeded: a bad record or a template error
leaves the previous site as it was. The search index is made by a second process while
the site renders, and joins it before ``write``.

With a ``BuildCache`` a rebuild does only what its inputs' changes require:

- ``inputs``: a key of every input (digest bytes, templates, config and date, digestgen's
  code). The same key as the last build's, with the output still as that build left it
  (its manifest): nothing is loaded, rendered or written;
- otherwise unchanged digests come from the record cache, and each page gets a key of its
  inputs (``digestgen.render.keys``); a page whose key is the last build's, and whose file
  the output still holds as that build wrote it, is not rendered but ``kept``. A key names
  its page's bytes, so the output is the same as a cold build's, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from digestgen.build.cache import BuildCache, BuildState, FileKey, file_keys, inputs_key
from digestgen.build.manifest import Manifest
from digestgen.build.output import Staging, WriteReport, exclusive, previous_manifest, staged
from digestgen.errors import DigestError, Problem, errors_only
from digestgen.records.cache import RecordCache
from digestgen.records.loader import ReadOnce, load_digests, read_digest_files
from digestgen.render.config import SiteConfig
from digestgen.runtime import collector
from digestgen.runtime.offload import Offload, can_fork
from digestgen.runtime.sink import MemorySink, RenderError, Sink
from digestgen.runtime.timing import Steps

if TYPE_CHECKING:  # imported when the build needs them (``_Renderer``), not at start-up
    from digestgen.catalog import Catalog
    from digestgen.render.site import Rendered
    from digestgen.render.theme import Theme
    from digestgen.search import Previous, SearchIndex


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build made."""

    catalog: Catalog | None
    """None when nothing changed since the last build, which was then skipped."""
    papers: int
    """Papers in the catalog (also when the build was skipped)."""
    dates: int
    """Digest dates in the catalog."""
    files: int
    """Output files, the marker included."""
    report: WriteReport
    warnings: tuple[Problem, ...]
    """Problems that did not stop the build."""
    steps: Steps


@dataclass(frozen=True, slots=True)
class SiteFiles:
    """A site made in memory: every output file, and what it was made from."""

    catalog: Catalog
    files: MemorySink
    """Output files by path relative to the output folder."""
    warnings: tuple[Problem, ...]
    """Problems that did not stop the build."""
    kept: frozenset[str] = frozenset()
    """Pages not rendered because the output folder already holds them (``reuse``)."""
    page_keys: dict[str, str] = field(default_factory=dict)
    """The key of each page's inputs, for the next build's ``reuse``."""


def build_site(
    digests_dir: Path,
    out: Path,
    config: SiteConfig,
    templates: Path | None = None,
    *,
    cache: BuildCache | None = None,
    steps: Steps | None = None,
) -> BuildResult:
    """Build the site of ``digests_dir`` into ``out``; raise ``DigestError`` listing every problem.

    ``cache``: keeps records and the state of ``out`` between builds, so that a rebuild does
    only what changed (see the module's docstring).
    """
    with exclusive(out), collector.paused():
        return _build_site(digests_dir, out, dated(config), templates, cache, steps or Steps())


def _build_site(
    digests_dir: Path, out: Path, config: SiteConfig, templates: Path | None, cache: BuildCache | None, steps: Steps
) -> BuildResult:
    if cache is None:
        made, report, _ = _write(
            out, previous_manifest(out), steps,
            lambda sink: _make_into(sink, digests_dir, config, templates, steps=steps, previous=out),
        )  # fmt: skip
        return _result(made, report, steps)
    with steps.step("inputs"):
        state, old = cache.state(out), previous_manifest(out)
        read: ReadOnce | None = None
        keyed: list[FileKey] | None = None  # None: each file is read, hashed and dropped
        if state is None:  # a first build parses every file: read them once, for the key and the load
            files = read_digest_files(digests_dir)
            read, keyed = ReadOnce(files), list(file_keys(files))
            del files  # held by ``read`` alone, until the load takes them
        # Made once, when first asked: now if a state may match it, else while the digests load.
        key = functools.cache(partial(inputs_key, digests_dir, config, templates, keyed))
        if state is not None and state.inputs == key() and state.manifest == old:
            return BuildResult(None, state.papers, state.dates, len(old) + 1, WriteReport(0, len(old) + 1, 0),
                               state.warnings, steps)  # fmt: skip
    return _rebuild(digests_dir, read, out, config, templates, cache, key, state, old, steps)


def _rebuild(
    digests_dir: Path,
    read: ReadOnce | None,
    out: Path,
    config: SiteConfig,
    templates: Path | None,
    cache: BuildCache,
    key: Callable[[], str],
    state: BuildState | None,
    old: Manifest,
    steps: Steps,
) -> BuildResult:
    """A build that keeps the pages whose key has not changed since ``state``, then saves the new state.

    ``key``: gives the inputs key. ``read``: the digests as read for it, if kept.
    ``old``: the output's manifest now (``previous_manifest``).
    """
    reuse = _reusable(state, old)
    try:
        made, report, manifest = _write(
            out, old, steps,
            lambda sink: _make_into(
                sink, digests_dir, config, templates, cache=cache.records, steps=steps, previous=out, reuse=reuse,
                read=read, meanwhile=key,
            ),
        )  # fmt: skip
    finally:
        with steps.step("save records"):
            cache.records.save()  # records parsed are worth keeping even when the build fails
    with steps.step("save state"):
        catalog = made.catalog
        state = BuildState(key(), manifest, made.page_keys, len(catalog.papers), len(catalog.dates), made.warnings)
        cache.save_state(out, state)
    return _result(made, report, steps)


def _write(
    out: Path, old: Manifest, steps: Steps, make: Callable[[Sink], _Made]
) -> tuple[_Made, WriteReport, Manifest]:
    """Stage what ``make`` renders beside ``out``, then put it in place: what was made, what
    the write changed, and the manifest of the site now. ``old``: ``previous_manifest(out)``."""
    with staged(out, old) as staging:
        made = make(staging)
        with steps.step("write"):
            report = staging.commit(made.kept)
    return made, report, staging.manifest


def _reusable(state: BuildState | None, old: Manifest) -> dict[str, str]:
    """The last build's page keys of the pages the output still holds as that build wrote them."""
    if state is None:
        return {}
    return {path: key for path, key in state.page_keys.items() if path in old and old[path] == state.manifest.get(path)}


def _result(made: _Made, report: WriteReport, steps: Steps) -> BuildResult:
    files = report.written + report.unchanged
    catalog = made.catalog
    return BuildResult(catalog, len(catalog.papers), len(catalog.dates), files, report, made.warnings, steps)


def make_site(
    digests_dir: Path,
    config: SiteConfig,
    templates: Path | None = None,
    *,
    cache: RecordCache | None = None,
    steps: Steps | None = None,
    previous: Previous | None = None,
    reuse: dict[str, str] | None = None,
) -> SiteFiles:
    """Every step of a build but ``write``: the site in memory (``digestgen serve`` serves it from there).

    ``cache`` keeps parsed records between calls, so only edited files are parsed again.
    ``previous`` (the output folder, or the last build's files) lends its search index
    when no paper changed, so that the index is not made again. ``reuse``: page keys of
    pages the output folder holds (``render_into``); those pages are not rendered.
    """
    files = MemorySink()
    made = _make_into(files, digests_dir, config, templates, cache=cache, steps=steps, previous=previous, reuse=reuse)
    return SiteFiles(made.catalog, files, made.warnings, made.kept, made.page_keys)


@dataclass(frozen=True, slots=True)
class _Made:
    """What ``_make_into`` made besides the files it put into its sink."""

    catalog: Catalog
    warnings: tuple[Problem, ...]
    kept: frozenset[str]
    page_keys: dict[str, str]


def _make_into(
    sink: Sink,
    digests_dir: Path,
    config: SiteConfig,
    templates: Path | None = None,
    *,
    cache: RecordCache | None = None,
    steps: Steps | None = None,
    previous: Previous | None = None,
    reuse: dict[str, str] | None = None,
    read: ReadOnce | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> _Made:
    """``make_site`` into ``sink``: the build's staging folder, or memory.

    ``read``: the digests, if read already. ``meanwhile``: more work of the caller's to do
    while the loader's worker processes parse (this process imports the renderer then).
    """
    steps = steps or Steps()
    renderer = _Renderer(templates)
    with steps.step("load"):
        files = read.take() if read is not None else None
        loaded = load_digests(digests_dir, cache=cache, meanwhile=partial(renderer.prepare, meanwhile), files=files)
        del files  # the records are made: the bytes can go
    if errors_only(loaded.problems):
        raise DigestError(loaded.problems)
    with steps.step("catalog"):
        from digestgen.catalog import build_catalog  # imported by now (``_Renderer.prepare``)

        catalog = build_catalog(loaded.digests)
    search = _SearchJob(catalog, config, previous, sink) if config.search else None
    # Pagefind keeps a core busy for most of a build with search: rendered on both cores
    # beside it, the three processes slowed it down (10k papers, cold: 11.4 s, 10.5 s alone).
    second_core = search is None or not search.forked
    try:
        rendered = render_site(sink, catalog, config, templates, steps, reuse, second_core=second_core,
                               theme=renderer.theme)  # fmt: skip
    except BaseException:
        if search is not None:
            search.cancel()
        raise
    kept = rendered.kept
    if search is not None:
        with steps.step("search"):
            kept |= _keep_index(sink, search.finish(sink, {*sink, *rendered.kept}), previous)
    return _Made(catalog, tuple(loaded.problems), kept, rendered.page_keys)


def _keep_index(sink: Sink, index: frozenset[str], previous: Previous | None) -> frozenset[str]:
    """The index files to leave where the previous build wrote them: ``index`` (the search's
    ``kept``) when the output's manifest lists them all (a sink that is not the output's
    staging gets their bytes instead, read from ``previous``)."""
    held = sink.previous if isinstance(sink, Staging) else {}
    if index <= held.keys():
        return index
    assert isinstance(previous, Path), "only a previous output folder leaves files in place"
    for path in sorted(index):
        sink.put(path, (previous / path).read_bytes())
    return frozenset()


class _Renderer:
    """The renderer made ready while the loader's worker processes parse, not before or after
    on one core: its modules imported (most of digestgen's start-up, 90 ms) and its theme's
    templates compiled (40 ms, which a forked worker then inherits compiled)."""

    def __init__(self, templates: Path | None) -> None:
        self.templates = templates
        self.theme: Theme | None = None
        """None until ``prepare``, or if the templates could not be read: the render makes
        the theme again then, and reports what is wrong with it."""

    def prepare(self, then: Callable[[], object] | None = None) -> None:
        """Import and compile; then do ``then``, the caller's own work for the same wait."""
        import jinja2

        from digestgen import search  # noqa: F401  (imported now, while it costs no wait; used later)
        from digestgen.render import site  # noqa: F401
        from digestgen.render.theme import Theme

        try:
            self.theme = Theme(self.templates)
            self.theme.compile_all()
        except (jinja2.TemplateError, OSError):
            self.theme = None
        if then is not None:
            then()


class _SearchJob:
    """The search index's files, made by a forked child while this process renders.

    Pagefind indexes on about one core for most of a cold build with search (12 s of 15 s
    for 10,000 papers): started first, it runs beside the rendering instead of after it.
    The child puts the files into a part of the build's sink (the staging folder: a
    100,000-paper index is 100,000 files, 500 MB, which no process then holds, nor sends
    through a pipe), and sends back their paths and hashes. Without a second core (or off
    the main thread) ``finish`` makes the index here.
    """

    def __init__(self, catalog: Catalog, config: SiteConfig, previous: Previous | None, sink: Sink) -> None:
        self._make = partial(_search_bundle, catalog, config, previous)
        self._child = Offload([partial(_search_in_part, sink, self._make)]) if can_fork() else None
        self.forked = self._child is not None
        """Whether a child makes the index (and keeps a core busy)."""

    def finish(self, sink: Sink, rendered: Collection[str]) -> frozenset[str]:
        """Put the index's files into ``sink``; the paths it keeps from the previous build (``SearchIndex.kept``).

        ``rendered``: the paths of the site's other files, which the index must not clash with.
        """
        done = self._child.results() if self._child is not None else None
        if done is None:  # no child, or it failed: made here (a failure is raised here, whole)
            index = self._make(partial(_put_apart, sink, set(rendered)))
            _check_apart(index.kept, rendered)
            return index.kept
        records, paths, kept = done[0]
        _check_apart([*paths, *kept], rendered)
        sink.absorb(records)
        return kept

    def cancel(self) -> None:
        """Stop the child: the build failed. Its scratch folder, if any, is removed."""
        if self._child is not None:
            self._child.cancel()
            from digestgen.search.command import remove_stale

            remove_stale()


def _search_in_part(sink: Sink, make: Callable[..., SearchIndex]) -> tuple[object, list[str], frozenset[str]]:
    """In the child: the index made into a part of ``sink``; what the parent absorbs, the paths, the kept paths."""
    part, paths = sink.part(), []

    def put(path: str, data: bytes) -> None:
        paths.append(path)
        part.put(path, data)

    index = make(put)
    return part.records(), paths, index.kept


def _put_apart(sink: Sink, rendered: Collection[str], path: str, data: bytes) -> None:
    _check_apart([path], rendered)
    sink.put(path, data)


def _check_apart(paths: Iterable[str], rendered: Collection[str]) -> None:
    if clash := sorted(set(paths) & set(rendered))[:1]:
        raise DigestError([Problem("<search>", 0, 0, f"the search index and a page both want {clash[0]!r}")])


def _search_bundle(
    catalog: Catalog, config: SiteConfig, previous: Previous | None, put: Callable[[str, bytes], None]
) -> SearchIndex:
    """The search index, its files given to ``put``, with Pagefind's failures turned into problems."""
    from digestgen.search import PagefindError, search_index, search_records

    try:
        return search_index(search_records(catalog, config.subject_names), previous, put=put)
    except PagefindError as error:
        raise DigestError([Problem("<search>", 0, 0, str(error))]) from error


def build_date() -> dt.date:
    """Today (UTC), or the day of ``SOURCE_DATE_EPOCH`` when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    return moment.date()


def dated(config: SiteConfig) -> SiteConfig:
    """``config`` with ``today`` set: ``build_date()`` unless the caller chose a day.

    The home page's staleness notice is the one output that depends on it
    (``stale_after_days = 0`` turns the notice off).
    """
    return config if config.today is not None else replace(config, today=build_date())


def render_site(
    sink: Sink,
    catalog: Catalog,
    config: SiteConfig,
    templates: Path | None,
    steps: Steps,
    reuse: dict[str, str] | None = None,
    *,
    second_core: bool = True,
    theme: Theme | None = None,
) -> Rendered:
    """``render_into`` with template and output-path errors turned into problems."""
    import jinja2

    from digestgen.render.site import render_into
    from digestgen.render.theme import template_problem

    try:
        return render_into(sink, catalog, dated(config), templates, steps, reuse, second_core=second_core, theme=theme)
    except jinja2.TemplateError as error:
        raise DigestError([template_problem(error)]) from error
    except RenderError as error:
        raise DigestError([Problem("<site>", 0, 0, str(error))]) from error
