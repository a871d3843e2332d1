"""The GitHub Pages workflow and the pre-commit hook: valid, least-privileged, and their commands work."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pre_commit.clientlib import load_config, load_manifest
from workflow_helpers import DIGESTGEN, ROOT, SITE_DIGESTS

from digestgen.cli import main

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def _workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(data, dict)
    return data


def _steps(job: str) -> list[dict[str, Any]]:
    steps = _workflow()["jobs"][job]["steps"]
    assert isinstance(steps, list)
    return steps


def test_actionlint_finds_nothing() -> None:
    actionlint = shutil.which("actionlint") or str(Path(sys.executable).with_name("actionlint"))
    assert Path(actionlint).exists(), "actionlint comes with the test extra (pip install -e '.[test]')"
    result = subprocess.run([actionlint, "-no-color", str(WORKFLOW)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_triggers_permissions_and_concurrency() -> None:
    workflow = _workflow()
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"] == {"branches": ["main"]} and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"] == "pages"
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    lines = [line.strip() for line in WORKFLOW.read_text().splitlines() if "uses:" in line]
    used = [line.split("uses:", 1)[1].strip() for line in lines]
    assert len(used) == 6
    for action in used:
        assert PINNED.match(action), f"not pinned to a commit SHA with a version comment: {action}"
    names = {action.split("@")[0] for action in used}
    assert names == {
        "actions/checkout",
        "actions/setup-python",
        "actions/cache",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    }


def test_the_workflow_installs_checks_and_builds_with_the_pages_path() -> None:
    steps = _steps("build")
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[:2] == ["python -m pip install .", "digestgen check"]
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    build = next(s for s in steps if s.get("run", "").startswith("digestgen build"))
    assert build["env"]["BASE_PATH"] == f"${{{{ steps.{pages['id']}.outputs.base_path }}}}"
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    out = shlex.split(build["run"])[shlex.split(build["run"]).index("--out") + 1]
    assert upload["with"]["path"] == out


def test_the_build_starts_from_the_last_builds_cache_and_site() -> None:
    steps = _steps("build")
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    build = next(s for s in steps if s.get("run", "").startswith("digestgen build"))
    assert steps.index(cache) < steps.index(build)
    out = shlex.split(build["run"])[shlex.split(build["run"]).index("--out") + 1]
    assert cache["with"]["path"].split() == [".digestgen-cache", out]  # the build's default --cache-dir
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"]
    assert "${{ github.run_id }}" in key, "each run saves its own entry (an existing key is never saved again)"
    assert key.startswith(restore) and "run_id" not in restore, "a new run finds the newest entry by prefix"


def _run_workflow_command(run: str, env: dict[str, str]) -> str:
    """A workflow's `run:` line through the real CLI, with its variables as GitHub would set them."""
    args = shlex.split(_expand(run, env))
    assert args[0] == "digestgen"
    result = CliRunner().invoke(main, args[1:], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _expand(text: str, env: dict[str, str]) -> str:
    return re.sub(r"\$(\w+)", lambda m: env[m.group(1)], text)


def test_the_workflow_commands_build_a_project_site_and_a_user_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SITE_DIGESTS, tmp_path / "digests")
    build = next(s["run"] for s in _steps("build") if s.get("run", "").startswith("digestgen build"))
    check = next(s["run"] for s in _steps("build") if s.get("run", "").startswith("digestgen check"))
    assert _run_workflow_command(check, {}) == "4 digests, 10 papers, 0 problems\n"
    project = {"BASE_PATH": "/my-digests", "SITE_URL": "https://me.github.io/my-digests"}
    _run_workflow_command(build, project)
    home = (tmp_path / "site" / "index.html").read_text()
    assert 'href="/my-digests/archive/"' in home
    assert "https://me.github.io/my-digests/papers/" in (tmp_path / "site" / "sitemap.xml").read_text()
    user = {"BASE_PATH": "", "SITE_URL": "https://me.github.io"}
    _run_workflow_command(build, user)
    assert 'href="/archive/"' in (tmp_path / "site" / "index.html").read_text()


def test_the_hook_manifest_is_valid_for_pre_commit() -> None:
    hooks = load_manifest(str(HOOKS))
    assert [hook["id"] for hook in hooks] == ["digestgen-check"]
    hook = hooks[0]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("digestgen check", "python", False)
    files = re.compile(hook["files"])
    for path in ("digests/2024/2024-03-14-daily.yaml", "digests/2024/x.yml", "digests/a.yaml"):
        assert files.search(path), path
    for path in ("src/digests/x.yaml", "digests-old/x.yaml", "digests/2024/notes.md", "pyproject.toml"):
        assert not files.search(path), path


def test_the_hook_entry_runs_and_fails_on_a_broken_digest(tmp_path: Path) -> None:
    hook = load_manifest(str(HOOKS))[0]
    args = shlex.split(hook["entry"])
    args[0] = str(DIGESTGEN)  # what pre-commit's python environment puts on PATH
    shutil.copytree(SITE_DIGESTS, tmp_path / "digests")
    passed = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True)
    assert passed.returncode == 0 and passed.stdout.endswith("0 problems\n")
    (tmp_path / "digests/2024/broken.yaml").write_text("date: 2024-03-14\npapers:\n  - title: No\n")
    failed = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "digests/2024/broken.yaml:3:12: error: title: YAML reads `No` as a boolean" in failed.stdout


def test_the_readme_example_config_is_valid_and_names_the_hook(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    snippet = re.search(r"```yaml\n(repos:\n.*?)```", readme, re.DOTALL)
    assert snippet, "README: no .pre-commit-config.yaml example"
    config_file = tmp_path / ".pre-commit-config.yaml"
    config_file.write_text(snippet.group(1))
    config = load_config(str(config_file))
    ids = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert ids == {hook["id"] for hook in load_manifest(str(HOOKS))}
