"""/broadcast: preview, then confirm or cancel; the runner does the sending.

Confirmation is a conditional database update, so a double tap, a stale preview or a
forged button can queue a broadcast at most once. The buttons are routed with
`admin=True`, so the router checks admin rights on every press. With PAID_BROADCASTS set,
the preview shows the cost in Stars and confirming checks the bot's balance first
(`bot.admin.paid`).
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.admin import keyboards, paid, texts
from bot.admin.auth import admin_only
from bot.admin.broadcast_store import ConfirmResult
from bot.admin.broadcast_text import TextError, check_broadcast, command_argument, message_body
from bot.admin.buttons import ROUTES, BroadcastTip, CancelBroadcast, ConfirmBroadcast
from bot.admin.handlers import author
from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.feature import RepeatingJob
from bot.core.open_messages import OpenKind, retire
from bot.core.replies import message_of, sender_of

log = logging.getLogger(__name__)


async def _preview(context: BotContext, admin_id: int, text_html: str) -> None:
    """The preview is the message exactly as subscribers will get it, plus the buttons."""
    subscribers = context.broadcasts.audience_size()
    if subscribers == 0:
        await context.bot.send_message(admin_id, texts.BROADCAST_NO_SUBSCRIBERS)
        return
    broadcast_id = context.broadcasts.create_draft(text_html, author(admin_id), context.clock.now())
    await retire(context.bot, context.open_messages.take(admin_id, OpenKind.BROADCAST_PREVIEW))
    cost = paid.cost(subscribers) if context.config.paid_broadcasts else None
    preview = await context.bot.send_message(
        admin_id,
        text_html,
        reply_markup=keyboards.broadcast_preview(broadcast_id, subscribers, cost),
    )
    context.open_messages.remember(
        admin_id, OpenKind.BROADCAST_PREVIEW, preview.chat_id, preview.message_id
    )


@admin_only
async def broadcast(update: Update, context: BotContext) -> None:
    """The text after the command wins; otherwise the message replied to is sent."""
    message = message_of(update)
    argument = command_argument(message)
    try:
        if not argument.plain.strip() and message.reply_to_message is not None:
            body = check_broadcast(message_body(message.reply_to_message))
        else:
            body = check_broadcast(argument)
    except TextError as exc:
        await message.reply_text(str(exc))
        return
    await _preview(context, sender_of(update).id, body.html)


async def _stars_fall_short(press: Press[ConfirmBroadcast], context: BotContext) -> bool:
    """A paid broadcast is queued only if the bot's Stars cover it now; the preview keeps
    its buttons, so the admin can top up and press Send again."""
    if not context.config.paid_broadcasts:
        return False
    audience = context.broadcasts.audience_size()
    stars = await paid.balance(context.bot)
    if paid.covers(stars, audience):
        return False
    await press.answer(texts.paid_broadcast_refused(paid.cost(audience), stars), alert=True)
    log.info("refused paid broadcast #%s: the bot has %s Stars", press.data.broadcast_id, stars)
    return True


@ROUTES.on(ConfirmBroadcast, admin=True)
async def confirm(press: Press[ConfirmBroadcast], context: BotContext) -> None:
    broadcast_id = press.data.broadcast_id
    if await _stars_fall_short(press, context):
        return
    result = context.broadcasts.confirm(broadcast_id, context.clock.now())
    if result is not ConfirmResult.QUEUED:
        stale = (
            texts.BROADCAST_EXPIRED if result is ConfirmResult.EXPIRED else texts.BROADCAST_STALE
        )
        await press.answer(stale, alert=True)
        log.info("refused to confirm broadcast #%s: %s", broadcast_id, result)
        await press.drop_buttons()
        return
    await press.answer(texts.BROADCAST_CONFIRMED)
    log.info("broadcast #%s confirmed by user %s", broadcast_id, press.user_id)
    context.open_messages.close(press.user_id, OpenKind.BROADCAST_PREVIEW, press.message_id)
    await press.drop_buttons()
    ahead = context.broadcasts.ahead_of(broadcast_id)
    status = await context.bot.send_message(
        press.user_id, texts.broadcast_queued(broadcast_id, ahead)
    )
    context.broadcasts.set_status_message(broadcast_id, status.chat_id, status.message_id)
    context.broadcaster.poll()


@ROUTES.on(CancelBroadcast, admin=True)
async def cancel(press: Press[CancelBroadcast], context: BotContext) -> None:
    if not context.broadcasts.cancel(press.data.broadcast_id, context.clock.now()):
        await press.answer(texts.BROADCAST_STALE, alert=True)
        await press.drop_buttons()
        return
    await press.answer(texts.BROADCAST_CANCELLED)
    context.open_messages.close(press.user_id, OpenKind.BROADCAST_PREVIEW, press.message_id)
    await press.edit(texts.BROADCAST_CANCELLED)


@ROUTES.on(BroadcastTip, admin=True)
async def broadcast_tip(press: Press[BroadcastTip], context: BotContext) -> None:
    """Used once: the button goes, and the preview it opened carries on from there."""
    await press.answer()
    await press.drop_buttons()
    tip = context.admin_tips.get(press.data.tip_id)
    if tip is None or tip.removed_at is not None:
        await context.bot.send_message(press.user_id, texts.TEAM_TIP_NO_LONGER)
        return
    await _preview(context, press.user_id, texts.team_tip(tip.text))


async def pick_up(context: BotContext) -> None:
    """Start broadcasts queued from the shell, and resume one a restart interrupted."""
    context.broadcaster.poll()


JOB = RepeatingJob(name="broadcasts", callback=pick_up, interval=20)
