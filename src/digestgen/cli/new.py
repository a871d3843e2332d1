"""``digestgen new``: write an empty digest for hand entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from digestgen.cli.options import digests_option, system_failure
from digestgen.ingest import slug_of
from digestgen.newdigest import DEFAULT_SLUG, write_blank_digest


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


@click.command()
@click.option("--date", "date", callback=_parse_date, metavar="YYYY-MM-DD", help="The digest's date. Default: today.")
@click.option("--slug", default=DEFAULT_SLUG, show_default=True, help="End of the file name (ASCII words).")
@digests_option("Folder of digest YAML files to add to.")
def new(date: dt.date, slug: str, digests_dir: Path) -> None:
    """Write an empty digest, digests/YYYY/YYYY-MM-DD-SLUG.yaml, to fill in by hand.

    It carries the schema line for editor completion and an example paper as comments.
    An existing file is never replaced: the name gets -2, -3, ... instead. Prints the path.
    """
    try:
        path = write_blank_digest(digests_dir, date, slug_of(slug, DEFAULT_SLUG))
    except OSError as err:
        raise system_failure(err, digests_dir) from None
    click.echo(str(path))
