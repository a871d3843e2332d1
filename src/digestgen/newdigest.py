"""``digestgen new``: an empty digest file for hand entry, ready for the editor's completion.

The file starts with the YAML language server's schema line (a path relative to the file,
when the project has ``schema/digest.schema.json``) and ends with an example paper, written
as comments, that shows every field. It passes ``digestgen check`` as it is.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from digestgen.ingest import make_folder, write_new

SCHEMA_PATH = Path("schema") / "digest.schema.json"
"""Where a project keeps the JSON Schema of digest files, from its root."""
DEFAULT_SLUG = "digest"

EXAMPLE_PAPER = """\
# - title: Towards In-context Scene Understanding     # English title
#   title_zh: 迈向情境场景理解                          # Chinese title
#   authors: [Ivana Balažević, David Steiner]
#   affiliations: [DeepMind]
#   arxiv: "2306.01667"        # bare id in quotes, no version
#   url: https://doi.org/10.1000/example   # main link when there is no arXiv id
#   code: https://github.com/example/project
#   links: [https://example.org/project-page]
#   subjects: [cs.CV]          # arXiv codes; CV means cs.CV
#   abstract: One paragraph in English.
#   abstract_zh: 中文摘要。
#   tags: [scene understanding]
#   note: Your own note, in Markdown.
"""
"""Every paper field once; a test uncomments it and loads it."""


def schema_reference(folder: Path) -> str | None:
    """The schema's path relative to ``folder``, if a parent of it holds ``schema/digest.schema.json``."""
    folder = folder.resolve()
    for parent in (folder, *folder.parents):
        if (parent / SCHEMA_PATH).is_file():
            return Path(os.path.relpath(parent / SCHEMA_PATH, folder)).as_posix()
        if (parent / ".git").exists():
            return None
    return None


def blank_digest(date: dt.date, schema: str | None) -> str:
    """The text of an empty digest for ``date``."""
    head = f"# yaml-language-server: $schema={schema}\n" if schema else ""
    example = "".join(f"  {line}\n" for line in EXAMPLE_PAPER.splitlines())
    return (
        f"{head}"
        "# Entered by hand. Fill in the fields (empty ones are left out), add one entry under\n"
        "# `papers:` per paper (uncomment the example: remove the `# ` of each line you keep),\n"
        "# then run `digestgen check`.\n"
        f"date: {date.isoformat()}\n"
        "title:                         # the post's own title\n"
        "source:                        # where the post was found (http or https)\n"
        "subjects: []                   # default subjects of every paper, e.g. [cs.CV]\n"
        "papers:\n"
        f"{example}"
    )


def write_blank_digest(digests_dir: Path, date: dt.date, slug: str = DEFAULT_SLUG) -> Path:
    """Write a blank digest as ``digests_dir/YYYY/YYYY-MM-DD-slug.yaml`` (``-2``, ... if taken); never overwrite."""
    folder = digests_dir / f"{date.year:04d}"
    make_folder(folder)
    return write_new(folder, f"{date.isoformat()}-{slug}", blank_digest(date, schema_reference(folder)))
