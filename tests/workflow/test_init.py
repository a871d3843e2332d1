"""``digestgen init DIR``, run for real: the new site checks, builds and lints, and nothing is overwritten."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pre_commit.clientlib import load_config
from workflow_helpers import DIGESTGEN

from digestgen import __version__

PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")
EXPECTED = [
    "digestgen.toml",
    f"digests/{dt.date.today().year}/{dt.date.today().isoformat()}-example.yaml",
    ".github/workflows/pages.yml",
    "requirements.txt",
    ".gitignore",
    ".pre-commit-config.yaml",
    "README.md",
    "schema/digest.schema.json",
]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DIGESTGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("init")
    made = _run("init", "my-site", cwd=parent)
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines() == [f"my-site/{path}" for path in EXPECTED]
    return parent / "my-site"


def _workflow(site: Path) -> dict[Any, Any]:
    data = yaml.safe_load((site / ".github/workflows/pages.yml").read_text())
    assert isinstance(data, dict)
    return data


def test_the_new_site_checks_and_builds(site: Path) -> None:
    checked = _run("check", cwd=site)
    assert (checked.returncode, checked.stdout) == (0, "1 digest, 1 paper, 0 problems\n")
    built = _run(
        "build", "--no-search", "--base-url", "/my-site/", "--site-url", "https://me.github.io/my-site/", cwd=site
    )
    assert built.returncode == 0, built.stderr
    paper = (site / "site/papers/1706.03762/index.html").read_text()
    assert '<meta name="citation_title" content="Attention Is All You Need">' in paper
    assert '<a class="brand" href="/my-site/">Paper Digests' in (site / "site/index.html").read_text()


def test_the_example_digest_has_the_schema_line_editors_use(site: Path) -> None:
    [example] = (site / "digests").rglob("*.yaml")
    schema = example.read_text().splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    assert (example.parent / schema).resolve() == (site / "schema/digest.schema.json").resolve()


def test_the_workflow_passes_actionlint(site: Path) -> None:
    actionlint = shutil.which("actionlint") or str(Path(sys.executable).with_name("actionlint"))
    assert Path(actionlint).exists(), "actionlint comes with the test extra (pip install -e '.[test]')"
    result = subprocess.run(
        [actionlint, "-no-color", ".github/workflows/pages.yml"], capture_output=True, text=True, cwd=site
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_installs_the_pinned_digestgen_and_caches_the_build(site: Path) -> None:
    assert f"digestgen=={__version__}" in (site / "requirements.txt").read_text().splitlines()
    steps = _workflow(site)["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs[:2] == ["python -m pip install -r requirements.txt", "digestgen check"]
    text = (site / ".github/workflows/pages.yml").read_text()
    used = [line.split("uses:", 1)[1].strip() for line in text.splitlines() if "uses:" in line]
    assert len(used) == 6 and all(PINNED.match(action) for action in used), used  # a commit, its version beside
    [cache] = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"].split() == [".digestgen-cache", "site"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"].strip())
    build = next(i for i, step in enumerate(steps) if step.get("run", "").startswith("digestgen build"))
    assert steps.index(cache) < build
    assert shlex.split(steps[build]["run"])[1:4] == ["build", "--out", "site"]


def test_the_pre_commit_hook_is_valid_and_runs_check(site: Path) -> None:
    [repo] = load_config(str(site / ".pre-commit-config.yaml"))["repos"]
    [hook] = repo["hooks"]
    assert (repo["repo"], hook["entry"], hook["pass_filenames"]) == ("local", "digestgen check", False)
    assert re.search(hook["files"], "digests/2024/2024-03-14-daily.yaml") and re.search(hook["files"], "digestgen.toml")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_gitignore_keeps_the_output_and_cache_out_of_git(site: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    paths = ["site/index.html", ".digestgen-cache/x", "digests/2024/a.yaml", "digestgen.toml"]
    ignored = subprocess.run(["git", "check-ignore", *paths], cwd=site, capture_output=True, text=True).stdout
    assert ignored.split() == ["site/index.html", ".digestgen-cache/x"]


def test_init_never_overwrites_and_writes_nothing_when_a_file_exists(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("mine\n")
    (tmp_path / "notes.txt").write_text("other files are fine\n")
    refused = _run("init", ".", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == (
        "Error: README.md already exists; init never overwrites a file; move it away or choose another folder\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "notes.txt"]
    assert (tmp_path / "README.md").read_text() == "mine\n"
