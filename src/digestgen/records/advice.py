"""Advice on valid records that readers would see at their worst: warnings, never errors."""

from __future__ import annotations

from collections.abc import Iterable

from digestgen.errors import Problem
from digestgen.records.model import Digest

UNTITLED = "paper has no title or title_zh; its page and exports show the start of its abstract instead"


def untitled_papers(digests: Iterable[Digest]) -> list[Problem]:
    """A warning at each paper that has an abstract but no title in either language."""
    return [
        Problem(paper.origin.path, paper.origin.line, paper.origin.col, UNTITLED, "warning")
        for digest in digests
        for paper in digest.papers
        if not (paper.title or paper.title_zh) and paper.origin is not None
    ]
