"""The typed context every handler receives.

Following PTB's `contexttypesbot` example, dependencies live in a typed `BotData`
object instead of string-keyed `bot_data` lookups, and handlers reach them through
properties on `BotContext`.
"""

from __future__ import annotations

import random
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.account.feedback_store import FeedbackStore
from bot.admin.broadcast_store import BroadcastStore
from bot.admin.broadcasting import BroadcastRunner
from bot.admin.tips_store import AdminTipStore
from bot.clock import Clock, Sleep
from bot.config import Config
from bot.core.activity import ActivityLog
from bot.core.database import Checkpoints, FileIdentity, Reads
from bot.core.instance_lock import InstanceLock
from bot.core.open_messages import OpenMessages
from bot.core.prompt_store import PromptStore
from bot.core.ratelimit import Bulk
from bot.core.rendering import Renderer
from bot.core.sending import BulkSender
from bot.core.users import User, UserStore
from bot.daily.checkin_store import CheckinStore
from bot.daily.run import Scheduler
from bot.daily.schedules import ScheduleStore
from bot.daily.store import DeliveryStore
from bot.diary.logic import zone_of
from bot.diary.nights import NightStore
from bot.diary.store import DiaryStore
from bot.knowledge.content import Catalogue


class BotData:
    """Set once by `build_application`; PTB creates it empty, so nothing is passed in."""

    config: Config
    clock: Clock
    catalogue: Catalogue
    db: Database
    users: UserStore
    rng: random.Random
    sleep: Sleep
    sender: BulkSender
    deliveries: DeliveryStore
    scheduler: Scheduler
    schedules: ScheduleStore
    checkins: CheckinStore
    admin_tips: AdminTipStore
    broadcasts: BroadcastStore
    broadcaster: BroadcastRunner
    diary: DiaryStore
    nights: NightStore
    instance_lock: InstanceLock
    open_messages: OpenMessages
    feedback: FeedbackStore
    prompts: PromptStore
    renderer: Renderer
    database_identity: FileIdentity | None
    reads: Reads
    """Reads that grow with the data, in worker threads (see `bot.core.database`)."""
    checkpoints: Checkpoints
    activity: ActivityLog
    stopped_because: str | None = None
    """Set when the bot stops itself for a fault (see `core.heartbeat`): it exits non-zero."""


class BotContext(CallbackContext[ExtBot[Bulk], dict[Any, Any], dict[Any, Any], BotData]):
    def ensure_user(self, user_id: int) -> User:
        """The user's row, made with the default time and zone when an action first needs
        one. Private chats only, so the chat id is the user id."""
        user, _ = self.users.ensure(
            user_id,
            user_id,
            self.clock.now(),
            self.config.default_timezone,
            self.config.default_tip_time,
        )
        return user

    def user_zone(self, user_id: int) -> ZoneInfo:
        """The user's zone; the default for someone without a row or with a lost zone."""
        return zone_of(self.users.get(user_id), self.config.default_timezone)

    @property
    def config(self) -> Config:
        return self.bot_data.config

    @property
    def clock(self) -> Clock:
        return self.bot_data.clock

    @property
    def catalogue(self) -> Catalogue:
        return self.bot_data.catalogue

    @property
    def users(self) -> UserStore:
        return self.bot_data.users

    @property
    def rng(self) -> random.Random:
        return self.bot_data.rng

    @property
    def sender(self) -> BulkSender:
        return self.bot_data.sender

    @property
    def deliveries(self) -> DeliveryStore:
        return self.bot_data.deliveries

    @property
    def scheduler(self) -> Scheduler:
        return self.bot_data.scheduler

    @property
    def schedules(self) -> ScheduleStore:
        return self.bot_data.schedules

    @property
    def checkins(self) -> CheckinStore:
        return self.bot_data.checkins

    @property
    def admin_tips(self) -> AdminTipStore:
        return self.bot_data.admin_tips

    @property
    def broadcasts(self) -> BroadcastStore:
        return self.bot_data.broadcasts

    @property
    def broadcaster(self) -> BroadcastRunner:
        return self.bot_data.broadcaster

    @property
    def diary(self) -> DiaryStore:
        return self.bot_data.diary

    @property
    def nights(self) -> NightStore:
        return self.bot_data.nights

    @property
    def open_messages(self) -> OpenMessages:
        return self.bot_data.open_messages

    @property
    def feedback(self) -> FeedbackStore:
        return self.bot_data.feedback

    @property
    def prompts(self) -> PromptStore:
        return self.bot_data.prompts

    @property
    def renderer(self) -> Renderer:
        return self.bot_data.renderer


BotApplication = Application[
    ExtBot[Bulk], BotContext, dict[Any, Any], dict[Any, Any], BotData, JobQueue[BotContext]
]
