"""`build_application`: the one place where every handler and job is wired, in order.

Both `python -m bot` and the tests call it, so what is tested is what runs.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import random

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
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
    TypeHandler,
    filters,
)

from bot.account import forget
from bot.account import handlers as start
from bot.account import texts as account_texts
from bot.account.buttons import ForgetAnswer, Menu, StopAnswer
from bot.admin import broadcast_handlers as broadcast
from bot.admin import handlers as admin
from bot.admin import texts as admin_texts
from bot.admin.broadcast_store import BroadcastStore
from bot.admin.broadcasting import BroadcastRunner
from bot.admin.buttons import BroadcastTip, CancelBroadcast, ConfirmBroadcast
from bot.admin.tips_store import AdminTipStore
from bot.clock import Clock, Sleep, SystemClock
from bot.config import Config
from bot.context import BotApplication, BotContext, BotData
from bot.core import activity, errors, fallback
from bot.core import heartbeat as heartbeat_job
from bot.core.buttons import matches
from bot.core.database import open_database
from bot.core.instance_lock import InstanceLock
from bot.core.logging_setup import protect_secret
from bot.core.ratelimit import CHAT_INTERVAL_SECONDS, BulkAwareRateLimiter
from bot.core.replies import PRIVATE_MESSAGE
from bot.core.sending import BulkSender
from bot.core.shutdown import GracefulApplication
from bot.core.users import UserStore
from bot.daily import handlers as daily
from bot.daily import job as daily_job
from bot.daily.buttons import ChangeTime, ChangeZone, SetTime, SetZone
from bot.daily.run import DailyTips
from bot.daily.store import DeliveryStore
from bot.diary import handlers as diary
from bot.diary import history, reports
from bot.diary.buttons import (
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
)
from bot.diary.store import DiaryStore
from bot.knowledge import handlers as knowledge
from bot.knowledge.buttons import AnotherTip, ShowItem, ShowList
from bot.knowledge.content import Catalogue, load_catalogue

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
        command("time", daily.time_command),
        command("timezone", daily.timezone_command),
        command("settings", daily.settings_command),
        command("admin", admin.stats),
        command("addtip", admin.add_tip),
        command("removetip", admin.remove_tip),
        command("broadcast", broadcast.broadcast),
        MessageHandler(PRIVATE_MESSAGE & filters.LOCATION, daily.location),
        # PTB lets a query without data (a game button, or forged) through every data
        # pattern, so the first one below would take it: it gets the expired answer here.
        CallbackQueryHandler(fallback.expired_button, game_pattern=".*"),
        CallbackQueryHandler(start.menu, pattern=matches(Menu)),
        CallbackQueryHandler(start.stop_answer, pattern=matches(StopAnswer)),
        CallbackQueryHandler(knowledge.show_list, pattern=matches(ShowList)),
        CallbackQueryHandler(knowledge.show_item, pattern=matches(ShowItem)),
        CallbackQueryHandler(knowledge.another_tip, pattern=matches(AnotherTip)),
        CallbackQueryHandler(daily.change_time, pattern=matches(ChangeTime)),
        CallbackQueryHandler(daily.set_time, pattern=matches(SetTime)),
        CallbackQueryHandler(daily.change_zone, pattern=matches(ChangeZone)),
        CallbackQueryHandler(daily.set_zone, pattern=matches(SetZone)),
        CallbackQueryHandler(broadcast.confirm, pattern=matches(ConfirmBroadcast)),
        CallbackQueryHandler(broadcast.cancel, pattern=matches(CancelBroadcast)),
        CallbackQueryHandler(broadcast.broadcast_tip, pattern=matches(BroadcastTip)),
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
    """The command menu is a nicety: a failure to set it must not stop the bot.

    Admins get the admin commands in their own chats only. Telegram refuses a chat
    scope for an admin who has never opened the bot; that admin is just skipped.
    """
    public = [BotCommand(name, text) for name, text in account_texts.COMMANDS]
    try:
        await app.bot.set_my_commands(public)
    except TelegramError as exc:
        log.warning("could not register the command menu: %s", exc)
    team = public + [BotCommand(name, text) for name, text in admin_texts.ADMIN_COMMANDS]
    for admin_id in sorted(app.bot_data.config.admin_ids):
        try:
            await app.bot.set_my_commands(team, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:
            log.warning("could not register the admin command menu for %s: %s", admin_id, exc)


async def _close_database(app: BotApplication) -> None:
    app.bot_data.instance_lock.release()
    app.bot_data.db.close()


def build_application(
    config: Config,
    *,
    clock: Clock | None = None,
    catalogue: Catalogue | None = None,
    rng: random.Random | None = None,
    sleep: Sleep | None = None,
) -> BotApplication:
    """`sleep` is how rate-limit pauses and retry backoffs wait; tests pass a fake one."""
    protect_secret(config.token)
    protect_secret(config.webhook_secret_value)
    catalogue = catalogue if catalogue is not None else load_catalogue(config.content_dir)
    sleep = sleep or asyncio.sleep
    builder = (
        ApplicationBuilder()
        .application_class(GracefulApplication)
        .token(config.token)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(
            BulkAwareRateLimiter(
                bulk_per_second=config.bulk_messages_per_second,
                chat_interval=CHAT_INTERVAL_SECONDS if config.bulk_messages_per_second else 0,
                sleep=sleep,
            )
        )
        .post_init(_register_commands)
        .post_shutdown(_close_database)
    )
    builder = builder.base_url(f"{config.api_url}/bot").base_file_url(f"{config.api_url}/file/bot")
    app: BotApplication = builder.build()  # type: ignore[assignment]

    db = open_database(config.database_path)
    data = app.bot_data
    data.config = config
    data.clock = clock or SystemClock()
    data.catalogue = catalogue
    data.db = db
    data.users = UserStore(db)
    data.rng = rng or random.Random()
    data.sleep = sleep
    data.sender = BulkSender(app.bot, data.users, data.clock, sleep)
    data.deliveries = DeliveryStore(db)
    data.daily_tips = DailyTips(db, catalogue, data.clock, data.sender)
    data.admin_tips = AdminTipStore(db)
    data.broadcasts = BroadcastStore(db)
    data.broadcaster = BroadcastRunner(data.broadcasts, data.sender, app.bot, data.clock, sleep)
    data.diary = DiaryStore(db)
    data.instance_lock = InstanceLock(db, data.clock)

    app.add_handlers(_handlers())
    app.add_handler(TypeHandler(Update, activity.record), group=activity.GROUP)
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        daily_job.daily_tip_job,  # type: ignore[arg-type]
        interval=daily_job.INTERVAL_SECONDS,
        first=daily_job.FIRST_RUN_SECONDS,
        name=daily_job.JOB_NAME,
        # A tick during a long run finds it in progress and returns at once (the run
        # itself re-reads what falls due), instead of APScheduler warning every minute.
        job_kwargs={"max_instances": 2},
    )
    app.job_queue.run_repeating(
        broadcast.pick_up,  # type: ignore[arg-type]
        interval=broadcast.INTERVAL_SECONDS,
        first=broadcast.FIRST_RUN_SECONDS,
        name=broadcast.JOB_NAME,
    )
    app.job_queue.run_repeating(
        heartbeat_job.heartbeat_job,  # type: ignore[arg-type]
        interval=heartbeat_job.INTERVAL_SECONDS,
        first=heartbeat_job.INTERVAL_SECONDS,
        name=heartbeat_job.JOB_NAME,
    )
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
