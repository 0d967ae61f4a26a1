"""Rules the code under bot/ keeps, checked on its syntax tree so they cannot drift."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
NAMED_TUPLE_API = {"_make", "_replace", "_asdict", "_fields"}
"""Public, documented names that start with an underscore only to avoid field names."""


def _trees() -> list[tuple[Path, ast.AST]]:
    return [(path, ast.parse(path.read_text(), str(path))) for path in sorted(BOT.rglob("*.py"))]


def test_only_python_telegram_bot_s_public_api() -> None:
    """No private module of PTB, and no private attribute of anything but our own self."""
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("telegram._"):
                found.append(f"{path.name}:{node.lineno} imports {node.module}")
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.attr not in NAMED_TUPLE_API
                and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"})
            ):
                found.append(f"{path.name}:{node.lineno} reads .{node.attr}")
    assert found == []


def test_no_assert_for_runtime_checks() -> None:
    """`python -O` strips asserts: a check the bot relies on must raise on its own."""
    found = [
        f"{path.relative_to(BOT)}:{node.lineno}"
        for path, tree in _trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Assert)
    ]
    assert found == []


def test_every_type_ignore_says_why() -> None:
    """A `# type: ignore` needs a comment on the line(s) just above it."""
    found = []
    for path in sorted(BOT.rglob("*.py")):
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines):
            if "# type: ignore" in line and not lines[number - 1].strip().startswith("#"):
                found.append(f"{path.relative_to(BOT)}:{number + 1}")
    assert found == []
