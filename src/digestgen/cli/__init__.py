"""The ``digestgen`` command: a thin layer that parses options and calls the library.

Each command lives in its own module of this package and is registered here. Commands
turn library errors into ``click.ClickException`` (exit 1) with a message a user can act on.
"""

from __future__ import annotations

from pathlib import Path

import click

from digestgen import __version__
from digestgen.cli.options import CONFIG_FILE_KEY
from digestgen.progress import set_verbose


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="digestgen")
@click.option("-v", "--verbose", is_flag=True, help="Print each build step with its time (and no progress bar).")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Settings file. Default: ./digestgen.toml, else [tool.digestgen] in ./pyproject.toml.",
)
@click.pass_context
def main(ctx: click.Context, verbose: bool, config_file: Path | None) -> None:
    """Turn scraped paper digests into YAML records and a static site."""
    set_verbose(verbose)
    ctx.meta[CONFIG_FILE_KEY] = config_file


def _register() -> None:
    # Imported here, not at the top, so that each command module can import `main`'s
    # helpers from digestgen.cli.common without a cycle.
    from digestgen.cli.build import build
    from digestgen.cli.check import check
    from digestgen.cli.extract import extract
    from digestgen.cli.ingest import ingest
    from digestgen.cli.new import new
    from digestgen.cli.serve import serve

    main.add_command(check)
    main.add_command(extract)
    main.add_command(ingest)
    main.add_command(build)
    main.add_command(serve)
    main.add_command(new)


_register()
