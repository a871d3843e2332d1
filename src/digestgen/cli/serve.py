"""``digestgen serve``: preview the site while editing; rebuilt and reloaded on every save."""

from __future__ import annotations

import errno
import signal
from pathlib import Path
from types import FrameType

import click

from digestgen.cli.options import config_file, digests_option
from digestgen.render.config import normalize_base_url


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return None if value is None else normalize_base_url(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one).")
@digests_option(must_exist=True)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("templates"),
    show_default=True,
    help="Folder whose templates replace the built-in ones of the same name.",
)
@click.option(
    "--base-url",
    callback=_base_url,
    default=None,
    help="Path to serve the site under, e.g. /my-digests/. Default: from the settings file, else /.",
)
@click.option("--search", is_flag=True, help="Build the search index too (slower rebuilds).")
def serve(port: int, digests_dir: Path, templates: Path, base_url: str | None, search: bool) -> None:
    """Build the site in memory and serve it on 127.0.0.1 under its base URL.

    Watches the digests, the templates and the settings file; on every change rebuilds
    (parsing only the files that changed) and reloads the open pages. A broken digest
    does not stop the server: pages show its problems as path:line:col until it is fixed.
    Nothing is written to disk. Ctrl+C stops it.
    """
    from digestgen.serve import ServeOptions  # watchfiles only when serving
    from digestgen.serve import serve as run_server

    signal.signal(signal.SIGTERM, _interrupt)
    options = ServeOptions(digests_dir, templates, port, config_file(), base_url, search)
    try:
        run_server(options, click.echo)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise click.ClickException(f"port {port} is in use; choose another with --port") from None
        raise


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
