"""Digest files written by an attacker or a careless editor (issue 18): bounded input, URLs
without control characters, positions as editors count them, every folder oddity named."""

from __future__ import annotations

import pytest

from digestgen.records.loader import load_digest_bytes


def _problems(text: str) -> list[str]:
    _digest, problems = load_digest_bytes("d.yaml", text.encode())
    return [str(problem) for problem in problems]


@pytest.mark.parametrize("escape", ["\\x01", "\\x7f", "\\x85", "\\t"])
def test_a_control_character_in_a_link_is_refused(escape: str) -> None:
    """Written as YAML escapes in a quoted string (raw, libyaml refuses most of them itself)."""
    text = f'date: 2024-03-14\npapers:\n  - title: t\n    code: "https://example.org/a{escape}b"\n'
    problems = _problems(text)
    assert len(problems) == 1 and problems[0].startswith("d.yaml:4:11: error: code: ")
