"""Our bot for the diary bench, with its database where the bench can count entries.

A module of its own, like `bench.our_bot`, so that only the bot process imports it.
The bench hands the bot process `functools.partial(build_in, directory)`, which
pickles by reference like any module-level function.
"""

from __future__ import annotations

from pathlib import Path

from bench.bot_process import AnyApplication
from bench.our_bot import build_our_bot

DATABASE_NAME = "bot.sqlite3"


def build_in(directory: Path, url: str, workdir: Path) -> AnyApplication:
    """In the bench's own directory, which outlives the bot process (its scratch
    `workdir` does not)."""
    return build_our_bot(url, directory)
