"""The ``digestgen`` command: a thin layer that parses options and calls the library.

Each command lives in its own module of this package and is registered here. Commands
turn library errors into ``click.ClickException`` (exit 1) with a message a user can act on.
"""

from __future__ import annotations

import click

from digestgen import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="digestgen")
def main() -> None:
    """Turn scraped paper digests into YAML records and a static site."""


def _register() -> None:
    # Imported here, not at the top, so that each command module can import `main`'s
    # helpers from digestgen.cli.common without a cycle.
    from digestgen.cli.build import build
    from digestgen.cli.check import check
    from digestgen.cli.extract import extract
    from digestgen.cli.ingest import ingest

    main.add_command(check)
    main.add_command(extract)
    main.add_command(ingest)
    main.add_command(build)


_register()
