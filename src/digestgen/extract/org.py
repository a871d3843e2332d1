"""Emacs Org-mode text, rewritten line by line as the Markdown-ish text ``plaintext`` reads.

Reading lists and reading-group schedules are often kept in Org files. Their marks are few
and line-based: ``*`` headings (with TODO keywords, timestamps and ``:tags:``), ``#+KEY:``
settings, ``:PROPERTIES:`` drawers of ``:KEY: value`` lines, ``[[url][label]]`` links,
``- Term :: value`` description items, ``#+BEGIN_QUOTE`` blocks and ``/italic/``,
``*bold*``, ``=verbatim=`` emphasis. Each becomes its Markdown-ish equivalent (a ``#``
heading, a ``Key: value`` label line, a ``[label](url)`` link, a ``>`` quote), so that the
plain-text reader needs no Org of its own. Each line keeps its number in the source. Every
pattern is bounded: a hostile line stays linear.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^(\*{1,6})\s+(.*)$")
_KEYWORD = re.compile(r"^(?:TODO|DONE|NEXT|WAITING|HOLD|CANCELLED|CANCELED|STARTED)\s+")
_PRIORITY = re.compile(r"^\[#[A-C]\]\s+")
_TIMESTAMP = re.compile(r"[<\[](\d{4}-\d{2}-\d{2})[^<>\[\]\n]{0,30}[>\]]")
_TAGS = re.compile(r"\s+:[\w@#%:]{1,200}:\s*$")
_SETTING = re.compile(r"^#\+([A-Za-z_]{1,30}):\s*(.*)$")
_BLOCK = re.compile(r"^#\+(BEGIN|END)_([A-Za-z]{1,20})", re.IGNORECASE)
_PROPERTY = re.compile(r"^:([A-Za-z][\w-]{0,30}):(?:\s+(.*))?$")
_LINK = re.compile(r"\[\[([^\[\]\n]{1,2000})\](?:\[([^\[\]\n]{1,500})\])?\]")
_DESCRIPTION = re.compile(r"^([-+]\s+)([^:\n]{1,40}?)\s+::\s*")
_EMPHASIS = re.compile(r"(?<![\w/*=~])([/*=~])(?=\S)([^\n/*=~]{1,300}?)(?<=\S)\1(?![\w/*=~])")
_ORG_MARKS = re.compile(r"^(?:#\+(?:TITLE|BEGIN_|STARTUP|OPTIONS|AUTHOR|FILETAGS)|:PROPERTIES:)", re.IGNORECASE | re.M)
_ORG_MARKS_MIN = 2
_KEPT_SETTINGS = {"title": "# ", "date": "Date: ", "subtitle": ""}


def looks_like_org(text: str) -> bool:
    """Whether plain text is an Org file: it opens settings or drawers the Org way."""
    head = text[:20000]
    return "#+" in head and len(_ORG_MARKS.findall(head)) >= _ORG_MARKS_MIN


def org_lines(text: str) -> list[tuple[int, str]]:
    """The Org text as Markdown-ish plain-text lines, each with its 1-based line number in the
    source. Lines that only mark structure (a drawer's ``:PROPERTIES:`` and ``:END:``, a block's
    ``#+BEGIN_QUOTE``, settings, comments) give nothing, so that no blank line splits a paragraph."""
    out: list[tuple[int, str]] = []
    quoting = drawer = False
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        block = _BLOCK.match(line)
        if block:
            quoting = block.group(1).upper() == "BEGIN" and block.group(2).upper() in ("QUOTE", "VERSE", "EXAMPLE")
            continue
        if drawer or line.upper() == ":PROPERTIES:":
            drawer = line.upper() != ":END:"
            rewritten = _property(line)
        else:
            rewritten = ("> " + _inline(line)) if quoting and line else _line(line)
        if rewritten is not None:
            out.append((lineno, rewritten))
    return out


def _line(line: str) -> str | None:
    if line.startswith("#"):
        setting = _SETTING.match(line)
        if setting:
            prefix = _KEPT_SETTINGS.get(setting.group(1).lower())
            return None if prefix is None else prefix + _inline(setting.group(2))
        if line == "#" or line.startswith("# "):
            return None  # a comment line
    heading = _HEADING.match(line)
    if heading:
        title = _KEYWORD.sub("", heading.group(2), count=1)
        title = _TAGS.sub("", _PRIORITY.sub("", title, count=1))
        return "#" * len(heading.group(1)) + " " + _inline(_TIMESTAMP.sub(r"\1", title)).strip()
    return _inline(_DESCRIPTION.sub(r"\1\2: ", line, count=1))


def _property(line: str) -> str | None:
    """A drawer's ``:KEY: value`` line as a label line; its ``:PROPERTIES:`` and ``:END:`` as nothing."""
    match = _PROPERTY.match(line)
    if match is None or match.group(1).upper() in ("PROPERTIES", "END") or not match.group(2):
        return None
    return f"{match.group(1).capitalize()}: {_inline(match.group(2))}"


def _inline(text: str) -> str:
    if "[[" in text:
        text = _LINK.sub(_link, text)
    if any(mark in text for mark in "/*=~"):
        text = _EMPHASIS.sub(r"\2", text)
    return text


def _link(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith(("http://", "https://")):
        return f"[{label}]({target})" if label else target
    return label or target.removeprefix("file:")
