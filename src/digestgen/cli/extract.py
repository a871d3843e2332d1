"""``digestgen extract FILE``: print the records extraction makes of one post; write nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from digestgen.extract import extract_file
from digestgen.extract.reporting import format_report, report_json
from digestgen.records.writer import dump_digest
from digestgen.subjects import normalize_subject


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _parse_subjects(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    codes = []
    for value in values:
        code = normalize_subject(value)
        if code is None:
            raise click.BadParameter(f"{value!r} is not an arXiv subject such as cs.CV or CV")
        codes.append(code)
    return tuple(dict.fromkeys(codes))


DATE_OPTION = click.option(
    "--date",
    "date",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="The digest's date, overriding any date the post gives.",
)
SUBJECT_OPTION = click.option(
    "--subject",
    "subjects",
    multiple=True,
    callback=_parse_subjects,
    metavar="CODE",
    help="Subject for every paper that names none (cs.CV or CV); repeatable.",
)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DATE_OPTION
@SUBJECT_OPTION
@click.option("--report", "show_report", is_flag=True, help="Also print what was found and skipped, to stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout instead of the YAML.")
def extract(file: Path, date: dt.date | None, subjects: tuple[str, ...], show_report: bool, as_json: bool) -> None:
    """Print the digest YAML that extraction makes of FILE (text, Markdown or HTML); write nothing.

    Warnings and notices go to stderr; a post without papers prints `papers: []` and a notice.
    """
    try:
        result = extract_file(file, date=date, subjects=subjects)
    except OSError as err:
        raise click.ClickException(f"{file}: cannot read: {err.strerror or err}") from None
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if as_json:
        click.echo(json.dumps(report_json(result.report), ensure_ascii=False, indent=2))
        return
    click.echo(dump_digest(result.digest), nl=False)
    if show_report:
        click.echo(format_report(result.report), err=True)
