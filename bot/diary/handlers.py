"""Logging a cramp: where, how bad (saved), then optional details; and changing them later.

The whole flow lives on one bot message, whose id makes the saving tap idempotent. The
details of a saved entry are changed with the same buttons on two kinds of message: the
flow message it was saved on, and a /history message turned into that entry's details
(remembered as the user's open `OpenKind.ENTRY_EDIT` message). Every entry id a button
carries is looked up together with the presser's id and checked against the message the
button sits on, so a forged or stale id (an entry undone, forgotten, logged on another
flow, or a details message since replaced) gets the "expired" answer and changes nothing.
Each change says which way it goes (a trigger on or off, not "toggle"), so a double tap
lands where one tap would.

A flow's state is kept by two tables: it is open while `open_messages` names its message
(Cancel, a newer flow, /forget and saving all close it), and saved while an entry carries
its message id (Undo and /forget delete it). A severity tap on a flow that is neither
saves nothing: a tap arriving after Cancel or Undo cannot bring an entry back.

The red-flag note waits until the user is done with the details: it comes after Done, or
from `RED_FLAG_JOB` once a minute has passed since saving. Both go through
`DiaryStore.close`, which only one of them wins, and the job finds its work in the
database, so a restart loses none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from telegram import ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.feature import RepeatingJob
from bot.core.open_messages import OpenKind, retire
from bot.core.prompt_store import Pending
from bot.core.prompts import Answer, ask, typed
from bot.core.replies import sender_of
from bot.daily.checkins import offer_checkin
from bot.diary import keyboards, prompts, texts
from bot.diary import logic as diary
from bot.diary.buttons import (
    ROUTES,
    LogCancel,
    LogCramp,
    LogDayPart,
    LogDone,
    LogDuration,
    LogHelped,
    LogLevel,
    LogNote,
    LogNoteRemove,
    LogPlace,
    LogPlaceName,
    LogPlaces,
    LogSection,
    LogSeverity,
    LogTried,
    LogTrigger,
    LogUndo,
    LogWhen,
    LogWhere,
    LogWoke,
    Section,
)
from bot.diary.keyboards import View
from bot.diary.store import Entry
from bot.diary.vocabulary import Muscle, Severity, Side, WhenKind

log = logging.getLogger(__name__)


async def start_log_flow(context: BotContext, user_id: int, when: WhenKind = WhenKind.NOW) -> None:
    """Open a logging flow as a new message; `when` is saved with the entry (the morning
    check-in opens it as "during the night"). A newer flow makes an unfinished older one
    meaningless: it says so, without buttons."""
    unfinished = context.open_messages.take(user_id, OpenKind.LOG_FLOW)
    await retire(context.bot, unfinished, texts.LOG_REPLACED)
    flow = await context.bot.send_message(
        user_id, texts.log_where(when), reply_markup=keyboards.places(when)
    )
    context.open_messages.remember(user_id, OpenKind.LOG_FLOW, flow.chat_id, flow.message_id)


async def log_command(update: Update, context: BotContext) -> None:
    await start_log_flow(context, sender_of(update).id)


@ROUTES.on(LogCramp)
async def log_button(press: Press[LogCramp], context: BotContext) -> None:
    """The button sits under other messages (start menu, daily tips): the flow gets its own.
    The router answers the press once the flow is on screen."""
    await start_log_flow(context, press.user_id)


@ROUTES.on(LogPlaces)
async def places(press: Press[LogPlaces], context: BotContext) -> None:
    await press.edit(texts.log_where(press.data.when), keyboards.places(press.data.when))


@ROUTES.on(LogCancel)
async def cancel(press: Press[LogCancel], context: BotContext) -> None:
    context.open_messages.close(press.user_id, OpenKind.LOG_FLOW, press.message_id)
    await press.edit(texts.LOG_CANCELLED)


@ROUTES.on(LogWhere)
async def where(press: Press[LogWhere], context: BotContext) -> None:
    chosen = press.data
    await press.edit(
        texts.log_severity(chosen.muscle, chosen.side),
        keyboards.severities(chosen.muscle, chosen.side, chosen.when),
    )


@ROUTES.on(LogSeverity)
async def severity(press: Press[LogSeverity], context: BotContext) -> None:
    chosen = press.data
    await save_on_flow(press, context, chosen.muscle, chosen.side, chosen.severity, chosen.when)


async def save_on_flow(
    press: Press[Any],
    context: BotContext,
    muscle: Muscle,
    side: Side,
    severity: Severity,
    when: WhenKind,
) -> None:
    """The saving tap of a flow message, /log's or a typed draft's. A second tap on the
    same flow message shows the same entry again."""
    flow_message_id = press.message_id
    if flow_message_id is None:
        await press.expired()
        return
    saved = context.diary.of_flow(press.user_id, flow_message_id)
    if saved is not None:
        await show_entry(press, context, saved, View.FLOW, Section.MAIN)
        return
    if not context.open_messages.is_open(press.user_id, OpenKind.LOG_FLOW, flow_message_id):
        await press.expired()
        return
    user = context.ensure_user(press.user_id)
    zone = diary.zone_of(user, context.config.default_timezone)
    entry, created = diary.log_entry(
        context.diary,
        user.user_id,
        flow_message_id,
        context.clock.now(),
        zone,
        muscle,
        side,
        severity,
        when,
    )
    context.open_messages.close(user.user_id, OpenKind.LOG_FLOW, flow_message_id)
    await show_entry(press, context, entry, View.FLOW, Section.MAIN)
    await press.answer(texts.LOG_SAVED_TOAST if created else None)


async def after_logging(context: BotContext, user_id: int) -> None:
    """What follows a finished entry, never the middle of logging: another message then
    would also hold the user's next tap behind Telegram's one message a second per chat."""
    await red_flag_if_due(context, user_id)
    await offer_checkin(context, user_id)


async def red_flag_if_due(context: BotContext, user_id: int) -> None:
    """Send the red-flag note when the user's recent cramps call for it (at most weekly)."""
    item = diary.doctor_item(context.catalogue)
    if item is None:
        log.warning("no see-a-doctor item in the content; red-flag notes are off")
        return
    zone = context.user_zone(user_id)
    count = diary.red_flag_due(context.diary, user_id, context.clock.now(), zone)
    if count is not None:
        log.info("red-flag note for user %s: %s", user_id, count)
        await context.bot.send_message(
            user_id, texts.red_flag(count.total, count.severe, item, context.catalogue)
        )


async def _text_only(message: Message, prompt: Pending, context: BotContext) -> None:
    """A reply to the question that holds no text (a sticker, a photo)."""
    await message.reply_text(texts.TEXT_ONLY)


RED_FLAG_DELAY = timedelta(minutes=1)
"""How long after saving the red-flag check waits for a Done that does not come."""


async def red_flags_left_open(context: BotContext) -> None:
    """The red-flag check of entries saved a minute ago or more whose Done never came."""
    now = context.clock.now()
    for waiting in context.diary.left_open(now - RED_FLAG_DELAY):
        if not context.diary.close(waiting.user_id, waiting.entry_id, now):
            continue
        try:
            await after_logging(context, waiting.user_id)
        except TelegramError as exc:
            # One user who blocked the bot must not hold up the others' notes.
            log.warning("note after logging for user %s not sent: %s", waiting.user_id, exc)


RED_FLAG_JOB = RepeatingJob(
    name="diary-red-flags", callback=red_flags_left_open, interval=20, first=5
)


def entry_view(
    context: BotContext, entry: Entry, view: View, section: Section
) -> tuple[str, InlineKeyboardMarkup]:
    """One section of the entry's details, as text and buttons."""
    summary = texts.entry_summary(entry)
    if section is not Section.MAIN:
        text = _SECTION_TEXTS[section](summary)
    elif view is View.FLOW:
        text = texts.log_saved(summary, final=False)
    else:
        logged = entry.logged_at.astimezone(context.user_zone(entry.user_id))
        text = texts.entry_edit(summary, logged.date())
    page = context.diary.newer_than(entry) // keyboards.HISTORY_PAGE_SIZE
    parts = diary.day_parts(entry, context.user_zone(entry.user_id))
    return text, keyboards.details(entry, section, view, page, parts)


async def show_entry(
    press: Press[Any], context: BotContext, entry: Entry, view: View, section: Section
) -> None:
    """Show one section of the entry's details on the message the press came from."""
    await press.edit(*entry_view(context, entry, view, section))


_SECTION_TEXTS = {
    Section.PLACE: texts.ask_place,
    Section.DURATION: texts.ask_duration,
    Section.TRIGGERS: texts.ask_triggers,
    Section.TRIED: texts.ask_tried,
}


def view_of(
    context: BotContext, user_id: int, message_id: int | None, entry_id: int
) -> View | None:
    """How the message a button sits on shows the entry, or None when it does not (any
    more): the flow it was saved on, or the user's open details message from /history."""
    if message_id is None:
        return None
    saved = context.diary.of_flow(user_id, message_id)
    if saved is not None:
        return View.FLOW if saved.id == entry_id else None
    if context.open_messages.is_open(user_id, OpenKind.ENTRY_EDIT, message_id):
        return View.EDIT
    return None


async def _change(
    press: Press[Any],
    context: BotContext,
    entry_id: int,
    change: Callable[[], Entry | None],
    section: Section,
) -> None:
    """Apply one change to the presser's entry, if the button's message still shows it."""
    view = view_of(context, press.user_id, press.message_id, entry_id)
    entry = change() if view is not None else None
    if view is None or entry is None:
        await press.expired()
        return
    await show_entry(press, context, entry, view, section)


@ROUTES.on(LogSection)
async def section(press: Press[LogSection], context: BotContext) -> None:
    chosen = press.data
    await _change(
        press,
        context,
        chosen.entry_id,
        lambda: context.diary.get(press.user_id, chosen.entry_id),
        chosen.section,
    )


@ROUTES.on(LogWhen)
async def when(press: Press[LogWhen], context: BotContext) -> None:
    chosen = press.data
    zone = context.user_zone(press.user_id)
    await _change(
        press,
        context,
        chosen.entry_id,
        lambda: diary.refine_when(
            context.diary, press.user_id, chosen.entry_id, chosen.when, None, zone
        ),
        Section.MAIN,
    )


@ROUTES.on(LogDayPart)
async def day_part(press: Press[LogDayPart], context: BotContext) -> None:
    """A time of day narrows the day already chosen; one it cannot take (a day changed
    since, a part not begun when "earlier today" was logged) is an expired button."""
    chosen = press.data
    zone = context.user_zone(press.user_id)

    def narrow() -> Entry | None:
        entry = context.diary.get(press.user_id, chosen.entry_id)
        if entry is None or chosen.part not in diary.day_parts(entry, zone):
            return None
        return diary.refine_when(
            context.diary, press.user_id, entry.id, entry.when_kind, chosen.part, zone
        )

    await _change(press, context, chosen.entry_id, narrow, Section.MAIN)


@ROUTES.on(LogWoke)
async def woke(press: Press[LogWoke], context: BotContext) -> None:
    chosen = press.data
    await _change(
        press,
        context,
        chosen.entry_id,
        lambda: context.diary.set_woke(press.user_id, chosen.entry_id, chosen.woke == "yes"),
        Section.MAIN,
    )


@ROUTES.on(LogPlace)
async def place(press: Press[LogPlace], context: BotContext) -> None:
    chosen = press.data
    await _change(
        press,
        context,
        chosen.entry_id,
        lambda: context.diary.set_place(press.user_id, chosen.entry_id, chosen.muscle, chosen.side),
        Section.PLACE,
    )


@ROUTES.on(LogLevel)
async def level(press: Press[LogLevel], context: BotContext) -> None:
    chosen = press.data
    await _change(
        press,
        context,
        chosen.entry_id,
        lambda: context.diary.set_severity(press.user_id, chosen.entry_id, chosen.severity.level),
        Section.PLACE,
    )


@ROUTES.on(LogDuration)
async def duration(press: Press[LogDuration], context: BotContext) -> None:
    chosen = press.data
    await _change(
        press,
        context,
        chosen.entry_id,
        lambda: context.diary.set_duration(press.user_id, chosen.entry_id, chosen.duration),
        Section.DURATION,
    )


@ROUTES.on(LogTrigger)
async def trigger(press: Press[LogTrigger], context: BotContext) -> None:
    chosen = press.data
    await _change(
        press,
        context,
        chosen.entry_id,
        lambda: context.diary.set_trigger(
            press.user_id, chosen.entry_id, chosen.trigger, chosen.on == "yes"
        ),
        Section.TRIGGERS,
    )


@ROUTES.on(LogTried)
async def tried(press: Press[LogTried], context: BotContext) -> None:
    chosen = press.data
    await _change(
        press,
        context,
        chosen.entry_id,
        lambda: context.diary.set_tried(
            press.user_id, chosen.entry_id, chosen.tried, chosen.on == "yes"
        ),
        Section.TRIED,
    )


@ROUTES.on(LogHelped)
async def helped(press: Press[LogHelped], context: BotContext) -> None:
    chosen = press.data
    await _change(
        press,
        context,
        chosen.entry_id,
        lambda: context.diary.set_helped(press.user_id, chosen.entry_id, chosen.helped),
        Section.TRIED,
    )


@ROUTES.on(LogNoteRemove)
async def note_remove(press: Press[LogNoteRemove], context: BotContext) -> None:
    chosen = press.data
    await _change(
        press,
        context,
        chosen.entry_id,
        lambda: context.diary.set_note(press.user_id, chosen.entry_id, None),
        Section.MAIN,
    )


@ROUTES.on(LogNote)
async def note(press: Press[LogNote], context: BotContext) -> None:
    await _ask(press, context, press.data.entry_id, prompts.NOTE, texts.ASK_NOTE)


@ROUTES.on(LogPlaceName)
async def place_name(press: Press[LogPlaceName], context: BotContext) -> None:
    await _ask(press, context, press.data.entry_id, prompts.PLACE, texts.ASK_PLACE)


async def _ask(
    press: Press[Any], context: BotContext, entry_id: int, kind: str, question: str
) -> None:
    """Ask for a typed answer about an entry the button's message still shows."""
    message_id = press.message_id
    view = view_of(context, press.user_id, message_id, entry_id)
    if view is None or message_id is None:
        await press.expired()
        return
    await ask(
        context,
        press.user_id,
        kind,
        question,
        reply_markup=ForceReply(input_field_placeholder=texts.ASK_PLACEHOLDERS[kind]),
        payload=prompts.Target(entry_id, message_id).payload(),
    )


@prompts.PROMPTS.on(prompts.NOTE, typed(prompts.read_text), unreadable=_text_only)
async def note_answer(answer: Answer[str], context: BotContext) -> None:
    await _typed_answer(
        answer,
        context,
        texts.NOTE_MAX_LENGTH,
        context.diary.set_note,
        texts.NOTE_SAVED,
        texts.TYPED_FOR_NOTHING,
    )


@prompts.PROMPTS.on(prompts.PLACE, typed(prompts.read_text), unreadable=_text_only)
async def place_answer(answer: Answer[str], context: BotContext) -> None:
    def name(user_id: int, entry_id: int, place: str) -> Entry | None:
        """Only an "elsewhere" entry takes a name: one moved since the question takes none."""
        entry = context.diary.set_place_name(user_id, entry_id, place)
        return entry if entry is not None and entry.place == place else None

    await _typed_answer(
        answer,
        context,
        texts.PLACE_MAX_LENGTH,
        name,
        texts.PLACE_SAVED,
        texts.PLACE_FOR_NOTHING,
    )


async def _typed_answer(
    answer: Answer[str],
    context: BotContext,
    limit: int,
    save: Callable[[int, int, str], Entry | None],
    saved: str,
    not_saved: str,
) -> None:
    """Save the typed words on the entry (the user's own, checked again) and refresh the
    message showing its details; too long an answer is asked for again, kept as typed."""
    user_id = answer.user_id
    target = prompts.Target.of(answer.prompt.payload)
    if len(answer.value) > limit:
        await ask(
            context,
            user_id,
            answer.prompt.kind,
            texts.too_long(len(answer.value), limit),
            reply_markup=ForceReply(
                input_field_placeholder=texts.ASK_PLACEHOLDERS[answer.prompt.kind]
            ),
            payload=answer.prompt.payload,
        )
        return
    entry = save(user_id, target.entry_id, answer.value) if target is not None else None
    if entry is None or target is None:
        await answer.message.reply_text(not_saved)
        return
    await answer.message.reply_text(saved)
    view = view_of(context, user_id, target.message_id, entry.id)
    if view is not None:
        text, markup = entry_view(context, entry, view, Section.MAIN)
        try:
            await context.bot.edit_message_text(
                text, user_id, target.message_id, reply_markup=markup
            )
        except BadRequest as exc:
            log.info("could not refresh the entry's details: %s", exc.message)


@ROUTES.on(LogUndo)
async def undo(press: Press[LogUndo], context: BotContext) -> None:
    entry_id = press.data.entry_id
    if view_of(context, press.user_id, press.message_id, entry_id) is not View.FLOW or not (
        context.diary.delete(press.user_id, entry_id)
    ):
        await press.expired()
        return
    await press.edit(texts.LOG_UNDONE)
    await press.answer(texts.DELETED_TOAST)


@ROUTES.on(LogDone)
async def done(press: Press[LogDone], context: BotContext) -> None:
    """The details are finished: now is the time for the red-flag note, if it is due."""
    entry = context.diary.get(press.user_id, press.data.entry_id)
    if (
        entry is None
        or view_of(context, press.user_id, press.message_id, entry.id) is not View.FLOW
    ):
        await press.expired()
        return
    await press.edit(texts.log_saved(texts.entry_summary(entry), final=True))
    if context.diary.close(press.user_id, entry.id, context.clock.now()):
        await after_logging(context, press.user_id)
