"""`python -m bot`: run the bot, check it is ready or alive, back it up, check the content.

Operators see one clear line for a bad setting or bad content, never a traceback.
"""

from __future__ import annotations

import gc

# Start-up builds a heap that lives as long as the process (modules, classes, content,
# handlers): collecting while it piles up finds no garbage, and cost 45 ms of a 0.34 s
# start. Collection resumes once the heap is frozen (`bot.app.prepare_to_serve`), or at
# once for the commands that do not serve. Only as the program: the drawing process
# (`bot.core.rendering`) imports this module too, as "__mp_main__", and collects as usual.
if __name__ == "__main__":
    gc.disable()

import sqlite3
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from telegram.error import InvalidToken, TelegramError

from bot.admin import cli as admin_cli
from bot.config import DEFAULT_CONTENT_DIR, ConfigError, load_config
from bot.core import console
from bot.core.cli_help import PlainCommand, example, plain_typer
from bot.knowledge.content import ContentError, load_catalogue

cli = plain_typer(
    "The leg-cramp companion Telegram bot. Without a command, it runs the bot.",
    example("python -m bot", "python -m bot check --online", "python -m bot tips --help"),
    no_args_is_help=False,
    subcommand_metavar="[COMMAND [ARGS]...]",
)
content_cli = plain_typer(
    "Work with the content files (causes and tips).",
    example("python -m bot content check"),
    no_args_is_help=True,
)


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code=2)


@cli.callback(invoke_without_command=True)
def main(ctx: typer.Context) -> None:
    """Run the bot when no command is given: by webhook if WEBHOOK_URL is set, else polling."""
    if ctx.invoked_subcommand is None:
        run()
    else:
        gc.enable()


def _serve(*, webhook_only: bool) -> None:
    from bot.core.database import SchemaTooNew
    from bot.core.logging_setup import configure_logging
    from bot.core.serve import StartRefused, StoppedForAFault, serve

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
    except StoppedForAFault:
        raise typer.Exit(code=1) from None
    except SchemaTooNew as exc:
        _fail(f"Database error: DATABASE_PATH={exc}")
    except OSError as exc:
        _fail(
            f"Database error: cannot open DATABASE_PATH={config.database_path}: "
            f"{exc.strerror or exc}"
        )
    except sqlite3.Error as exc:
        _fail(f"Database error: DATABASE_PATH={config.database_path}: {exc}")
    except InvalidToken:
        _fail(console.TOKEN_REJECTED)
    except TelegramError as exc:
        _fail(console.start_failed(config.api_url, exc))


@cli.command(cls=PlainCommand, epilog=example("python -m bot run"))
def run() -> None:
    """Run the bot: webhook if WEBHOOK_URL is set, else polling."""
    _serve(webhook_only=False)


@cli.command(
    cls=PlainCommand,
    epilog=example(
        "WEBHOOK_URL=https://bot.example.com/tg WEBHOOK_SECRET=s3cret python -m bot webhook"
    ),
)
def webhook() -> None:
    """Run the bot by webhook; refuses to start without WEBHOOK_URL.

    For a Procfile's `web` process, so that a platform never runs it polling.
    """
    _serve(webhook_only=True)


@cli.command(
    cls=PlainCommand,
    epilog=example("python -m bot check --online", "python -m bot check --alive"),
)
def check(
    online: Annotated[
        bool, typer.Option("--online", help="Also ask Telegram (getMe) whether the token works.")
    ] = False,
    alive: Annotated[
        bool,
        typer.Option(
            "--alive",
            help="Only ask whether a bot runs on the database (its heartbeat is fresh); "
            "takes no lock, for a container HEALTHCHECK.",
        ),
    ] = False,
) -> None:
    """Check settings, content and database before a deploy.

    One OK or FAIL line per check; exit status 0 when all pass, else 1. It changes
    nothing. With --alive it only reads the running bot's heartbeat.
    """
    from bot.core.readiness import check_alive, run_checks

    if alive:
        try:
            database = load_config().database_path
        except ConfigError as exc:
            typer.echo(f"Configuration error: {exc}", err=True)
            raise typer.Exit(code=1) from None
        result = check_alive(database)
        typer.echo(console.check_line(result.ok, result.name, result.detail))
        raise typer.Exit(code=0 if result.ok else 1)
    results = run_checks(online=online)
    for result in results:
        typer.echo(console.check_line(result.ok, result.name, result.detail))
    ready = all(result.ok for result in results)
    typer.echo(console.CHECK_READY if ready else console.CHECK_NOT_READY)
    raise typer.Exit(code=0 if ready else 1)


@cli.command(
    cls=PlainCommand,
    epilog=example("python -m bot backup /var/backups/cramp-bot/2026-03-02.sqlite3"),
)
def backup(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="Where to write the copy; it must not exist yet."),
    ],
    database: Annotated[
        Path | None,
        typer.Option(
            "--database",
            metavar="FILE",
            help="The SQLite file to copy; by default DATABASE_PATH from the configuration.",
        ),
    ] = None,
) -> None:
    """Copy the database to FILE, safely while the bot runs.

    A consistent snapshot, written with mode 0600, that a bot can start on as it is;
    the README's "Backups" section says how to restore and what a restore repeats.
    """
    from bot.clock import SystemClock
    from bot.core.backup import BackupError, take_backup

    if database is None:
        try:
            database = load_config().database_path
        except ConfigError as exc:
            _fail(f"Configuration error: {exc}")
    try:
        made = take_backup(database, file, SystemClock())
    except BackupError as exc:
        _fail(f"Backup failed: {exc}")
    except (OSError, sqlite3.Error) as exc:
        _fail(f"Backup failed: {database} to {file}: {exc}")
    typer.echo(console.backup_done(made.path, made.taken_at, made.size, made.closed))


@content_cli.command("check", cls=PlainCommand, epilog=example("python -m bot content check"))
def content_check(
    directory: Annotated[
        Path,
        typer.Option(
            "--directory", metavar="FOLDER", help="The content folder; by default content/."
        ),
    ] = DEFAULT_CONTENT_DIR,
) -> None:
    """Check the content and the bot's description as the bot does at start.

    The description texts must also fit Telegram's limits (512 and 120 characters).
    """
    from bot.account.texts import profile_problems

    try:
        catalogue = load_catalogue(directory)
    except ContentError as exc:
        _fail(f"Content error: {exc}")
    problems = profile_problems()
    if problems:
        _fail(f"Content error: {'; '.join(problems)}")
    typer.echo(
        f"Content OK: {len(catalogue.causes)} causes, {len(catalogue.tips)} tips, "
        f"{len(catalogue.documents)} source documents."
    )


admin_cli.register(cli)
cli.add_typer(content_cli, name="content")

if __name__ == "__main__":
    sys.exit(cli())
