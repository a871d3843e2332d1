"""Settings values never reach the output raw (issue 18): control characters are refused in
every text, base_url and site_url are plain paths and http(s) addresses, each at its key's line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from digestgen.cli import main
from digestgen.settings.project import load_settings

# (file text, every problem expected: "line:col: message")
HOSTILE = [
    ('site_url = "https://a.org/\\nDisallow: /"\n', ["1:1: `site_url` holds the control character U+000A; remove it"]),
    ('\nsite_url = "https://a.org/\\tx/"\n', ["2:1: `site_url` holds the control character U+0009; remove it"]),
    ('title = "a\\u0000b"\n', ["1:1: `title` holds the control character U+0000; remove it"]),
    ('description = "a\\u0085b"\n', ["1:1: `description` holds the control character U+0085; remove it"]),
    ('description = """\nline one\n\tline two\n"""\ntitle = "x"\n', []),
    (
        '[subjects]\n"cs.CV" = { en = "Vi\\u007fsion" }\n',
        ["2:1: `subjects.cs.CV.en` holds the control character U+007F; remove it"],
    ),
    (
        'base_url = "\\\\evil.com\\\\"\n',
        ['1:1: `base_url` must be a path such as "/my-digests/", not "\\\\evil.com\\\\"'],
    ),
    ('base_url = "/a b/"\n', ['1:1: `base_url` must be a path such as "/my-digests/", not "/a b/"']),
    (
        'site_url = "https://a.org\\\\evil.com/"\n',
        [
            '1:1: `site_url` must be an absolute http(s) address such as "https://me.github.io/my-digests/", '
            'not "https://a.org\\\\evil.com/"'
        ],
    ),
    (
        'site_url = "javascript://a.org/"\n',
        [
            '1:1: `site_url` must be an absolute http(s) address such as "https://me.github.io/my-digests/", '
            'not "javascript://a.org/"'
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), HOSTILE)
def test_hostile_settings_are_refused_at_their_key(text: str, expected: list[str], tmp_path: Path) -> None:
    path = tmp_path / "digestgen.toml"
    path.write_text(text)
    problems = [str(p) for p in load_settings(path).problems]
    assert problems == [f"{path}:{e.split(': ', 1)[0]}: error: {e.split(': ', 1)[1]}" for e in expected]


@pytest.mark.parametrize(
    "address", ["https://me.github.io/my-digests/", "http://localhost:8000/", "http://[::1]:8000/"]
)
def test_ordinary_addresses_are_taken(address: str, tmp_path: Path) -> None:
    path = tmp_path / "digestgen.toml"
    path.write_text(f'site_url = "{address}"\n')
    settings = load_settings(path)
    assert settings.problems == () and settings.values == {"site_url": address}


@pytest.mark.parametrize(
    ("option", "value"),
    [("--site-url", "https://a.org/\nDisallow: /"), ("--site-url", "https://a.org/ x"), ("--base-url", "\\evil.com\\")],
)
def test_hostile_options_are_usage_errors_in_one_line(option: str, value: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", "--digests", str(tmp_path), "--out", str(tmp_path / "s"), option, value]
    )
    assert result.exit_code == 2
    assert "Disallow" not in result.stderr.replace("\\nDisallow", "")  # the newline is shown escaped
    assert not (tmp_path / "s").exists()


def test_a_settings_file_that_is_not_utf8_is_reported_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "digestgen.toml"
    path.write_bytes(b'title = "ok"\ndescription = "caf\xe9"\n')
    (problem,) = load_settings(path).problems
    assert str(problem) == f"{path}:2:19: error: bytes that are not UTF-8 (0xe9); save the file as UTF-8"


def test_a_settings_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "digestgen.toml"
    path.write_bytes('\ufefftitle = "Morning"\ntitel = "x"\n'.encode())
    settings = load_settings(path)
    assert settings.values == {"title": "Morning"}
    assert [str(p) for p in settings.problems] == [f"{path}:2:1: error: unknown key `titel`; did you mean `title`?"]


def test_line_separators_in_a_settings_value_do_not_shift_later_keys(tmp_path: Path) -> None:
    path = tmp_path / "digestgen.toml"
    path.write_text('description = """one\u2028two\u0085three"""\ntitel = "x"\n', encoding="utf-8")
    assert [str(p) for p in load_settings(path).problems] == [
        f"{path}:1:1: error: `description` holds the control character U+2028; remove it",
        f"{path}:2:1: error: unknown key `titel`; did you mean `title`?",
    ]
