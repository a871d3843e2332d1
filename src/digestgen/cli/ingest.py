"""``digestgen ingest FILE|DIR...``: scraped posts in, new digest files out."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from digestgen.cli.extract import DATE_OPTION, SUBJECT_OPTION
from digestgen.cli.options import digests_option
from digestgen.extract.reporting import format_report, report_gist, report_json
from digestgen.ingest import Ingester, Outcome, Status, input_files, status_counts, summary
from digestgen.runtime.progress import track


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@DATE_OPTION
@SUBJECT_OPTION
@digests_option("Folder of digest YAML files to add to.")
@click.option("--report", "full_report", is_flag=True, help="List every entry and every skipped line, to stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcomes and reports as JSON on stdout, for tools.")
def ingest(
    inputs: tuple[Path, ...],
    date: dt.date | None,
    subjects: tuple[str, ...],
    digests_dir: Path,
    full_report: bool,
    as_json: bool,
) -> None:
    """Extract each post (FILE, or the .txt/.md/.html/.org/.bib files in DIR) into digests/YYYY/YYYY-MM-DD-slug.yaml.

    Never changes an existing file: a post ingested before is reported and skipped. A post without
    a date is skipped unless --date gives one. For each post extracted it says, on stderr, how many
    entries it found, which fields they lack and which lines it skipped and why (--report lists
    them one by one), so you know what to check. Exits 1 when any input was skipped.
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
        if not as_json:
            _say(outcome, full_report)
    if as_json:
        click.echo(json.dumps(_as_json(outcomes), ensure_ascii=False, indent=2))
    else:
        click.echo(summary(outcomes))
    if any(o.status is Status.SKIPPED for o in outcomes):
        raise SystemExit(1)


def _say(outcome: Outcome, full_report: bool) -> None:
    """The outcome's line (stdout when written, stderr when not), then its report on stderr."""
    click.echo(outcome.message, err=outcome.status is Status.SKIPPED)
    if outcome.report is not None:
        text = format_report(outcome.report) if full_report else f"{outcome.source}: {report_gist(outcome.report)}"
        click.echo(text, err=True)


def _as_json(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    counts = status_counts(outcomes)
    return {
        "inputs": [
            {
                "source": o.source,
                "status": o.status.value.replace(" ", "_"),  # written, already_ingested, skipped
                "path": str(o.path) if o.path else None,
                "message": o.message,
                "report": report_json(o.report) if o.report else None,
            }
            for o in outcomes
        ],
        "written": counts[Status.WRITTEN],
        "already_ingested": counts[Status.ALREADY],
        "skipped": counts[Status.SKIPPED],
    }
