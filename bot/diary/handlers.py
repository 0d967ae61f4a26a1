"""Logging a cramp: where, how bad (saved), then optional details on the confirmation.

The whole flow lives on one bot message, whose id makes the saving tap idempotent. Every
entry id a button carries is looked up together with the presser's id and the flow
message the button sits on, so a forged or stale id (an entry undone, forgotten, or
logged on another flow) gets the "expired" answer and changes nothing.

A flow's state is kept by two tables: it is open while `open_messages` names its message
(Cancel, a newer flow, /forget and saving all close it), and saved while an entry carries
its message id (Undo and /forget delete it). A severity tap on a flow that is neither
saves nothing: a tap arriving after Cancel or Undo cannot bring an entry back.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update

from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.open_messages import OpenKind, retire
from bot.core.replies import sender_of
from bot.daily.checkins import file_for_checkin, offer_checkin
from bot.diary import keyboards, texts
from bot.diary import logic as diary
from bot.diary.buttons import (
    ROUTES,
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
from bot.diary.store import Entry

log = logging.getLogger(__name__)


async def open_flow(context: BotContext, user_id: int) -> int:
    """A new flow makes an unfinished older one meaningless: it says so, without buttons.
    Returns the flow message's id (the morning check-in keeps it, see `bot.daily.checkins`)."""
    unfinished = context.open_messages.take(user_id, OpenKind.LOG_FLOW)
    await retire(context.bot, unfinished, texts.LOG_REPLACED)
    flow = await context.bot.send_message(user_id, texts.LOG_WHERE, reply_markup=keyboards.places())
    context.open_messages.remember(user_id, OpenKind.LOG_FLOW, flow.chat_id, flow.message_id)
    return flow.message_id


async def log_command(update: Update, context: BotContext) -> None:
    await open_flow(context, sender_of(update).id)


@ROUTES.on(LogCramp)
async def log_button(press: Press[LogCramp], context: BotContext) -> None:
    """The button sits under other messages (start menu, daily tips): the flow gets its own."""
    await press.answer()
    await open_flow(context, press.user_id)


@ROUTES.on(LogPlaces)
async def places(press: Press[LogPlaces], context: BotContext) -> None:
    await press.edit(texts.LOG_WHERE, keyboards.places())


@ROUTES.on(LogCancel)
async def cancel(press: Press[LogCancel], context: BotContext) -> None:
    context.open_messages.close(press.user_id, OpenKind.LOG_FLOW, press.message_id)
    await press.edit(texts.LOG_CANCELLED)


@ROUTES.on(LogWhere)
async def where(press: Press[LogWhere], context: BotContext) -> None:
    chosen = press.data
    await press.edit(
        texts.log_severity(chosen.muscle, chosen.side),
        keyboards.severities(chosen.muscle, chosen.side),
    )


@ROUTES.on(LogSeverity)
async def severity(press: Press[LogSeverity], context: BotContext) -> None:
    """The saving tap. A second tap on the same flow message shows the same entry again."""
    chosen = press.data
    flow_message_id = press.message_id
    if flow_message_id is None:
        await press.expired()
        return
    saved = context.diary.of_flow(press.user_id, flow_message_id)
    if saved is not None:
        await press.answer()
        await _show_saved(press, saved)
        return
    if not context.open_messages.is_open(press.user_id, OpenKind.LOG_FLOW, flow_message_id):
        await press.expired()
        return
    now = context.clock.now()
    user = context.ensure_user(press.user_id)
    zone = diary.zone_of(user, context.config.default_timezone)
    entry, created = diary.log_entry(
        context.diary,
        user.user_id,
        flow_message_id,
        now,
        zone,
        chosen.muscle,
        chosen.side,
        chosen.severity,
    )
    context.open_messages.close(user.user_id, OpenKind.LOG_FLOW, flow_message_id)
    if created:
        entry = file_for_checkin(context, entry, flow_message_id)
    await press.answer(texts.LOG_SAVED_TOAST if created else None)
    await _show_saved(press, entry)
    if created:
        await _red_flag(context, user.user_id, now, zone)
        await offer_checkin(context, user.user_id)


async def _red_flag(context: BotContext, user_id: int, now: datetime, zone: ZoneInfo) -> None:
    item = diary.doctor_item(context.catalogue)
    if item is None:
        log.warning("no see-a-doctor item in the content; red-flag notes are off")
        return
    count = diary.red_flag_due(context.diary, user_id, now, zone)
    if count is not None:
        log.info("red-flag note for user %s: %s", user_id, count)
        await context.bot.send_message(
            user_id, texts.red_flag(count.total, count.severe, item, context.catalogue)
        )


async def _show_saved(press: Press[Any], entry: Entry) -> None:
    await press.edit(
        texts.log_saved(texts.entry_summary(entry), final=False), keyboards.refinements(entry)
    )


async def _show_refined(press: Press[Any], entry: Entry | None) -> None:
    """Show the refined entry, or say the button expired."""
    if entry is None:
        await press.expired()
        return
    await _show_saved(press, entry)


def _on_its_flow(press: Press[Any], context: BotContext, entry_id: int) -> bool:
    """Is the entry the one saved on the flow message this button sits on?"""
    saved = context.diary.of_flow(press.user_id, press.message_id)
    return saved is not None and saved.id == entry_id


@ROUTES.on(LogWhen)
async def when(press: Press[LogWhen], context: BotContext) -> None:
    chosen = press.data
    if not _on_its_flow(press, context, chosen.entry_id):
        await press.expired()
        return
    zone = context.user_zone(press.user_id)
    entry = diary.refine_when(context.diary, press.user_id, chosen.entry_id, chosen.when, zone)
    await _show_refined(press, entry)


@ROUTES.on(LogWoke)
async def woke(press: Press[LogWoke], context: BotContext) -> None:
    chosen = press.data
    if not _on_its_flow(press, context, chosen.entry_id):
        await press.expired()
        return
    entry = context.diary.set_woke(press.user_id, chosen.entry_id, chosen.woke == "yes")
    await _show_refined(press, entry)


@ROUTES.on(LogTrigger)
async def trigger(press: Press[LogTrigger], context: BotContext) -> None:
    chosen = press.data
    if not _on_its_flow(press, context, chosen.entry_id):
        await press.expired()
        return
    entry = context.diary.set_trigger(press.user_id, chosen.entry_id, chosen.trigger)
    await _show_refined(press, entry)


@ROUTES.on(LogUndo)
async def undo(press: Press[LogUndo], context: BotContext) -> None:
    if not _on_its_flow(press, context, press.data.entry_id) or not context.diary.delete(
        press.user_id, press.data.entry_id
    ):
        await press.expired()
        return
    await press.answer(texts.DELETED_TOAST)
    await press.edit(texts.LOG_UNDONE)


@ROUTES.on(LogDone)
async def done(press: Press[LogDone], context: BotContext) -> None:
    entry = context.diary.get(press.user_id, press.data.entry_id)
    if entry is None or not _on_its_flow(press, context, entry.id):
        await press.expired()
        return
    await press.edit(texts.log_saved(texts.entry_summary(entry), final=True))
