"""Digest files written by an attacker or a careless editor (issue 18): bounded input, URLs
without control characters, positions as editors count them, every folder oddity named."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from digestgen.cli import main
from digestgen.records import loader
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


def test_aliases_that_amplify_a_file_are_refused_at_the_anchor() -> None:
    """The issue's alias bomb, smaller: 200 papers aliasing one 50,000-character abstract."""
    papers = "".join("  - *p\n" for _ in range(199))
    text = f"date: 2024-03-14\npapers:\n  - &p\n    title: t\n    abstract: {'a' * 50_000}\n{papers}"
    assert len(text) < 100_000
    problems = _problems(text)
    assert problems == [
        "d.yaml:3:5: error: aliases of this anchor make the document 10,002,820 characters long; "
        "at most 8,000,000: write the values out instead"
    ]


def test_a_billion_laughs_is_measured_not_expanded() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    problems = _problems("\n".join(lines) + "\ndate: 2024-03-14\n")
    assert len(problems) == 1 and "at most 8,000,000" in problems[0]


def test_an_alias_of_itself_is_refused() -> None:
    assert _problems("date: 2024-03-14\npapers: &x\n  - *x\n") == [
        "d.yaml:2:9: error: this anchor's value holds an alias of itself"
    ]


def test_a_small_alias_is_fine() -> None:
    text = "date: 2024-03-14\npapers:\n  - title: a\n    authors: &who [Ann, Bo]\n  - title: b\n    authors: *who\n"
    digest, problems = load_digest_bytes("d.yaml", text.encode())
    assert problems == [] and digest is not None and digest.papers[1].authors == ("Ann", "Bo")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "t" * 2_001, "title: 2,001 characters; at most 2,000"),
        ("abstract", "a" * 200_001, "abstract: 200,001 characters; at most 200,000"),
        ("authors", "[" + ", ".join(["x"] * 10_001) + "]", "authors: 10,001 items; at most 10,000"),
    ],
)
def test_fields_over_their_limit_are_refused_at_their_line(field: str, value: str, message: str) -> None:
    problems = _problems(f"date: 2024-03-14\npapers:\n  - title_zh: 题\n    {field}: {value}\n")
    assert len(problems) == 1 and problems[0].startswith("d.yaml:4:") and problems[0].endswith(message)


def test_too_many_papers_in_one_file_are_refused() -> None:
    text = "date: 2024-03-14\npapers:\n" + "  - title: t\n" * 5_001
    assert _problems(text) == ["d.yaml:3:3: error: papers: 5,001 papers; at most 5,000 in one file: split it"]


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "digests" / "2024-03-14.yaml"
    big.parent.mkdir()
    with big.open("wb") as out:
        out.write(b"date: 2024-03-14\n")
        out.truncate(8_000_001)
    result = CliRunner().invoke(main, ["check", "--digests", str(tmp_path / "digests")])
    assert result.exit_code == 1
    assert f"{big}: error: 8,000,001 bytes; at most 8,000,000 in one file: split it" in result.stdout


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029"])
def test_line_separators_in_a_value_do_not_shift_later_lines(separator: str) -> None:
    text = f'date: 2024-03-14\ntitle: "a{separator}b"\npapers:\n  - title: t\n    athors: [x]\n'
    assert _problems(text) == ["d.yaml:5:5: error: unknown paper key `athors`; did you mean `authors`?"]


def test_line_separators_do_not_shift_a_syntax_error() -> None:
    text = 'date: 2024-03-14\ntitle: "a\u2028b\u2028c"\npapers: [\n'
    (problem,) = _problems(text)
    assert problem.startswith("d.yaml:4:1: error: YAML syntax")


@pytest.mark.parametrize(("key", "kind"), [("{a: 1}", "a mapping"), ("[a, b]", "a list")])
def test_a_key_that_is_not_a_name_is_named_by_its_kind(key: str, kind: str) -> None:
    text = f"date: 2024-03-14\npapers:\n  - title: t\n    ? {key}\n    : x\n"
    assert _problems(text) == [f"d.yaml:4:7: error: a paper key must be a plain name, not {kind}"]


def test_a_file_name_with_a_newline_keeps_its_report_on_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "bad\nname.yaml").write_text("date: 2024-03-14\ntitle: No\n")
    result = CliRunner().invoke(main, ["check", "--digests", str(folder)])
    assert result.exit_code == 1
    first, summary = result.stdout.splitlines()
    assert first.startswith(f"{folder}/bad\\nname.yaml:2:8: error: title: YAML reads `No` as a boolean")
    assert summary == "1 digest, 0 papers, 1 problem"


def _check(folder: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--digests", str(folder)])
    return result.exit_code, result.stdout.splitlines()


def test_a_link_out_of_the_digests_folder_is_an_error(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("date: 2024-03-14\npapers:\n  - title: from outside\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "more.yaml").write_text("date: 2024-03-15\n")
    folder = tmp_path / "digests"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "2024-03-14-a.yaml").write_text("date: 2024-03-14\npapers:\n  - title: inside\n")
    (folder / "2024" / "2024-03-14-link.yaml").symlink_to(outside)
    (folder / "old").symlink_to(tmp_path / "elsewhere")
    (folder / "2024" / "same.yaml").symlink_to(folder / "2024" / "2024-03-14-a.yaml")  # inside: read
    code, lines = _check(folder)
    assert code == 1
    assert lines == [
        f"{folder / '2024' / '2024-03-14-link.yaml'}: error: not read: a link to {outside}, "
        "outside the digests folder; copy it in instead",
        f"{folder / 'old'}: error: not read: a link to {tmp_path / 'elsewhere'}, outside the digests folder; "
        "copy it in instead",
        "4 digests, 2 papers, 2 problems",
    ]
    built = CliRunner().invoke(main, ["build", "--digests", str(folder), "--out", str(tmp_path / "s"), "--no-search"])
    assert built.exit_code == 1 and not (tmp_path / "s").exists()


@pytest.mark.parametrize("name", ["2024-03-14.yml", "2024-03-14.YAML", "2024-03-14.Yml"])
def test_a_digest_named_yml_is_reported(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / name).write_text("date: 2024-03-14\n")
    code, lines = _check(folder)
    assert code == 1
    assert lines[0] == f"{folder / name}: error: not read: digest files end in `.yaml`; rename it to `2024-03-14.yaml`"


def test_a_folder_that_cannot_be_read_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated (the tests may run as root, whom permissions do not stop)."""
    folder = tmp_path / "digests"
    (folder / "2024").mkdir(parents=True)
    (folder / "2023").mkdir()
    (folder / "2023" / "2023-01-01.yaml").write_text("date: 2023-01-01\n")
    real_scandir = os.scandir

    def scandir(path: str) -> Any:
        if path.endswith("2024"):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(loader.os, "scandir", scandir)
    code, lines = _check(folder)
    assert code == 1
    assert lines == [
        f"{folder / '2024'}: error: cannot read this folder: Permission denied",
        "2 digests, 0 papers, 1 problem",
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_separators_and_any_line_ending_count_as_editors_count(newline: str) -> None:
    lines = ["date: 2024-03-14", 'title: "a\u2028b"', "papers:", "  - title: t", "    athors: [x]", ""]
    problems = _problems(newline.join(lines))
    assert problems == ["d.yaml:5:5: error: unknown paper key `athors`; did you mean `authors`?"]
