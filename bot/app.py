"""`build_application`: the one place where every handler and job is wired, in order.

Both `python -m bot` and the tests call it, so what is tested is what runs.
"""

from __future__ import annotations

import gc
import logging
import random

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot import texts
from bot.callback_data import (
    AnotherTip,
    ForgetAnswer,
    HistoryDelete,
    HistoryDeleteConfirm,
    HistoryPage,
    LogCancel,
    LogCramp,
    LogDone,
    LogPlaces,
    LogSeverity,
    LogTrigger,
    LogUndo,
    LogWhen,
    LogWhere,
    LogWoke,
    Menu,
    ShowItem,
    ShowList,
    StopAnswer,
    matches,
)
from bot.clock import Clock, SystemClock
from bot.config import Config
from bot.content import Catalogue, load_catalogue
from bot.context import BotApplication, BotContext, BotData
from bot.handlers import diary, errors, fallback, forget, history, knowledge, reports, start
from bot.handlers.common import PRIVATE_MESSAGE
from bot.logging_setup import protect_secret
from bot.storage.database import open_database
from bot.storage.diary import DiaryStore
from bot.storage.users import UserStore

log = logging.getLogger(__name__)


def _handlers() -> list[BaseHandler]:
    """First match wins, so specific handlers come before the catch-alls."""

    def command(name: str, callback: object) -> CommandHandler:
        return CommandHandler(name, callback, filters=PRIVATE_MESSAGE)  # type: ignore[arg-type]

    return [
        MessageHandler(~filters.ChatType.PRIVATE, fallback.not_private),
        command("start", start.start),
        command("help", start.help_command),
        command("about", start.about),
        command("stop", start.stop),
        command("causes", knowledge.causes),
        command("tips", knowledge.tips),
        CallbackQueryHandler(start.menu, pattern=matches(Menu)),
        CallbackQueryHandler(start.stop_answer, pattern=matches(StopAnswer)),
        CallbackQueryHandler(knowledge.show_list, pattern=matches(ShowList)),
        CallbackQueryHandler(knowledge.show_item, pattern=matches(ShowItem)),
        CallbackQueryHandler(knowledge.another_tip, pattern=matches(AnotherTip)),
        command("log", diary.log_command),
        command("history", history.history),
        command("stats", reports.stats),
        command("export", reports.export_diary),
        command("forget", forget.forget),
        CallbackQueryHandler(diary.log_button, pattern=matches(LogCramp)),
        CallbackQueryHandler(diary.places, pattern=matches(LogPlaces)),
        CallbackQueryHandler(diary.cancel, pattern=matches(LogCancel)),
        CallbackQueryHandler(diary.where, pattern=matches(LogWhere)),
        CallbackQueryHandler(diary.severity, pattern=matches(LogSeverity)),
        CallbackQueryHandler(diary.when, pattern=matches(LogWhen)),
        CallbackQueryHandler(diary.woke, pattern=matches(LogWoke)),
        CallbackQueryHandler(diary.trigger, pattern=matches(LogTrigger)),
        CallbackQueryHandler(diary.undo, pattern=matches(LogUndo)),
        CallbackQueryHandler(diary.done, pattern=matches(LogDone)),
        CallbackQueryHandler(history.page, pattern=matches(HistoryPage)),
        CallbackQueryHandler(history.delete_ask, pattern=matches(HistoryDelete)),
        CallbackQueryHandler(history.delete_confirm, pattern=matches(HistoryDeleteConfirm)),
        CallbackQueryHandler(forget.forget_answer, pattern=matches(ForgetAnswer)),
        MessageHandler(PRIVATE_MESSAGE & filters.COMMAND, fallback.unknown_command),
        MessageHandler(PRIVATE_MESSAGE, fallback.plain_text),
        CallbackQueryHandler(fallback.expired_button),
    ]


async def _register_commands(app: BotApplication) -> None:
    """The command menu is a nicety: a failure to set it must not stop the bot."""
    try:
        await app.bot.set_my_commands([BotCommand(name, text) for name, text in texts.COMMANDS])
    except TelegramError as exc:
        log.warning("could not register the command menu: %s", exc)


async def _close_database(app: BotApplication) -> None:
    app.bot_data.db.close()


def build_application(
    config: Config,
    *,
    clock: Clock | None = None,
    catalogue: Catalogue | None = None,
    rng: random.Random | None = None,
) -> BotApplication:
    protect_secret(config.token)
    catalogue = catalogue if catalogue is not None else load_catalogue(config.content_dir)
    builder = (
        ApplicationBuilder()
        .token(config.token)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .post_init(_register_commands)
        .post_shutdown(_close_database)
    )
    if config.telegram_api_url:
        builder = builder.base_url(f"{config.telegram_api_url}/bot").base_file_url(
            f"{config.telegram_api_url}/file/bot"
        )
    app: BotApplication = builder.build()  # type: ignore[assignment]

    db = open_database(config.database_path)
    data = app.bot_data
    data.config = config
    data.clock = clock or SystemClock()
    data.catalogue = catalogue
    data.db = db
    data.users = UserStore(db)
    data.rng = rng or random.Random()
    data.diary = DiaryStore(db)

    app.add_handlers(_handlers())
    app.add_error_handler(errors.on_error)  # type: ignore[arg-type]
    return app


def freeze_startup_heap() -> None:
    """Take everything loaded at start-up out of the garbage collector's sight.

    Libraries (matplotlib above all), content and handlers live as long as the process.
    Left in view, every full collection walks them all, stalling every chat for tens of
    milliseconds (about 80 ms measured). Call once, after `build_application` and before
    serving; tests skip it, since one process builds many applications.
    """
    gc.freeze()
