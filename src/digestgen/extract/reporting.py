"""The extraction report as text for people and as JSON for tools."""

from __future__ import annotations

from collections import Counter
from typing import Any

from digestgen.extract import Report

LOW_CONFIDENCE = 0.6
"""Entries read with less confidence than this are named in the report, to be checked first."""


def format_report(report: Report) -> str:
    """The report as lines of text: entries with what they lack, then skipped lines with why."""
    lines = [f"{report.path}: read as {report.reader} ({report.encoding}); {len(report.entries)} entries"]
    for number, entry in enumerate(report.entries, 1):
        missing = ", ".join(entry.missing) if entry.missing else "nothing"
        sure = f"; low confidence {entry.confidence:.2f}: check it first" if entry.confidence < LOW_CONFIDENCE else ""
        lines.append(f"  entry {number} (line {entry.lineno}): {entry.title[:70]} — missing: {missing}{sure}")
    for skipped in report.skipped:
        text = f": {skipped.text[:60]}" if skipped.text else ""
        lines.append(f"  skipped line {skipped.lineno} ({skipped.reason}){text}")
    return "\n".join(lines)


def report_json(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    return {
        "path": report.path,
        "reader": report.reader,
        "encoding": report.encoding,
        "entries": [
            {"line": e.lineno, "title": e.title, "missing": list(e.missing), "confidence": e.confidence}
            for e in report.entries
        ],
        "skipped": [{"line": s.lineno, "reason": s.reason, "text": s.text} for s in report.skipped],
    }


def report_gist(report: Report) -> str:
    """One line for ``digestgen ingest``: entries, the fields they lack, and the skipped lines by reason."""
    entries = len(report.entries)
    parts = [f"{entries} entr{'y' if entries == 1 else 'ies'}"]
    missing = Counter(name for entry in report.entries for name in entry.missing)
    if missing:
        parts.append("missing " + ", ".join(f"{name} in {count}" for name, count in _by_count(missing)))
    unsure = [str(entry.lineno) for entry in report.entries if entry.confidence < LOW_CONFIDENCE]
    if unsure:
        parts.append(f"low confidence at line{'' if len(unsure) == 1 else 's'} {', '.join(unsure[:5])}")
    reasons = Counter(skipped.reason for skipped in report.skipped)
    if reasons:
        lines = len(report.skipped)
        listed = ", ".join(f"{reason} {count}" for reason, count in _by_count(reasons))
        parts.append(f"{lines} line{'' if lines == 1 else 's'} skipped ({listed})")
    return "; ".join(parts)


def _by_count(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most first, then by name, so the line reads the same every run."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
