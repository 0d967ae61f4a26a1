"""Typed logging: a plain message becomes a draft entry to confirm, or a cramp-free night
(or, for a night not over yet, the morning check-in's question about it the next morning).

The draft message is a logging flow like /log's: it is the user's one open flow (a newer
/log or typed cramp retires it, Cancel closes it), and its message id is the saved
entry's flow id, so a second tap on Save shows the entry already saved instead of
making another. The draft itself rides in its buttons; nothing is stored until Save.
After Save the message carries /log's detail buttons, which work on it unchanged.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from telegram import Update

from bot.account import keyboards as account_keyboards
from bot.context import BotContext
from bot.core import texts as core_texts
from bot.core.buttons import Press
from bot.core.open_messages import OpenKind, retire
from bot.core.replies import message_of, sender_of
from bot.daily.checkins import ask_about_night
from bot.diary import answer_keyboards, handlers, night_states, texts, typed
from bot.diary.answer_buttons import NONE, NightFree, TypedDraft, TypedSave
from bot.diary.buttons import ROUTES, Section
from bot.diary.keyboards import View
from bot.diary.nights import NIGHT_TURNS_AT, night_of
from bot.diary.vocabulary import Severity, WhenKind


def when_of(said: typed.Said | None, local_now: datetime) -> WhenKind:
    """ "Last night" is the night kind; "tonight" is too until noon, and "just now" after
    it (at 21:00 the night is still to come, so the cramp is happening now)."""
    if said is typed.Said.LAST_NIGHT:
        return WhenKind.NIGHT
    if said is typed.Said.TONIGHT:
        return WhenKind.NIGHT if local_now.time() < NIGHT_TURNS_AT else WhenKind.NOW
    if said is typed.Said.EARLIER:
        return WhenKind.EARLIER
    if said is typed.Said.YESTERDAY:
        return WhenKind.YESTERDAY
    if said is typed.Said.TWO_DAYS_AGO:
        return WhenKind.TWO_DAYS_AGO
    return WhenKind.NOW


def draft_of(parsed: typed.Draft, local_now: datetime) -> TypedDraft:
    return TypedDraft(
        "confirm",
        next((m for m in answer_keyboards.MUSCLES if m == parsed.muscle), "none"),
        next((s for s in answer_keyboards.SIDES if s == parsed.side), "none"),
        next((s for s in answer_keyboards.SEVERITIES if s == parsed.severity), "none"),
        when_of(parsed.said, local_now),
    )


def draft_text(draft: TypedDraft) -> str:
    summary = texts.typed_draft(
        None if draft.muscle == NONE else texts.MUSCLE_NAMES[draft.muscle],
        None if draft.side == NONE else texts.SIDE_NAMES[draft.side],
        None if draft.severity == NONE else texts.SEVERITY_NAMES[Severity(draft.severity).level],
        draft.when,
    )
    view = answer_keyboards.view_of(draft)
    return summary if view == "confirm" else texts.typed_ask(summary, view)


async def typed_message(update: Update, context: BotContext) -> None:
    """Any plain text that no other handler took: a cramp, a free night, or the help."""
    message = message_of(update)
    user_id = sender_of(update).id
    parsed = typed.parse(message.text or "")
    if parsed is None:
        await message.reply_text(
            texts.TYPED_NOT_UNDERSTOOD, reply_markup=account_keyboards.help_menu()
        )
        return
    if isinstance(parsed, typed.NoCramps):
        await message.reply_text(record_free_night(context, user_id, parsed.said))
        return
    local_now = context.clock.now().astimezone(context.user_zone(user_id))
    draft = draft_of(parsed, local_now)
    unfinished = context.open_messages.take(user_id, OpenKind.LOG_FLOW)
    await retire(context.bot, unfinished, texts.LOG_REPLACED)
    flow = await message.reply_text(draft_text(draft), reply_markup=answer_keyboards.draft(draft))
    context.open_messages.remember(user_id, OpenKind.LOG_FLOW, flow.chat_id, flow.message_id)


def record_free_night(context: BotContext, user_id: int, said: typed.Said | None) -> str:
    """Mark the night the user means as cramp-free, if it is over and had no cramp logged;
    one not over yet is asked about when it is, by the morning check-in."""
    now = context.clock.now()
    zone = context.user_zone(user_id)
    local_now = now.astimezone(zone)
    night = night_states.finished_night(said, local_now)
    if night is None:
        return _ask_in_the_morning(context, user_id, night_of(local_now), local_now)
    cramps = night_states.cramps_per_night(
        context.diary.since(user_id, night - timedelta(days=1)), zone
    )
    if cramps[night]:
        return texts.night_had_cramps(night, cramps[night])
    context.ensure_user(user_id)
    context.nights.mark_free(user_id, night, now)
    return texts.free_night_saved(night)


def _ask_in_the_morning(context: BotContext, user_id: int, night: date, local_now: datetime) -> str:
    """The night is not over: the morning check-in asks about it when it is, if it can."""
    asked = ask_about_night(context, user_id, night)
    if asked is None:
        return texts.night_not_over(night)
    local = asked.astimezone(local_now.tzinfo)
    at = core_texts.time_of_day(local.time(), context.user_zone(user_id).key)
    return texts.night_not_over_asking(night, at, local.date() > local_now.date())


@ROUTES.on(NightFree)
async def night_free(press: Press[NightFree], context: BotContext) -> None:
    """From /log's first question: the flow ends here, with the answer in its place."""
    if press.message_id is not None:
        context.open_messages.close(press.user_id, OpenKind.LOG_FLOW, press.message_id)
    await press.edit(record_free_night(context, press.user_id, typed.Said.LAST_NIGHT))


@ROUTES.on(TypedDraft)
async def change(press: Press[TypedDraft], context: BotContext) -> None:
    saved = context.diary.of_flow(press.user_id, press.message_id)
    if saved is not None:
        await handlers.show_entry(press, context, saved, View.FLOW, Section.MAIN)
        return
    if press.message_id is None or not context.open_messages.is_open(
        press.user_id, OpenKind.LOG_FLOW, press.message_id
    ):
        await press.expired()
        return
    await press.edit(draft_text(press.data), answer_keyboards.draft(press.data))


@ROUTES.on(TypedSave)
async def save(press: Press[TypedSave], context: BotContext) -> None:
    """The confirming tap; the same checks and the same idempotent insert as /log's."""
    chosen = press.data
    await handlers.save_on_flow(
        press, context, chosen.muscle, chosen.side, chosen.severity, chosen.when
    )
