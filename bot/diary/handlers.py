"""Logging a cramp: where, how bad (saved), then optional details on the confirmation.

The whole flow lives on one bot message, whose id makes the saving tap idempotent. Every
entry id a button carries is looked up together with the presser's id, so a forged or
stale id gets the "expired" answer and changes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, Update

from bot.context import BotContext
from bot.core import texts as core_texts
from bot.core.buttons import decode_as
from bot.core.replies import callback_query, edit_query_message
from bot.diary import keyboards as diary_keyboards
from bot.diary import logic as diary
from bot.diary import texts
from bot.diary.buttons import LogDone, LogSeverity, LogTrigger, LogUndo, LogWhen, LogWhere, LogWoke
from bot.diary.store import Entry

log = logging.getLogger(__name__)


def _zone(context: BotContext, user_id: int) -> ZoneInfo:
    return diary.zone_of(context.users.get(user_id), context.config.default_timezone)


async def log_command(update: Update, context: BotContext) -> None:
    assert update.message
    await update.message.reply_text(texts.LOG_WHERE, reply_markup=diary_keyboards.places())


async def log_button(update: Update, context: BotContext) -> None:
    """The button sits under other messages (start menu, daily tips): the flow gets its own."""
    query = callback_query(update)
    await query.answer()
    await context.bot.send_message(
        query.from_user.id, texts.LOG_WHERE, reply_markup=diary_keyboards.places()
    )


async def places(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    await query.answer()
    await edit_query_message(query, texts.LOG_WHERE, diary_keyboards.places())


async def cancel(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    await query.answer()
    await edit_query_message(query, texts.LOG_CANCELLED)


async def where(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    await query.answer()
    chosen = decode_as(query.data, LogWhere)
    await edit_query_message(
        query,
        texts.log_severity(chosen.muscle, chosen.side),
        diary_keyboards.severities(chosen.muscle, chosen.side),
    )


async def severity(update: Update, context: BotContext) -> None:
    """The saving tap. A second tap on the same flow message shows the same entry again."""
    query = callback_query(update)
    chosen = decode_as(query.data, LogSeverity)
    if query.message is None:
        await query.answer(core_texts.BUTTON_EXPIRED, show_alert=True)
        return
    now = context.clock.now()
    user, _ = context.users.ensure(
        query.from_user.id,
        query.from_user.id,
        now,
        context.config.default_timezone,
        context.config.default_tip_time,
    )
    zone = diary.zone_of(user, context.config.default_timezone)
    entry, created = diary.log_entry(
        context.diary,
        user.user_id,
        query.message.message_id,
        now,
        zone,
        chosen.muscle,
        chosen.side,
        chosen.severity,
    )
    await query.answer(texts.LOG_SAVED_TOAST if created else None)
    await _edit_to_entry(query, entry)
    if created:
        await _red_flag(context, user.user_id, now, zone)


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


async def _edit_to_entry(query: CallbackQuery, entry: Entry) -> None:
    await edit_query_message(
        query,
        texts.log_saved(texts.entry_summary(entry), final=False),
        diary_keyboards.refinements(entry),
    )


async def _show_entry(query: CallbackQuery, entry: Entry | None) -> None:
    """Answer and show the refined entry, or say the button expired."""
    if entry is None:
        await query.answer(core_texts.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer()
    await _edit_to_entry(query, entry)


async def when(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    chosen = decode_as(query.data, LogWhen)
    user_id = query.from_user.id
    entry = diary.refine_when(
        context.diary, user_id, chosen.entry_id, chosen.when, _zone(context, user_id)
    )
    await _show_entry(query, entry)


async def woke(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    chosen = decode_as(query.data, LogWoke)
    entry = context.diary.set_woke(query.from_user.id, chosen.entry_id, chosen.woke == "yes")
    await _show_entry(query, entry)


async def trigger(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    chosen = decode_as(query.data, LogTrigger)
    entry = context.diary.set_trigger(query.from_user.id, chosen.entry_id, chosen.trigger)
    await _show_entry(query, entry)


async def undo(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    chosen = decode_as(query.data, LogUndo)
    if not context.diary.delete(query.from_user.id, chosen.entry_id):
        await query.answer(core_texts.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer(texts.DELETED_TOAST)
    await edit_query_message(query, texts.LOG_UNDONE)


async def done(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    chosen = decode_as(query.data, LogDone)
    entry = context.diary.get(query.from_user.id, chosen.entry_id)
    if entry is None:
        await query.answer(core_texts.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer()
    await edit_query_message(query, texts.log_saved(texts.entry_summary(entry), final=True))
