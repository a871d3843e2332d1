"""``digestgen init DIR``: a ready site repository, as ``hugo new site`` or ``mkdocs new`` make one.

It writes the settings (with comments), one example digest, the digest schema for editors,
the GitHub Pages workflow (with its build cache), ``requirements.txt`` pinning this
digestgen, ``.gitignore``, ``.pre-commit-config.yaml`` and a README of the daily loop. The
files' text lives in ``data/newsite/``. It never overwrites: when any of the files exists,
it writes none and names them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from digestgen import __version__

_DATA = resources.files("digestgen") / "data"
_NEWSITE = _DATA / "newsite"


@dataclass(frozen=True, slots=True)
class SiteFile:
    """One file ``init`` writes: where, relative to the site's folder, and its text."""

    path: str
    text: str


class SiteExists(Exception):
    """Some of the files ``init`` would write are there already; nothing was written."""

    def __init__(self, existing: list[Path]) -> None:
        self.existing = existing
        names = ", ".join(str(path) for path in existing)
        super().__init__(f"{names} already exist{'s' if len(existing) == 1 else ''}; init never overwrites a file")


def site_files(today: dt.date) -> list[SiteFile]:
    """Every file of a new site, its example digest dated ``today``."""
    example = f"digests/{today.year:04d}/{today.isoformat()}-example.yaml"
    sources = {
        "digestgen.toml": "digestgen.toml",
        example: "example.yaml",
        ".github/workflows/pages.yml": "pages.yml",
        "requirements.txt": "requirements.txt",
        ".gitignore": "gitignore",
        ".pre-commit-config.yaml": "pre-commit-config.yaml",
        "README.md": "README.md",
    }
    files = [
        SiteFile(path, _filled(_NEWSITE.joinpath(name).read_text("utf-8"), today)) for path, name in sources.items()
    ]
    schema = _DATA.joinpath("digest.schema.json").read_text("utf-8")
    return [*files, SiteFile("schema/digest.schema.json", schema)]


def _filled(text: str, today: dt.date) -> str:
    """The template's placeholders replaced: ``@DATE@`` and ``@VERSION@`` (this digestgen's)."""
    return text.replace("@DATE@", today.isoformat()).replace("@VERSION@", __version__)


def init_site(folder: Path, today: dt.date) -> list[Path]:
    """Write a new site into ``folder`` (made if missing); the paths written, in order.

    Raises ``SiteExists`` before writing anything when any of its files exists.
    """
    files = site_files(today)
    existing = [folder / file.path for file in files if (folder / file.path).exists()]
    if existing:
        raise SiteExists(existing)
    written = []
    for file in files:
        target = folder / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as out:  # "x": not even a file made meanwhile
            out.write(file.text)
        written.append(target)
    return written
