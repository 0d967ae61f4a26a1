"""`--help` that reads like a Unix tool's: `Usage: python -m bot backup [OPTIONS] FILE`.

Typer's own help prints type tags and braces (`--help <bool>`, `{text}`) that mean
nothing to an operator, and its Rich boxes change with each release. These classes
render the usage line, arguments and options from the parameters' names, metavars and
help alone; every command passes an example as its epilog (`example`).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Protocol

import typer
from typer.core import TyperCommand, TyperGroup

MARKUP = None
"""Plain text help, with Click's formatter: no Rich markup, no boxes."""


class _Parameter(Protocol):
    """What the help needs of a Click parameter (Typer 0.29 vendors its own Click)."""

    name: str | None
    metavar: str | None
    opts: list[str]
    param_type_name: str


class _Command(Protocol):
    options_metavar: str | None

    def get_params(self, ctx: typer.Context) -> Sequence[_Parameter]: ...


class _Formatter(Protocol):
    def section(self, name: str) -> AbstractContextManager[None]: ...

    def write_dl(self, rows: Sequence[tuple[str, str]]) -> None: ...


def example(*lines: str) -> str:
    """An epilog that Click prints as written (`\\b` stops it re-wrapping the lines)."""
    return "\b\nExample:\n" + "\n".join(f"  {line}" for line in lines)


def _argument_name(param: _Parameter) -> str:
    return (param.metavar or param.name or "").upper()


def _option_label(param: _Parameter) -> str:
    names = ", ".join(param.opts)
    if getattr(param, "is_flag", False):
        return names
    return f"{names} {param.metavar or (param.name or '').upper()}"


def _usage(command: _Command, ctx: typer.Context) -> list[str]:
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            pieces.append(_argument_name(param))
    return pieces


def _format_parameters(command: _Command, ctx: typer.Context, formatter: _Formatter) -> None:
    arguments = []
    options = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        help_text = getattr(param, "help", None) or ""
        if param.param_type_name == "argument":
            arguments.append((_argument_name(param), help_text))
        else:
            options.append((_option_label(param), help_text))
    if arguments:
        with formatter.section("Arguments"):
            formatter.write_dl(arguments)
    if options:
        with formatter.section("Options"):
            formatter.write_dl(options)


class PlainCommand(TyperCommand):
    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:
        return _usage(self, ctx)

    def format_options(self, ctx: typer.Context, formatter: _Formatter) -> None:
        _format_parameters(self, ctx, formatter)


class PlainGroup(TyperGroup):
    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:
        return [*_usage(self, ctx), self.subcommand_metavar or "COMMAND [ARGS]..."]

    def format_options(self, ctx: typer.Context, formatter: _Formatter) -> None:
        _format_parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)


def plain_typer(help_text: str, epilog: str, **options: object) -> typer.Typer:
    """A command group whose help and errors are plain text (see the module notes)."""
    return typer.Typer(
        help=help_text,
        epilog=epilog,
        cls=PlainGroup,
        rich_markup_mode=MARKUP,
        add_completion=False,
        pretty_exceptions_enable=False,
        **options,  # type: ignore[arg-type]
    )
