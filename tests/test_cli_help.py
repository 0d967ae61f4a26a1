"""Every command's --help, as an operator reads it: a usage line of plain names, a
one-line description, and an example that runs that very command."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from bot.__main__ import cli

PROG = "python -m bot"
ARTEFACTS = re.compile(r"<(bool|str|int|path|text)>|\{|\}|╭|│")


def command_paths(command: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [path]
    for name, sub in getattr(command, "commands", {}).items():
        paths.extend(command_paths(sub, (*path, name)))
    return paths


PATHS = command_paths(typer.main.get_command(cli))


def help_text(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name=PROG)
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_covered() -> None:
    assert {" ".join(path) for path in PATHS} >= {
        "",
        "run",
        "webhook",
        "check",
        "backup",
        "broadcast",
        "stats",
        "tips",
        "tips add",
        "tips list",
        "tips remove",
        "content",
        "content check",
    }


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "(root)")
def test_help_reads_well(path: tuple[str, ...]) -> None:
    text = help_text(path)
    assert not ARTEFACTS.search(text), text
    usage, blank, description, *rest = text.splitlines()
    assert usage.startswith(f"Usage: {' '.join((PROG, *path))} [OPTIONS]")
    assert blank == ""
    assert description.startswith("  ") and description.strip().endswith("."), text
    assert rest[0] == "", "the description is one line"
    example = text.split("Example:\n", 1)[1].splitlines()
    assert example, text
    assert f"{' '.join((PROG, *path))}" in example[0], text


@pytest.mark.parametrize(
    "path", [path for path in PATHS if path == () or path in {("tips",), ("content",)}]
)
def test_command_lists_show_each_description_whole(path: tuple[str, ...]) -> None:
    listing = help_text(path).split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    for line in listing.splitlines():
        name, description = line.split(maxsplit=1)
        assert not description.endswith("..."), line
        assert help_text((*path, name)).splitlines()[2].strip() == description
