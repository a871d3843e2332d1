"""The settings file: checked like the records, every key optional, command-line options on top."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from workflow_helpers import ROOT, SITE_DIGESTS

from digestgen.catalog import build_catalog
from digestgen.cli import main
from digestgen.errors import DigestError
from digestgen.records.loader import load_digests
from digestgen.render.config import SiteConfig
from digestgen.search import search_records
from digestgen.settings.project import KEYS, Settings, find_config, load_settings, site_config
from digestgen.settings.tomlpos import key_positions

DIGESTGEN = Path(sys.executable).with_name("digestgen")

# (file text, every problem expected: "line:col: message")
INVALID = [
    ('titel = "x"\n', ["1:1: unknown key `titel`; did you mean `title`?"]),
    (
        '\n\n  dates_per_page = "10"\n',
        ['3:3: `dates_per_page` must be a whole number of at least 1, not the text "10"'],
    ),
    ("papers_per_page = 0\n", ["1:1: `papers_per_page` must be a whole number of at least 1, not the number 0"]),
    ("feed_entries = true\n", ["1:1: `feed_entries` must be a whole number of at least 1, not true"]),
    ("stale_after_days = -1\n", ["1:1: `stale_after_days` must be a whole number of at least 0, not the number -1"]),
    ("search = 1\n", ["1:1: `search` must be true or false, not the number 1"]),
    ("title = 3\n", ["1:1: `title` must be text in quotes, not the number 3"]),
    ('title = "  "\n', ["1:1: `title` must not be empty"]),
    (
        'base_url = "https://x.org/a/"\n',
        ['1:1: `base_url` must be a path such as "/my-digests/", not "https://x.org/a/"'],
    ),
    (
        'site_url = "/a/"\n',
        ['1:1: `site_url` must be an absolute http(s) address such as "https://me.github.io/my-digests/", not "/a/"'],
    ),
    (
        'language = "english!"\n',
        ['1:1: `language` must be a language tag such as "en" or "zh-CN", not the text "english!"'],
    ),
    ('language = "en"\nlanguage = "zh"\n', ["2:16: not valid TOML: Cannot overwrite a value"]),
    ('title = "x\n', ["1:11: not valid TOML: Illegal character '\\n'"]),
    ('subjects = "cs.CV"\n', ['1:1: `subjects` must be a table of code = name, not the text "cs.CV"']),
    (
        '[subjects]\n"cs.CV" = "Vision"\nnonsense = "x"\n"cs.LG" = { en = "Learning", zh = 3 }\n'
        'cs.AI = { name = "AI" }\n"cs.CL" = { name = "x" }\n',
        [
            "3:1: `nonsense` is not an arXiv subject code such as cs.CV",
            "4:1: subject `cs.LG`: `zh` must be non-empty text, not the number 3",
            '5:1: quote subject codes: "cs.AI" = ...; unquoted, TOML reads the dot as a table',
            "6:1: unknown subject name key `name`; known: en, zh",
        ],
    ),
    (
        '"""\ntitel = "in a string"\n"""\n',
        ["1:3: not valid TOML: Expected '=' after a key in a key/value pair"],
    ),
    (
        'description = """\ntitel = not a key\n"""\nfeed_entries = "5"\n',
        ['4:1: `feed_entries` must be a whole number of at least 1, not the text "5"'],
    ),
]


@pytest.mark.parametrize(("text", "expected"), INVALID)
def test_invalid_settings_are_reported_at_their_place(text: str, expected: list[str], tmp_path: Path) -> None:
    path = tmp_path / "digestgen.toml"
    path.write_text(text)
    settings = load_settings(path)
    assert [str(p) for p in settings.problems] == [f"{path}:{_with_error(e)}" for e in expected]


def _with_error(expected: str) -> str:
    line_col, message = expected.split(": ", 1)
    return f"{line_col}: error: {message}"


def test_a_valid_file_gives_every_value(tmp_path: Path) -> None:
    path = tmp_path / "digestgen.toml"
    path.write_text(
        'title = "Morning Papers"\ntitle_zh = "早报"\ndescription = "d"\nbase_url = "papers"\n'
        'language = "zh-CN"\ndates_per_page = 5\npapers_per_page = 7\nfeed_entries = 9\n'
        'stale_after_days = 2\nsearch = false\n[subjects]\nCV = "Vision"\n"cs.LG" = { en = "Learning", zh = "学习" }\n'
    )
    settings = load_settings(path)
    assert settings.problems == ()
    config = site_config(settings)
    assert (config.title, config.title_zh, config.description, config.base_url) == (
        "Morning Papers",
        "早报",
        "d",
        "/papers/",
    )
    assert (config.language, config.dates_per_page, config.papers_per_page, config.feed_entries) == ("zh-CN", 5, 7, 9)
    assert (config.stale_after_days, config.search, config.site_url) == (2, False, "http://localhost:8000/papers/")
    assert config.subject_names == (("cs.CV", "Vision", "Vision"), ("cs.LG", "Learning", "学习"))


def test_no_file_means_every_default(tmp_path: Path) -> None:
    assert find_config(tmp_path) is None
    assert load_settings(None, tmp_path) == Settings()
    assert site_config(Settings()) == SiteConfig()


def test_command_line_values_override_the_file(tmp_path: Path) -> None:
    path = tmp_path / "digestgen.toml"
    path.write_text('base_url = "/from-file/"\nsite_url = "https://me.github.io/from-file/"\nsearch = false\n')
    settings = load_settings(path)
    assert site_config(settings).site_url == "https://me.github.io/from-file/"
    assert site_config(settings, base_url="/cli/").base_url == "/cli/"
    assert site_config(settings, base_url="/cli/").site_url == "https://me.github.io/cli/"
    only_site = site_config(settings, site_url="https://other.org/x/")
    assert (only_site.base_url, only_site.site_url) == ("/x/", "https://other.org/x/")
    assert site_config(settings, search=True).search is True
    assert site_config(settings).search is False


def test_pyproject_table_is_used_when_there_is_no_digestgen_toml(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.digestgen]\ntitle = "From pyproject"\ntitel = 1\n'
    )
    found = find_config(tmp_path)
    assert found == tmp_path / "pyproject.toml"
    settings = load_settings(found)
    assert settings.values == {"title": "From pyproject"}
    assert [str(p) for p in settings.problems] == [f"{found}:6:1: error: unknown key `titel`; did you mean `title`?"]
    (tmp_path / "digestgen.toml").write_text('title = "Own file"\n')
    assert find_config(tmp_path) == tmp_path / "digestgen.toml"
    (tmp_path / "digestgen.toml").unlink()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None, "a pyproject.toml without [tool.digestgen] is not a settings file"


def test_a_file_with_errors_refuses_to_make_a_config(tmp_path: Path) -> None:
    (tmp_path / "digestgen.toml").write_text("dates_per_page = 0\n")
    with pytest.raises(DigestError):
        site_config(load_settings(tmp_path / "digestgen.toml"))


def test_key_positions_know_tables_dotted_and_quoted_keys() -> None:
    text = 'a = 1\n[tool.digestgen]\n  b.c = 2\n"d.e" = 3\n[tool . digestgen . subjects]\nx = { y = 1, z = 2 }\n'
    positions = key_positions(text)
    assert positions[("a",)] == (1, 1)
    assert positions[("tool", "digestgen")] == (2, 1)
    assert positions[("tool", "digestgen", "b", "c")] == (3, 3)
    assert positions[("tool", "digestgen", "d.e")] == (4, 1)
    assert positions[("tool", "digestgen", "subjects", "x", "z")] == (6, 1)


def test_build_and_check_use_the_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("digestgen.toml").write_text('title = "Evening Papers"\nbase_url = "/evening/"\n')
    result = CliRunner().invoke(main, ["build", "--digests", str(SITE_DIGESTS), "--no-search"])
    assert result.exit_code == 0, result.output
    home = Path("site/index.html").read_text()
    assert "<title>Evening Papers</title>" in home and 'href="/evening/archive/"' in home
    CliRunner().invoke(main, ["build", "--digests", str(SITE_DIGESTS), "--base-url", "/cli/", "--no-search"])
    assert 'href="/cli/archive/"' in Path("site/index.html").read_text(), "the option wins over the file"

    Path("digestgen.toml").write_text('title = "x"\npapers_per_page = "many"\n')
    built = CliRunner().invoke(main, ["build", "--digests", str(SITE_DIGESTS)])
    assert built.exit_code == 1
    assert (
        'digestgen.toml:2:1: error: `papers_per_page` must be a whole number of at least 1, not the text "many"'
        in built.output
    )
    checked = CliRunner().invoke(main, ["check", "--digests", str(SITE_DIGESTS)])
    assert checked.exit_code == 1
    assert checked.output.splitlines()[0].startswith("digestgen.toml:2:1: error:")
    Path("other.toml").write_text('title = "Other"\n')
    other = CliRunner().invoke(main, ["--config", "other.toml", "check", "--digests", str(SITE_DIGESTS)])
    assert other.exit_code == 0, other.output


def test_every_key_is_documented_in_the_readme_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Settings") :]
    section = section[: section.index("\n## ", 4)]
    for key in KEYS:
        row = re.search(rf"^\| `{key.name}` \|([^|]*)\|([^|]*)\|", section, re.MULTILINE)
        assert row, f"README: no row for `{key.name}` in the settings table"
        default = getattr(SiteConfig(), key.name, None)
        if isinstance(default, str | int) and key.name != "site_url":
            shown = str(default).lower() if isinstance(default, bool) else str(default)
            assert shown in row.group(1), f"README: `{key.name}` default should say {shown}"


def test_subject_names_from_the_file_reach_every_page_and_the_search_index(tmp_path: Path) -> None:
    (tmp_path / "digestgen.toml").write_text(
        '[subjects]\n"cs.CV" = { en = "Seeing Machines", zh = "机器之眼" }\nLG = "Learning Things"\n', "utf-8"
    )
    out = tmp_path / "site"
    result = subprocess.run(
        [str(DIGESTGEN), "build", "--digests", str(SITE_DIGESTS), "--out", str(out), "--no-search"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    subjects_page = (out / "subjects" / "index.html").read_text("utf-8")
    assert "Seeing Machines" in subjects_page and "Learning Things" in subjects_page
    assert "Computer Vision and Pattern Recognition" not in subjects_page
    cv_page = (out / "subjects" / "cs.CV" / "index.html").read_text("utf-8")
    assert "Seeing Machines" in cv_page and "机器之眼" in cv_page
    paper_pages = [p.read_text("utf-8") for p in (out / "papers").glob("*/index.html")]
    assert any("Seeing Machines" in page for page in paper_pages)
    assert not any("Computer Vision and Pattern Recognition" in page for page in paper_pages)
    config = site_config(load_settings(tmp_path / "digestgen.toml"))
    records = search_records(build_catalog(load_digests(SITE_DIGESTS).digests), config.subject_names)
    assert any("cs.CV Seeing Machines 机器之眼" in record.content for record in records)
