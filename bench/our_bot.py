"""Our bot as the bench builds it: the real `build_application`, a scratch database,
and the heap frozen after start-up as `python -m bot` freezes it.

A module of its own so that only the bot process that runs our bot imports it.
"""

from __future__ import annotations

import random
from pathlib import Path

from bench.bot_process import TOKEN, AnyApplication
from bot.app import build_application, prepare_to_serve
from bot.config import load_config


def build_our_bot(url: str, workdir: Path) -> AnyApplication:
    config = load_config(
        telegram_bot_token=TOKEN, telegram_api_url=url, database_path=workdir / "bot.sqlite3"
    )
    app = build_application(config, rng=random.Random(7))
    prepare_to_serve()
    return app
