"""/broadcast: preview, then confirm or cancel; the runner does the sending.

Confirmation is a conditional database update, so a double tap, a stale preview or a
forged button can queue a broadcast at most once.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update
from telegram.error import BadRequest

from bot.admin import keyboards as admin_keyboards
from bot.admin import texts
from bot.admin.auth import admin_only
from bot.admin.broadcast_store import ConfirmResult
from bot.admin.broadcast_text import TextError, check_broadcast, command_argument, message_body
from bot.admin.buttons import BroadcastTip, CancelBroadcast, ConfirmBroadcast
from bot.admin.handlers import author
from bot.context import BotContext
from bot.core.buttons import decode_as
from bot.core.replies import callback_query, edit_query_message

log = logging.getLogger(__name__)

JOB_NAME = "broadcasts"
INTERVAL_SECONDS = 20
FIRST_RUN_SECONDS = 2


async def _preview(update: Update, context: BotContext, chat_id: int, text_html: str) -> None:
    """The preview is the message exactly as subscribers will get it, plus the buttons."""
    subscribers = context.broadcasts.audience_size()
    if subscribers == 0:
        await context.bot.send_message(chat_id, texts.BROADCAST_NO_SUBSCRIBERS)
        return
    broadcast_id = context.broadcasts.create_draft(text_html, author(update), context.clock.now())
    await context.bot.send_message(
        chat_id,
        text_html,
        reply_markup=admin_keyboards.broadcast_preview(broadcast_id, subscribers),
    )


@admin_only
async def broadcast(update: Update, context: BotContext) -> None:
    """The text after the command wins; otherwise the message replied to is sent."""
    message = update.message
    assert message
    argument = command_argument(message)
    try:
        if not argument.plain.strip() and message.reply_to_message is not None:
            body = check_broadcast(message_body(message.reply_to_message))
        else:
            body = check_broadcast(argument)
    except TextError as exc:
        await message.reply_text(str(exc))
        return
    await _preview(update, context, message.chat_id, body.html)


async def _drop_buttons(query: CallbackQuery) -> None:
    """A decided preview loses its buttons; one we can no longer edit keeps them."""
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        log.info("could not remove the preview buttons: %s", exc.message)


@admin_only
async def confirm(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    broadcast_id = decode_as(query.data, ConfirmBroadcast).broadcast_id
    result = context.broadcasts.confirm(broadcast_id, context.clock.now())
    if result is not ConfirmResult.QUEUED:
        stale = (
            texts.BROADCAST_EXPIRED if result is ConfirmResult.EXPIRED else texts.BROADCAST_STALE
        )
        await query.answer(stale, show_alert=True)
        log.info("refused to confirm broadcast #%s: %s", broadcast_id, result)
        await _drop_buttons(query)
        return
    await query.answer(texts.BROADCAST_CONFIRMED)
    log.info("broadcast #%s confirmed by user %s", broadcast_id, query.from_user.id)
    await _drop_buttons(query)
    ahead = context.broadcasts.ahead_of(broadcast_id)
    status = await context.bot.send_message(
        query.from_user.id, texts.broadcast_queued(broadcast_id, ahead)
    )
    context.broadcasts.set_status_message(broadcast_id, status.chat_id, status.message_id)
    context.broadcaster.poll()


@admin_only
async def cancel(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    broadcast_id = decode_as(query.data, CancelBroadcast).broadcast_id
    if not context.broadcasts.cancel(broadcast_id, context.clock.now()):
        await query.answer(texts.BROADCAST_STALE, show_alert=True)
        await _drop_buttons(query)
        return
    await query.answer(texts.BROADCAST_CANCELLED)
    await edit_query_message(query, texts.BROADCAST_CANCELLED)


@admin_only
async def broadcast_tip(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    await query.answer()
    tip = context.admin_tips.get(decode_as(query.data, BroadcastTip).tip_id)
    if tip is None or tip.removed_at is not None:
        await context.bot.send_message(query.from_user.id, texts.TEAM_TIP_NO_LONGER)
        return
    await _preview(update, context, query.from_user.id, texts.team_tip(tip.text))


async def pick_up(context: BotContext) -> None:
    """Start broadcasts queued from the shell, and resume one a restart interrupted."""
    context.broadcaster.poll()
