"""``digestgen build``: render the site from the digests, never leaving a half-written site."""

from __future__ import annotations

from pathlib import Path

import click

from digestgen.build.cache import DEFAULT_CACHE_DIR, BuildCache
from digestgen.build.output import OutputError
from digestgen.build.pipeline import build_site
from digestgen.cli.options import Failure, command_site_config, digests_option, project_settings, system_failure
from digestgen.errors import DigestError
from digestgen.render.config import DEFAULT_SITE_URL, SiteConfig
from digestgen.runtime import collector
from digestgen.runtime.progress import set_verbose, step_progress
from digestgen.runtime.timing import Steps


@click.command()
@digests_option()
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), show_default=True, help="Output folder.")
@click.option(
    "--base-url",
    default=None,
    help="Path the site is served under, e.g. /my-digests/ for a GitHub Pages project. "
    "Default: the path of --site-url, else /.",
)
@click.option(
    "--site-url",
    envvar="DIGESTGEN_SITE_URL",
    default=None,
    help="Public address of the site, e.g. https://me.github.io/my-digests/, used by feeds and "
    "the sitemap (env DIGESTGEN_SITE_URL). Default: http://localhost:8000 plus the base URL.",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("templates"),
    show_default=True,
    help="Folder whose templates replace the built-in ones of the same name.",
)
@click.option("--no-search", is_flag=True, help="Skip the search index (faster local previews).")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="DIGESTGEN_CACHE_DIR",
    default=DEFAULT_CACHE_DIR,
    show_default=True,
    help="Folder that keeps parsed digests and what each build made, so a rebuild parses and "
    "renders only what changed (env DIGESTGEN_CACHE_DIR). Safe to delete.",
)
@click.option("--no-cache", is_flag=True, help="Build everything afresh, without reading or writing --cache-dir.")
@click.option("-v", "--verbose", is_flag=True, help="Print how long each build step took (as digestgen -v does).")
def build(
    digests_dir: Path,
    out: Path,
    base_url: str | None,
    site_url: str | None,
    templates: Path,
    no_search: bool,
    cache_dir: Path,
    no_cache: bool,
    verbose: bool,
) -> None:
    """Render the site from every digest into --out.

    Every problem is printed as path:line:col; on any error nothing is written and the
    previous site stays as it was. Should the system refuse a write while the site is put
    in place (a full disk), one line says so and the next build makes the site right.
    """
    if verbose:
        set_verbose(True)
    collector.keep_garbage()  # one build, then the process ends
    config = command_site_config(project_settings(), base_url, site_url, False if no_search else None)
    if localhost := localhost_warning(config):
        click.echo(localhost, err=True)
    try:
        with step_progress("build") as on_start:
            cache = None if no_cache else BuildCache(cache_dir)
            result = build_site(digests_dir, out, config, templates, cache=cache, steps=Steps(on_start))
    except DigestError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        message = f"build failed with {len(error.problems)} problem(s); {out} is unchanged"
        raise click.ClickException(message) from None
    except OutputError as error:
        raise Failure(str(error)) from None
    except OSError as error:
        raise system_failure(error, out) from None
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    report = result.report
    collector.keep(result)
    click.echo(
        f"{out}: {result.papers} papers on {result.dates} dates; "
        f"{result.files} files, {report.written} written, {report.removed} removed "
        f"in {result.steps.total():.2f} s"
    )


def localhost_warning(config: SiteConfig) -> str | None:
    """A warning when the site is built for a sub-path (a GitHub Pages project, say) but with no
    public address: its canonical links, feeds, sitemap and robots.txt would name localhost."""
    if config.base_url == "/" or config.site_url != DEFAULT_SITE_URL.rstrip("/") + config.base_url:
        return None
    return (
        f"warning: no site URL: canonical links, feeds, the sitemap and robots.txt point at {config.site_url}; "
        "give the public address with --site-url (or site_url in digestgen.toml)"
    )
