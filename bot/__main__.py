"""`python -m bot`: run the bot, or check the content, from the shell.

Operators see one clear line for a bad setting or bad content, never a traceback.
"""

from __future__ import annotations

import logging
import sys
from typing import NoReturn

import typer

from bot import admin_cli
from bot.config import DEFAULT_CONTENT_DIR, ConfigError, load_config
from bot.content import ContentError, load_catalogue

cli = typer.Typer(
    help="The leg-cramp companion Telegram bot.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
content_cli = typer.Typer(help="Work with the content files (causes and tips).")
cli.add_typer(content_cli, name="content")
admin_cli.register(cli)

log = logging.getLogger("bot")


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code=2)


@cli.callback(invoke_without_command=True)
def main(ctx: typer.Context) -> None:
    """Run the bot (long polling) when no command is given."""
    if ctx.invoked_subcommand is None:
        run()


@cli.command()
def run() -> None:
    """Run the bot with long polling."""
    from bot.app import build_application, freeze_startup_heap
    from bot.logging_setup import configure_logging

    try:
        config = load_config()
    except ConfigError as exc:
        _fail(f"Configuration error: {exc}")
    configure_logging(config.log_level)
    try:
        app = build_application(config)
    except ContentError as exc:
        _fail(f"Content error: {exc}")
    except OSError as exc:
        _fail(f"Database error: cannot open {config.database_path}: {exc.strerror or exc}")
    log.info("starting; database %s", config.database_path)
    freeze_startup_heap()
    app.run_polling(drop_pending_updates=False)


@content_cli.command("check")
def content_check(
    directory: str = typer.Option(str(DEFAULT_CONTENT_DIR), help="The content folder."),
) -> None:
    """Validate the content files exactly as the bot does at start-up."""
    from pathlib import Path

    try:
        catalogue = load_catalogue(Path(directory))
    except ContentError as exc:
        _fail(f"Content error: {exc}")
    typer.echo(
        f"Content OK: {len(catalogue.causes)} causes, {len(catalogue.tips)} tips, "
        f"{len(catalogue.documents)} source documents."
    )


if __name__ == "__main__":
    sys.exit(cli())
