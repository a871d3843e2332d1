"""The README's command reference is the real ``--help`` of every command."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from workflow_helpers import ROOT

from digestgen.cli import main
from digestgen.cli.reference import BEGIN, END, WIDTH, command_help, reference, replace_block

README = ROOT / "README.md"
COMMANDS = main.list_commands(click.Context(main))


def test_the_readme_holds_the_current_reference() -> None:
    text = README.read_text(encoding="utf-8")
    block = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert block == reference(), (
        "the README's command reference is stale: run python -m digestgen.cli.reference README.md"
    )


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_the_reference_is_what_help_prints(name: str | None) -> None:
    args = ["--help"] if name is None else [name, "--help"]
    result = CliRunner().invoke(main, args, prog_name="digestgen", terminal_width=WIDTH)
    assert result.exit_code == 0
    assert result.output == command_help(name) + "\n"
    title = "digestgen" if name is None else f"digestgen {name}"
    assert f"### `{title}`\n\n```text\n{result.output}```" in reference()


def test_every_command_is_in_the_reference() -> None:
    assert {"build", "check", "extract", "ingest", "new", "serve"} <= set(COMMANDS)
    for name in COMMANDS:
        assert f"### `digestgen {name}`" in reference()


def test_replace_block_rewrites_only_the_marked_block() -> None:
    text = f"before\n{BEGIN}\nold\n{END}\nafter\n"
    assert replace_block(text, "NEW") == "before\nNEW\nafter\n"
