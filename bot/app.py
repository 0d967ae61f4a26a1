"""`build_application`: the one place where every feature's handlers and jobs are wired.

Both `python -m bot` and the tests call it, so what is tested is what runs. The order
is visible here: group chats are turned away first, then each feature's commands and
messages in turn, then every button press through one router, then the catch-alls.
Before all of them (in a group of its own), a message that answers a pending question
is taken as its answer (`bot.core.prompts`).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import random
import sys
from collections.abc import Sequence
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationBuilder, BaseHandler, ContextTypes, Defaults, TypeHandler

from bot.account import texts as account_texts
from bot.account.feature import FEATURE as ACCOUNT
from bot.account.feedback_store import FeedbackStore
from bot.account.profile import update_profile
from bot.admin import texts as admin_texts
from bot.admin.broadcast_store import BroadcastStore
from bot.admin.broadcasting import BroadcastRunner
from bot.admin.feature import FEATURE as ADMIN
from bot.admin.menu_store import AdminMenus
from bot.admin.tips_store import AdminTipStore
from bot.clock import Clock, Sleep, SystemClock
from bot.config import Config
from bot.context import BotApplication, BotContext, BotData
from bot.core import activity, errors, fallback, heartbeat, prompts, replays, retention
from bot.core.activity import ActivityLog
from bot.core.buttons import ButtonRouter
from bot.core.database import Checkpoints, FileIdentity, Reads, open_database
from bot.core.feature import Feature
from bot.core.instance_lock import InstanceLock
from bot.core.logging_setup import protect_secret
from bot.core.open_messages import OpenMessages
from bot.core.prompt_store import PromptStore
from bot.core.ratelimit import CHAT_INTERVAL_SECONDS, BulkAwareRateLimiter
from bot.core.rendering import Renderer
from bot.core.sending import BulkSender
from bot.core.shutdown import GracefulApplication
from bot.core.updates import PerChatUpdateProcessor
from bot.core.users import UserStore
from bot.daily.checkin_store import CheckinStore
from bot.daily.feature import FEATURE as DAILY
from bot.daily.run import Scheduler
from bot.daily.schedules import ScheduleStore, is_paused
from bot.daily.store import DeliveryStore
from bot.diary.feature import FEATURE as DIARY
from bot.diary.nights import NightStore
from bot.diary.store import DiaryStore
from bot.knowledge.content import Catalogue, load_catalogue
from bot.knowledge.feature import FEATURE as KNOWLEDGE
from bot.onboarding.feature import FEATURE as ONBOARDING

log = logging.getLogger(__name__)

SWITCH_INTERVAL_SECONDS = 0.001
"""How long a thread may hold the GIL while another waits (see `prepare_to_serve`)."""

FEATURES: tuple[Feature, ...] = (ACCOUNT, ONBOARDING, KNOWLEDGE, DAILY, DIARY, ADMIN)
"""In this order: onboarding's stale keyboard labels must be seen before the diary reads
any other plain text as a cramp to log."""


def handlers(features: Sequence[Feature]) -> list[BaseHandler[Any, Any, Any]]:
    """First match wins, so each feature's specific handlers come before the catch-alls."""
    router = ButtonRouter(*(feature.buttons for feature in features))
    return [
        fallback.NOT_PRIVATE,
        *(handler for feature in features for handler in feature.handlers),
        router.handler(),
        *fallback.CATCH_ALLS,
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
    menus = AdminMenus(app.bot_data.db)
    for admin_id in sorted(app.bot_data.config.admin_ids):
        try:
            await app.bot.set_my_commands(team, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:
            log.warning("could not register the admin command menu for %s: %s", admin_id, exc)
        else:
            menus.given(admin_id)
    await _withdraw_admin_menus(app, menus)


async def _withdraw_admin_menus(app: BotApplication, menus: AdminMenus) -> None:
    """Chats removed from ADMIN_IDS lose the admin menu (their chat falls back to the public
    one). Telegram refusing the chat means there is no menu left to take back; any other
    failure keeps the record, so the next start tries again."""
    for chat_id in menus.held_by_others(app.bot_data.config.admin_ids):
        try:
            await app.bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
        except (BadRequest, Forbidden):
            menus.withdrawn(chat_id)
        except TelegramError as exc:
            log.warning("could not withdraw the admin command menu from %s: %s", chat_id, exc)
        else:
            menus.withdrawn(chat_id)


async def _post_init(app: BotApplication) -> None:
    """The command menus and the profile texts are independent requests made before the
    first update is read: side by side, they hold the start for the slowest of them."""
    await asyncio.gather(_register_commands(app), update_profile(app.bot))


async def _close_database(app: BotApplication) -> None:
    await app.bot_data.renderer.close()
    app.bot_data.instance_lock.release()
    app.bot_data.reads.close()
    app.bot_data.db.close()


def build_application(
    config: Config,
    *,
    clock: Clock | None = None,
    catalogue: Catalogue | None = None,
    rng: random.Random | None = None,
    sleep: Sleep | None = None,
) -> BotApplication:
    """`sleep` is how flood-control pauses and retry backoffs wait; tests pass a fake one.

    Pacing at Telegram's limits always runs on real time: it exists for the real server.
    """
    protect_secret(config.token)
    protect_secret(config.webhook_secret_value)
    catalogue = catalogue if catalogue is not None else load_catalogue(config.content_dir)
    clock = clock or SystemClock()
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
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(_post_init)
        .post_shutdown(_close_database)
    )
    builder = builder.base_url(f"{config.api_url}/bot").base_file_url(f"{config.api_url}/file/bot")
    # PTB types `build()` with its default context and bot types; `context_types` and
    # `rate_limiter` above make it exactly a `BotApplication`, which mypy cannot follow.
    app: BotApplication = builder.build()  # type: ignore[assignment]

    db = open_database(config.database_path)
    Checkpoints.take_over(db)
    data = app.bot_data
    data.database_identity = FileIdentity.of(config.database_path)
    data.reads = Reads(config.database_path)
    data.checkpoints = Checkpoints(config.database_path)
    data.activity = ActivityLog(db, data.checkpoints.room)
    data.config = config
    data.clock = clock
    data.catalogue = catalogue
    data.db = db
    data.users = UserStore(db)
    data.rng = rng or random.Random()
    data.sleep = sleep
    data.sender = BulkSender(app.bot, data.users, data.clock, sleep, data.checkpoints.room)
    data.deliveries = DeliveryStore(db)
    data.schedules = ScheduleStore(db, data.deliveries, config.default_tip_time)
    data.checkins = CheckinStore(db)
    data.renderer = Renderer()
    data.scheduler = Scheduler(
        db, catalogue, data.clock, data.sender, data.schedules, data.renderer
    )
    data.admin_tips = AdminTipStore(db)
    data.broadcasts = BroadcastStore(db)
    data.broadcaster = BroadcastRunner(
        data.broadcasts,
        data.sender,
        app.bot,
        data.clock,
        sleep,
        data.checkpoints.room,
        paused=lambda user_id, now: is_paused(db, user_id, now),
        paid=config.paid_broadcasts,
    )
    data.diary = DiaryStore(db)
    data.nights = NightStore(db)
    data.instance_lock = InstanceLock(db, data.clock)
    data.open_messages = OpenMessages(db)
    data.feedback = FeedbackStore(db)
    data.prompts = PromptStore(db)

    app.add_handlers(handlers(FEATURES))
    app.add_handler(TypeHandler(Update, replays.skip_replays), group=replays.GROUP)
    app.add_handler(
        prompts.PromptRouter(*(feature.prompts for feature in FEATURES)).handler(),
        group=prompts.GROUP,
    )
    app.add_handler(TypeHandler(Update, activity.record), group=activity.GROUP)
    jobs = app.job_queue
    if jobs is None:
        raise RuntimeError("python-telegram-bot was installed without its job-queue extra")
    for job in (
        heartbeat.job(config.heartbeat_seconds),
        retention.JOB,
        *(job for feature in FEATURES for job in feature.jobs),
    ):
        jobs.run_repeating(
            job.callback,
            interval=job.interval,
            first=config.resume_after_seconds if job.first is None else job.first,
            name=job.name,
            job_kwargs={"max_instances": job.max_instances},
        )
    app.add_error_handler(errors.on_error)
    return app


def prepare_to_serve() -> None:
    """Tune the interpreter for one event loop that answers every chat.

    The heap loaded at start-up (libraries, content, handlers) lives as long as the
    process: left in the garbage collector's view, every full collection walks it all,
    stalling every chat for tens of milliseconds (about 80 ms measured), so it is frozen.
    And any worker thread (a diary read, a zone lookup) takes the GIL each time the
    loop's thread gives it up for I/O, for up to the switch interval (5 ms by default,
    several times per wake-up): other chats feel that as a stall, so the interval is
    shortened. (Charts and PDFs are drawn in a process of their own.) Call once, after
    `build_application` and before serving; tests skip it, since one process builds many
    applications.
    """
    gc.freeze()
    gc.enable()  # `python -m bot` pauses it while it starts
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
