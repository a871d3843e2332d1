"""Ingest's pieces: slugs, never-overwrite writes, hashes found in existing files."""

from __future__ import annotations

from pathlib import Path

import pytest

from digestgen.ingest import known_hashes, short_hash, slug_of, write_new


@pytest.mark.parametrize(
    ("title", "fallback", "slug"),
    [
        ("CV论文--2024.3.4", "x", "cv"),
        ("每日学术速递2024.03.14", "002_ba60b6d11bea5891", "002-ba60b6d11bea5891"),
        ("Daily arXiv: Robotics & Vision (2025-12-18)", "x", "daily-arxiv-robotics-vision"),
        (None, "今日", "digest"),
    ],
)
def test_slug_of(title: str | None, fallback: str, slug: str) -> None:
    assert slug_of(title, fallback) == slug


def test_write_new_never_replaces_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "2024-03-04-cv.yaml"
    existing.write_text("hand edited\n", "utf-8")
    written = write_new(tmp_path, "2024-03-04-cv", "date: 2024-03-04\npapers: []\n")
    assert written == tmp_path / "2024-03-04-cv-2.yaml"
    assert existing.read_text("utf-8") == "hand edited\n"
    assert written.read_text("utf-8") == "date: 2024-03-04\npapers: []\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-03-04-cv-2.yaml", "2024-03-04-cv.yaml"]


def test_known_hashes_reads_header_comments(tmp_path: Path) -> None:
    digest_hash = short_hash(b"post")
    folder = tmp_path / "2024"
    folder.mkdir()
    (folder / "a.yaml").write_text(f"# ingested from p.txt (sha256 {digest_hash})\ndate: 2024-01-01\n", "utf-8")
    (folder / "b.yaml").write_text("date: 2024-01-02\ntitle: sha256 0123456789abcdef\n", "utf-8")
    assert known_hashes(tmp_path) == {digest_hash: folder / "a.yaml"}
    assert known_hashes(tmp_path / "missing") == {}
