"""The operators' shell commands: broadcast, tips, stats.

They open the same SQLite file as the running bot (WAL, busy timeout), write what the
bot should do, and leave the sending to the bot: a queued broadcast is picked up by the
bot's next check, within a minute.
"""

from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from sqlite_utils import Database

from bot.admin import texts
from bot.admin.broadcast_store import BroadcastStore
from bot.admin.broadcast_text import (
    MAX_BROADCAST_LENGTH,
    MAX_TIP_LENGTH,
    TextError,
    check_broadcast,
    check_tip,
    plain_body,
)
from bot.admin.stats import collect_stats, render_stats
from bot.admin.tips_store import AdminTipStore, parse_tip_id
from bot.clock import SystemClock
from bot.config import ConfigError, load_database_path
from bot.core import texts as core_texts
from bot.core.cli_help import PlainCommand, example, plain_typer
from bot.core.database import DatabaseMissing, SchemaTooNew, open_database

DatabaseOption = Annotated[
    Path | None,
    typer.Option(
        "--database",
        metavar="FILE",
        help="The SQLite file; by default DATABASE_PATH from the configuration.",
    ),
]

tips_cli = plain_typer(
    "Team tips in the daily rotation.",
    example('python -m bot tips add "Keep a glass of water by the bed."'),
    no_args_is_help=True,
)


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code=2)


def _open(database: Path | None, *, create: bool = True) -> Database:
    """Only DATABASE_PATH is read, never the token. `create=False` for the commands that
    only read: a missing database is then a wrong path, not one to make empty."""
    name = str(database)
    if database is None:
        try:
            database = load_database_path()
        except ConfigError as exc:
            _fail(f"Configuration error: {exc}")
        name = f"DATABASE_PATH={database}"
    try:
        return open_database(database, create=create)
    except DatabaseMissing:
        _fail(f"Database error: there is no database at {name}")
    except SchemaTooNew as exc:
        _fail(f"Database error: {exc}")
    except OSError as exc:
        _fail(f"Database error: cannot open {name}: {exc.strerror or exc}")
    except sqlite3.Error as exc:
        _fail(f"Database error: {name}: {exc}")


def _author() -> str:
    return f"shell:{getpass.getuser()}"


def broadcast(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The message, as plain text.")],
    database: DatabaseOption = None,
) -> None:
    """Queue a broadcast to every subscriber; the bot sends it."""
    if not text.strip():
        _fail(
            "Error: the broadcast text is empty; "
            f"it can have 1 to {MAX_BROADCAST_LENGTH} characters."
        )
    try:
        body = check_broadcast(plain_body(text))
    except TextError as exc:
        _fail(f"Error: {core_texts.plain(str(exc))}")
    store = BroadcastStore(_open(database))
    if store.audience_size() == 0:
        _fail(f"Error: {texts.BROADCAST_NO_SUBSCRIBERS}")
    broadcast_id = store.queue(body.html, _author(), SystemClock().now())
    typer.echo(
        f"Queued broadcast #{broadcast_id} for {store.audience_size()} subscribers "
        f"({store.ahead_of(broadcast_id)} ahead of it). The running bot starts it within a "
        "minute and logs its progress."
    )


def stats(database: DatabaseOption = None) -> None:
    """Print the figures the /admin command shows."""
    figures = collect_stats(_open(database, create=False), SystemClock().now())
    typer.echo(core_texts.plain(render_stats(figures)))


@tips_cli.command(
    "add",
    cls=PlainCommand,
    epilog=example('python -m bot tips add "Keep a glass of water by the bed."'),
)
def tips_add(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The tip, as plain text.")],
    database: DatabaseOption = None,
) -> None:
    """Add a team tip to the daily rotation."""
    if not text.strip():
        _fail(f"Error: the tip is empty; it can have 1 to {MAX_TIP_LENGTH} characters.")
    try:
        tip_text = check_tip(text)
    except TextError as exc:
        _fail(f"Error: {core_texts.plain(str(exc))}")
    tip = AdminTipStore(_open(database)).add(tip_text, _author(), SystemClock().now())
    typer.echo(f"Added team tip #{tip.id} ({tip.slug}) to the daily rotation.")


@tips_cli.command("list", cls=PlainCommand, epilog=example("python -m bot tips list"))
def tips_list(database: DatabaseOption = None) -> None:
    """List the team tips in the rotation."""
    tips = AdminTipStore(_open(database, create=False)).active()
    if not tips:
        typer.echo('No team tips yet. Add one with: python -m bot tips add "text"')
    for tip in tips:
        typer.echo(f"#{tip.id}  {tip.created_at:%Y-%m-%d %H:%M}  {tip.author}\n    {tip.text}")


@tips_cli.command("remove", cls=PlainCommand, epilog=example("python -m bot tips remove 3"))
def tips_remove(
    tip_id: Annotated[
        str, typer.Argument(metavar="NUMBER", help="The tip's number, like 3 or team-3.")
    ],
    database: DatabaseOption = None,
) -> None:
    """Take a team tip out of the rotation."""
    number = parse_tip_id(tip_id)
    if number is None:
        _fail(f"Error: {tip_id!r} is not a team tip number; `tips list` shows them.")
    if not AdminTipStore(_open(database)).remove(number, _author(), SystemClock().now()):
        _fail(f"Error: there is no team tip #{number} in the rotation; `tips list` shows them.")
    typer.echo(texts.tip_removed(number))


def register(cli: typer.Typer) -> None:
    cli.command(
        "broadcast",
        cls=PlainCommand,
        epilog=example('python -m bot broadcast "The clinic is closed on Monday."'),
    )(broadcast)
    cli.command("stats", cls=PlainCommand, epilog=example("python -m bot stats"))(stats)
    cli.add_typer(tips_cli, name="tips")
