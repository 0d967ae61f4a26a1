"""`python -m bot`: run the bot, check it is ready to run, or check the content.

Operators see one clear line for a bad setting or bad content, never a traceback.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import NoReturn

import typer
from telegram.error import InvalidToken, TelegramError

from bot.admin import cli as admin_cli
from bot.config import DEFAULT_CONTENT_DIR, ConfigError, load_config
from bot.core import console
from bot.knowledge.content import ContentError, load_catalogue

cli = typer.Typer(
    help="The leg-cramp companion Telegram bot.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
content_cli = typer.Typer(help="Work with the content files (causes and tips).")
cli.add_typer(content_cli, name="content")
admin_cli.register(cli)


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code=2)


@cli.callback(invoke_without_command=True)
def main(ctx: typer.Context) -> None:
    """Run the bot when no command is given: by webhook if WEBHOOK_URL is set, else polling."""
    if ctx.invoked_subcommand is None:
        run()


def _serve(*, webhook_only: bool) -> None:
    from bot.core.logging_setup import configure_logging
    from bot.core.serve import StartRefused, serve

    try:
        config = load_config()
    except ConfigError as exc:
        _fail(f"Configuration error: {exc}")
    if webhook_only and not config.webhook_url:
        _fail(console.WEBHOOK_NOT_SET)
    configure_logging(config.log_level)
    try:
        serve(config, webhook=config.webhook_url is not None)
    except ContentError as exc:
        _fail(f"Content error: {exc}")
    except StartRefused as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"Database error: cannot open {config.database_path}: {exc.strerror or exc}")
    except sqlite3.Error as exc:
        _fail(f"Database error: {config.database_path}: {exc}")
    except InvalidToken:
        _fail(console.TOKEN_REJECTED)
    except TelegramError as exc:
        _fail(console.start_failed(config.api_url, exc))


@cli.command()
def run() -> None:
    """Run the bot: by webhook if WEBHOOK_URL is set, else with long polling."""
    _serve(webhook_only=False)


@cli.command()
def webhook() -> None:
    """Run the bot by webhook (a `web` process); refuses to start without WEBHOOK_URL."""
    _serve(webhook_only=True)


@cli.command()
def check(
    online: bool = typer.Option(False, "--online", help="Also ask Telegram who the bot is."),
) -> None:
    """Check configuration, database and content; exit 0 when ready to run, else 1."""
    from bot.core.readiness import run_checks

    results = run_checks(online=online)
    for result in results:
        typer.echo(console.check_line(result.ok, result.name, result.detail))
    ready = all(result.ok for result in results)
    typer.echo(console.CHECK_READY if ready else console.CHECK_NOT_READY)
    raise typer.Exit(code=0 if ready else 1)


@content_cli.command("check")
def content_check(
    directory: str = typer.Option(str(DEFAULT_CONTENT_DIR), help="The content folder."),
) -> None:
    """Validate the content files exactly as the bot does at start-up, and the bot's
    description texts against Telegram's limits."""
    from pathlib import Path

    from bot.account.texts import profile_problems

    try:
        catalogue = load_catalogue(Path(directory))
    except ContentError as exc:
        _fail(f"Content error: {exc}")
    problems = profile_problems()
    if problems:
        _fail(f"Content error: {'; '.join(problems)}")
    typer.echo(
        f"Content OK: {len(catalogue.causes)} causes, {len(catalogue.tips)} tips, "
        f"{len(catalogue.documents)} source documents."
    )


if __name__ == "__main__":
    sys.exit(cli())
