"""``digestgen init DIR``: write a ready site repository."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from digestgen.newsite import SiteExists, init_site


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
def init(folder: Path) -> None:
    """Write a new site into DIR: settings, an example digest, the GitHub Pages workflow, and more.

    DIR gets digestgen.toml (with comments), digests/ with one example digest, schema/ for
    editor completion, .github/workflows/pages.yml (with its build cache), requirements.txt,
    .gitignore, .pre-commit-config.yaml and a README of the daily loop. DIR may exist, but
    no file is ever overwritten: if any of these is there, nothing is written. Prints each path.
    """
    try:
        written = init_site(folder, dt.date.today())
    except SiteExists as err:
        them = "it" if len(err.existing) == 1 else "them"
        raise click.ClickException(f"{err}; move {them} away or choose another folder") from None
    except OSError as err:
        raise click.ClickException(f"cannot write into {folder}: {err.strerror or err}") from None
    for path in written:
        click.echo(str(path))
    where = "" if folder.resolve() == Path.cwd() else f"cd {os.fspath(folder)} && "
    click.echo(f"Next: {where}digestgen check && digestgen serve (the README there has the daily loop)", err=True)
