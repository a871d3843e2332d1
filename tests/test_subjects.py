"""arXiv subject codes as arXiv writes them, whatever case a post prints."""

from __future__ import annotations

import pytest

from digestgen.subjects import normalize_subject


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("cs.cv", "cs.CV"),
        ("[LG]", "cs.LG"),
        ("astro-ph.sr", "astro-ph.SR"),
        ("nlin.cd", "nlin.CD"),
        ("cond-mat.STAT-MECH", "cond-mat.stat-mech"),
        ("physics.AO-PH", "physics.ao-ph"),
        ("quant-ph", "quant-ph"),
        ("NeRF", None),
    ],
)
def test_codes_are_written_as_arxiv_writes_them(raw: str, code: str | None) -> None:
    assert normalize_subject(raw) == code
