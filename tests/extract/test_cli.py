"""``digestgen extract`` and ``digestgen ingest`` through the real command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from digestgen.cli import main

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
CSDN = SEEDS / "000_4c81c15b49b910c7.txt"  # dated 2024-03-04, 3 papers
DAILY = SEEDS / "002_ba60b6d11bea5891.txt"  # dated 2024-03-14, 3 papers
UNDATED = SEEDS / "003_e0c28b0aeb6546d8.txt"  # no date, 9 papers
NO_PAPERS = SEEDS / "001_6d78d8181319286f.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_extract_prints_the_digest_yaml() -> None:
    code, out, err = run("extract", str(DAILY))
    assert code == 0
    assert err == ""
    data = yaml.safe_load(out)
    assert str(data["date"]) == "2024-03-14"
    assert [p["arxiv"] for p in data["papers"]] == ["2306.01667", "2306.05544", "2306.01128"]


def test_extract_without_papers_prints_an_empty_digest_and_one_notice() -> None:
    code, out, err = run("extract", str(NO_PAPERS))
    assert code == 0
    assert out == "date: null\ntitle: INCOMING TRANSMISSION\npapers: []\n"
    assert err == f"{NO_PAPERS}: warning: no papers found in this post\n"


def test_extract_date_and_subject_options() -> None:
    code, out, _ = run("extract", str(UNDATED), "--date", "2024-08-16", "--subject", "RO")
    data = yaml.safe_load(out)
    assert code == 0
    assert str(data["date"]) == "2024-08-16"
    assert data["papers"][0]["subjects"] == ["cs.LG"]  # the entry's own tag wins over --subject


def test_extract_rejects_a_bad_date() -> None:
    code, _, err = run("extract", str(CSDN), "--date", "2024-02-30")
    assert code == 2
    assert "'2024-02-30' is not a date; write it as YYYY-MM-DD" in err


def test_extract_rejects_a_bad_subject() -> None:
    code, _, err = run("extract", str(CSDN), "--subject", "cooking")
    assert code == 2
    assert "'cooking' is not an arXiv subject such as cs.CV or CV" in err


def test_extract_report_and_json() -> None:
    code, _, err = run("extract", str(CSDN), "--report")
    assert code == 0
    assert "read as text (utf-8); 3 entries" in err
    assert "missing: authors, arxiv, abstract" in err
    assert "(page footer): 点赞" in err
    code, out, _ = run("extract", str(CSDN), "--json")
    report = json.loads(out)
    assert code == 0
    assert len(report["entries"]) == 3
    assert {"line": 22, "reason": "page footer", "text": "点赞"} in report["skipped"]


def test_extract_missing_file() -> None:
    code, _, err = run("extract", "no/such/post.txt")
    assert code == 2
    assert "does not exist" in err


def test_ingest_writes_one_file_per_post(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    code, out, err = run("ingest", str(CSDN), str(DAILY), "--digests", str(digests))
    assert code == 0, err
    first = digests / "2024" / "2024-03-04-cv.yaml"
    second = digests / "2024" / "2024-03-14-002-ba60b6d11bea5891.yaml"
    assert out.splitlines() == [
        f"{CSDN}: wrote {first} (3 papers)",
        f"{DAILY}: wrote {second} (3 papers)",
        "ingest: 2 written, 0 already ingested, 0 skipped",
    ]
    text = first.read_text("utf-8")
    assert text.startswith("# ingested from 000_4c81c15b49b910c7.txt (sha256 ")
    assert "\ndate: 2024-03-04\n" in text
    assert [p.name for p in tmp_path.rglob(".ingest-*")] == []


def test_ingest_says_what_it_found_and_skipped_in_each_post(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    code, _, err = run("ingest", str(CSDN), str(NO_PAPERS), "--digests", str(digests))
    assert code == 1
    lines = err.splitlines()
    assert (
        f"{CSDN}: 3 entries; missing abstract in 3, arxiv in 3, authors in 3; "
        "low confidence at lines 3, 9, 15; 34 lines skipped (page footer 33, text before an entry 1)"
    ) in lines
    assert f"{NO_PAPERS}: 0 entries; 14 lines skipped (text before an entry 14)" in lines
    code, _, err = run("ingest", str(CSDN), "--report", "--digests", str(tmp_path / "other"))
    assert code == 0
    assert "  skipped line 22 (page footer): 点赞" in err.splitlines()
    assert "  entry 2 (line 9): DistriFusion" in err


def test_ingest_json_gives_outcomes_and_reports(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    code, out, _ = run("ingest", str(CSDN), str(UNDATED), "--json", "--digests", str(digests))
    assert code == 1
    result = json.loads(out)
    assert (result["written"], result["already_ingested"], result["skipped"]) == (1, 0, 1)
    written, undated = result["inputs"]
    assert written["status"] == "written" and written["path"] == str(digests / "2024" / "2024-03-04-cv.yaml")
    assert len(written["report"]["entries"]) == 3
    assert {"line": 22, "reason": "page footer", "text": "点赞"} in written["report"]["skipped"]
    assert undated["status"] == "skipped" and undated["path"] is None and len(undated["report"]["entries"]) == 9
    code, out, _ = run("ingest", str(CSDN), "--json", "--digests", str(digests))
    again = json.loads(out)["inputs"][0]
    assert again["status"] == "already_ingested" and again["report"] is None


def test_ingest_twice_writes_nothing_and_survives_hand_edits(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    run("ingest", str(CSDN), "--digests", str(digests))
    written = digests / "2024" / "2024-03-04-cv.yaml"
    edited = written.read_text("utf-8").replace("Deep Networks", "Deep networks")
    written.write_text(edited, "utf-8")
    code, out, _ = run("ingest", str(CSDN), "--digests", str(digests))
    assert code == 0
    assert out.splitlines() == [
        f"{CSDN}: already ingested as {written}; nothing written",
        "ingest: 0 written, 1 already ingested, 0 skipped",
    ]
    assert written.read_text("utf-8") == edited
    assert len(list(digests.rglob("*.yaml"))) == 1


def test_ingest_same_day_and_same_slug_get_their_own_files(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    copy = tmp_path / "again.txt"
    copy.write_bytes(CSDN.read_bytes() + b"\n")  # another post, same title and date
    code, _, _ = run("ingest", str(CSDN), str(copy), "--digests", str(digests))
    assert code == 0
    assert sorted(p.name for p in (digests / "2024").iterdir()) == ["2024-03-04-cv-2.yaml", "2024-03-04-cv.yaml"]


def test_ingest_skips_a_post_without_date_and_goes_on(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    code, out, err = run("ingest", str(UNDATED), str(NO_PAPERS), str(DAILY), "--digests", str(digests))
    assert code == 1
    assert f"{UNDATED}: the post gives no date; give one with --date YYYY-MM-DD; skipped" in err
    assert f"{NO_PAPERS}: no papers found; skipped" in err
    assert out.splitlines()[-1] == "ingest: 1 written, 0 already ingested, 2 skipped"
    assert len(list(digests.rglob("*.yaml"))) == 1


def test_ingest_date_option_is_marked_in_the_file(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    code, _, _ = run("ingest", str(UNDATED), "--date", "2022-08-16", "--digests", str(digests))
    assert code == 0
    (written,) = digests.rglob("*.yaml")
    assert written.parent.name == "2022"
    assert "\ndate: 2022-08-16  # date chosen by the editor; the post gives none\n" in written.read_text("utf-8")


def test_ingest_a_folder(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    shutil.copy(CSDN, posts / "a.txt")
    shutil.copy(DAILY, posts / "b.md.txt")
    (posts / "notes.yaml").write_text("not a post", "utf-8")
    code, out, _ = run("ingest", str(posts), "--digests", str(tmp_path / "digests"))
    assert code == 0
    assert out.splitlines()[-1] == "ingest: 2 written, 0 already ingested, 0 skipped"


def test_ingested_files_pass_check(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    run("ingest", str(SEEDS), "--date", "2024-01-01", "--digests", str(digests))
    code, out, _ = run("check", "--digests", str(digests))
    assert code == 0, out


@pytest.mark.skipif(
    shutil.which("digestgen", path=str(Path(sys.executable).parent)) is None,
    reason="digestgen is not installed beside this Python",
)
def test_installed_command_runs(tmp_path: Path) -> None:
    command = str(Path(sys.executable).parent / "digestgen")
    done = subprocess.run([command, "extract", str(CSDN)], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("date: 2024-03-04\ntitle: CV论文--2024.3.4\npapers:\n")
    done = subprocess.run(
        [command, "ingest", str(UNDATED), "--digests", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert done.stdout == "ingest: 0 written, 0 already ingested, 1 skipped\n"
