"""`--help` that reads like a Unix tool's: `Usage: python -m bot backup [OPTIONS] FILE`.

Typer's own help prints type tags and braces (`--help <bool>`, `{text}`) that mean
nothing to an operator, and its Rich boxes change with each release. These classes
render the usage line, arguments and options from the parameters' names, metavars and
help alone; every command passes an example as its epilog (`example`).
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

MARKUP = None
"""Plain text help, with Click's formatter: no Rich markup, no boxes."""

# Typer vendors its own copy of Click and keeps its classes private (`typer._click`), so
# the Click objects these overrides receive (context, formatter, parameters) are typed Any.


def example(*lines: str) -> str:
    """An epilog that Click prints as written (`\\b` stops it re-wrapping the lines)."""
    return "\b\nExample:\n" + "\n".join(f"  {line}" for line in lines)


def _argument_name(param: Any) -> str:
    return str(param.metavar or param.name or "").upper()


def _option_label(param: Any) -> str:
    names = ", ".join(param.opts)
    if getattr(param, "is_flag", False):
        return names
    return f"{names} {param.metavar or str(param.name or '').upper()}"


def _usage(command: TyperCommand | TyperGroup, ctx: Any) -> list[str]:
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            pieces.append(_argument_name(param))
    return pieces


def _format_parameters(command: TyperCommand | TyperGroup, ctx: Any, formatter: Any) -> None:
    arguments = []
    options = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        help_text = str(getattr(param, "help", None) or "")
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
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage(self, ctx)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_parameters(self, ctx, formatter)


class PlainGroup(TyperGroup):
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*_usage(self, ctx), self.subcommand_metavar or "COMMAND [ARGS]..."]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)


def plain_typer(
    help_text: str, epilog: str, *, no_args_is_help: bool, subcommand_metavar: str | None = None
) -> typer.Typer:
    """A command group whose help and errors are plain text (see the module notes)."""
    return typer.Typer(
        help=help_text,
        epilog=epilog,
        cls=PlainGroup,
        rich_markup_mode=MARKUP,
        add_completion=False,
        pretty_exceptions_enable=False,
        no_args_is_help=no_args_is_help,
        subcommand_metavar=subcommand_metavar,
    )
