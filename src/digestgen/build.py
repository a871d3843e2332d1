"""``digestgen build`` as a library call: load, check, catalog, render, write.

Each step is timed (``Steps``; ``digestgen -v build`` prints them). Nothing is written
unless every step before ``write`` succeeded, so a bad record or a template error leaves
the previous site as it was. Later steps (a search index) slot in before ``write``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from digestgen.catalog import Catalog, build_catalog
from digestgen.errors import DigestError, Problem, errors_only
from digestgen.loader import load_digests
from digestgen.output import WriteReport, write_site
from digestgen.recordcache import RecordCache
from digestgen.render import RenderError, SiteConfig, render
from digestgen.render.theme import template_problem
from digestgen.search import PagefindError, Previous, search_bundle, search_records
from digestgen.timing import Steps


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build made."""

    catalog: Catalog
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
    files: dict[str, bytes]
    """Output files by path relative to the output folder."""
    warnings: tuple[Problem, ...]
    """Problems that did not stop the build."""


def build_site(
    digests_dir: Path,
    out: Path,
    config: SiteConfig,
    templates: Path | None = None,
    *,
    cache: RecordCache | None = None,
    steps: Steps | None = None,
) -> BuildResult:
    """Build the site of ``digests_dir`` into ``out``; raise ``DigestError`` listing every problem."""
    steps = steps or Steps()
    site = make_site(digests_dir, config, templates, cache=cache, steps=steps, previous=out)
    with steps.step("write"):
        report = write_site(site.files, out)
    return BuildResult(site.catalog, report.written + report.unchanged, report, site.warnings, steps)


def make_site(
    digests_dir: Path,
    config: SiteConfig,
    templates: Path | None = None,
    *,
    cache: RecordCache | None = None,
    steps: Steps | None = None,
    previous: Previous | None = None,
) -> SiteFiles:
    """Every step of a build but ``write``: the site in memory (``digestgen serve`` serves it from there).

    ``cache`` keeps parsed records between calls, so only edited files are parsed again.
    ``previous`` (the output folder, or the last build's files) lends its search index
    when no paper changed, so that the index is not made again.
    """
    steps = steps or Steps()
    with steps.step("load"):
        loaded = load_digests(digests_dir, cache=cache)
    if errors_only(loaded.problems):
        raise DigestError(loaded.problems)
    with steps.step("catalog"):
        catalog = build_catalog(loaded.digests)
    files = render_site(catalog, config, templates, steps)  # times its own steps
    if config.search:
        with steps.step("search"):
            files.update(search_files(catalog, files, previous))
    return SiteFiles(catalog, files, tuple(loaded.problems))


def search_files(catalog: Catalog, rendered: Mapping[str, bytes], previous: Previous | None) -> dict[str, bytes]:
    """The search index's files, with Pagefind's failures turned into problems."""
    try:
        files = search_bundle(search_records(catalog), previous)
    except PagefindError as error:
        raise DigestError([Problem("<search>", 0, 0, str(error))]) from error
    if clash := sorted(files.keys() & rendered.keys())[:1]:
        raise DigestError([Problem("<search>", 0, 0, f"the search index and a page both want {clash[0]!r}")])
    return files


def build_date() -> dt.date:
    """Today (UTC), or the day of ``SOURCE_DATE_EPOCH`` when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    return moment.date()


def render_site(catalog: Catalog, config: SiteConfig, templates: Path | None, steps: Steps) -> dict[str, bytes]:
    """``render`` with template and output-path errors turned into problems.

    A config without ``today`` gets ``build_date()``: the home page's staleness notice is
    the one output that depends on it (``stale_after_days = 0`` turns the notice off).
    """
    if config.today is None:
        config = replace(config, today=build_date())
    try:
        return render(catalog, config, templates, steps)
    except jinja2.TemplateError as error:
        raise DigestError([template_problem(error)]) from error
    except RenderError as error:
        raise DigestError([Problem("<site>", 0, 0, str(error))]) from error
