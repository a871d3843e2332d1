"""What several commands share: the ``--digests`` option, the settings file named by
``digestgen --config``, and the site config."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from digestgen.errors import DigestError, errors_only, one_line
from digestgen.render.config import SiteConfig
from digestgen.settings.project import Settings, load_settings, site_config

F = TypeVar("F", bound=Callable[..., Any])


class Failure(click.ClickException):
    """A command's failure as one ``path: error: message`` line on stderr, and exit 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.message, err=True, file=file)


def system_failure(error: OSError, where: object) -> Failure:
    """The ``Failure`` of a refusal by the system (permission, not a folder, a full disk)."""
    path = error.filename if error.filename is not None else where
    return Failure(one_line(f"{path}: error: {error.strerror or error}"))


def digests_option(help_text: str = "Folder of digest YAML files.", *, must_exist: bool = False) -> Callable[[F], F]:
    """``--digests DIR`` (default ``digests``), passed to the command as ``digests_dir``."""
    return click.option(
        "--digests",
        "digests_dir",
        type=click.Path(path_type=Path, file_okay=False, exists=must_exist),
        default=Path("digests"),
        show_default=True,
        help=help_text,
    )


CONFIG_FILE_KEY = "digestgen.config_file"
"""Where the group keeps ``--config`` in the click context's ``meta``."""


def config_file() -> Path | None:
    """The file given with ``digestgen --config``, if any."""
    ctx = click.get_current_context(silent=True)
    found = ctx.meta.get(CONFIG_FILE_KEY) if ctx is not None else None
    return found if isinstance(found, Path) else None


def project_settings() -> Settings:
    """The project's settings; every problem of the file printed, and exit 1 on an error."""
    settings = load_settings(config_file())
    for problem in settings.problems:
        click.echo(str(problem), err=True)
    if errors_only(settings.problems):
        raise click.ClickException(f"{settings.source} has {len(settings.problems)} problem(s); fix them first")
    return settings


def command_site_config(
    settings: Settings, base_url: str | None, site_url: str | None, search: bool | None
) -> SiteConfig:
    """The site config of a command: its options over the settings file, as a usage error if bad."""
    try:
        return site_config(settings, base_url=base_url, site_url=site_url, search=search)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error
    except DigestError as error:  # project_settings() already refused a file with errors
        raise click.ClickException(str(error)) from error
