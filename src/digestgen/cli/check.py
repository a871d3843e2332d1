"""``digestgen check``: validate every digest, report every problem, then a summary."""

from __future__ import annotations

from pathlib import Path

import click

from digestgen.cli.options import config_file, digests_option
from digestgen.errors import errors_only
from digestgen.records.advice import untitled_papers
from digestgen.records.loader import load_digests
from digestgen.settings.project import load_settings


@click.command()
@digests_option()
def check(digests_dir: Path) -> None:
    """Validate every digest file; print every problem as path:line:col, then a summary.

    The settings file (digestgen.toml) is checked too. A paper without a title is a warning.
    Exits 0 when every file is valid (warnings allowed), 1 when any has an error.
    """
    settings = load_settings(config_file())
    result = load_digests(digests_dir)
    problems = [*settings.problems, *sorted([*result.problems, *untitled_papers(result.digests)])]
    for problem in problems:
        click.echo(str(problem))
    errors = len(errors_only(problems))
    summary = f"{_plural(result.files, 'digest')}, {_plural(result.paper_count, 'paper')}, {_plural(errors, 'problem')}"
    if warnings := len(problems) - errors:
        summary += f", {_plural(warnings, 'warning')}"
    click.echo(summary)
    if errors:
        raise SystemExit(1)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
