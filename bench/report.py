"""How a bench shows its figures: a compact table, each figure beside its target."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Outcome:
    """What a bench hands back: the table to print, the verdict, raw figures for --json."""

    name: str
    table: str
    passed: bool
    figures: dict[str, Any] = field(default_factory=dict)


def number(value: float, digits: int = 1) -> str:
    return "n/a" if math.isnan(value) else f"{value:,.{digits}f}"


def verdict(passed: bool | None) -> str:
    return "" if passed is None else ("PASS" if passed else "FAIL")


def row(figure: str, *values: str, target: str = "", passed: bool | None = None) -> list[str]:
    """One line of the table: the figure's name, its values, then its target and verdict."""
    return [figure, *values, target, verdict(passed)]


def table(title: str, header: list[str], rows: list[list[str]]) -> str:
    """Left-align the first column (the figure's name), right-align the rest."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first, *rest = cells
        parts = [first.ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    rule = "-" * len(line(header))
    return "\n".join([title, rule, line(header), rule, *(line(row) for row in rows), rule])
