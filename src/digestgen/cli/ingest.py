"""``digestgen ingest FILE|DIR...``: scraped posts in, new digest files out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from digestgen.cli.extract import DATE_OPTION, SUBJECT_OPTION
from digestgen.ingest import Ingester, Status, input_files, summary
from digestgen.progress import track


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@DATE_OPTION
@SUBJECT_OPTION
@click.option(
    "--digests",
    "digests_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("digests"),
    show_default=True,
    help="Folder of digest YAML files to add to.",
)
def ingest(inputs: tuple[Path, ...], date: dt.date | None, subjects: tuple[str, ...], digests_dir: Path) -> None:
    """Extract each post (FILE, or the .txt/.md/.html files in DIR) into digests/YYYY/YYYY-MM-DD-slug.yaml.

    Never changes an existing file: a post ingested before is reported and skipped. A post without
    a date is skipped unless --date gives one. Exits 1 when any input was skipped.
    """
    files = input_files(inputs)
    if not files:
        raise click.ClickException("no .txt, .md or .html files in the folders given")
    ingester = Ingester(digests_dir, date=date, subjects=subjects)
    outcomes = []
    for path in track(files, "ingest"):  # a bar in a terminal; nothing more in CI or a pipe
        outcome = ingester.ingest(path)
        outcomes.append(outcome)
        for problem in outcome.problems:
            click.echo(str(problem), err=True)
        click.echo(outcome.message, err=outcome.status is Status.SKIPPED)
    click.echo(summary(outcomes))
    if any(o.status is Status.SKIPPED for o in outcomes):
        raise SystemExit(1)
