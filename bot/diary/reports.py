"""/stats and /export: the diary summed up, as a chart, and as a file for the doctor."""

from __future__ import annotations

import asyncio

from sqlite_utils import Database
from telegram import InputFile, Update

from bot.admin.broadcast_text import telegram_length
from bot.context import BotContext
from bot.core.replies import message_of, sender_of
from bot.core.schedule import local_date
from bot.core.texts import plain
from bot.diary import charts, export, insights, insights_command, keyboards, night_states, texts
from bot.diary import stats as diary_stats
from bot.diary.store import DiaryStore

CHART_DAYS = 30
CAPTION_LIMIT = 1024
"""Telegram's limit on a photo caption, counted as it counts, after the markup."""
WINDOWS = (7, 30)
NIGHT_WINDOWS = (7, 30, insights.LOOKBACK_DAYS)
"""The longest is the insights' lookback: the insight line reads the same entries."""


def chart_days(diary: insights.Diary) -> list[diary_stats.DayCount]:
    """The chart's days, with the nights the user confirmed free marked."""
    nights = night_states.nights_ending(diary.today, CHART_DAYS)
    states = night_states.night_states(
        night_states.cramps_per_night(diary.entries, diary.zone), diary.free, nights
    )
    confirmed = {night for night, state in zip(nights, states, strict=True) if state == "free"}
    return diary_stats.per_day(diary.entries, diary.today, CHART_DAYS, confirmed)


def stats_figures(diary: insights.Diary) -> str:
    """The figures' text: plain counting, done in a worker thread."""
    recent, today = diary.entries, diary.today
    summaries = [diary_stats.summarise(recent, today, days, diary.zone) for days in WINDOWS]
    nights = night_states.nights_ending(today, max(NIGHT_WINDOWS))
    states = night_states.night_states(
        night_states.cramps_per_night(recent, diary.zone), diary.free, nights
    )
    return "\n\n".join(
        (
            texts.stats(summaries),
            texts.stats_nights(
                [(days, night_states.count_states(states[-days:])) for days in NIGHT_WINDOWS]
            ),
            texts.stats_insight(next(iter(insights.insights(diary)), None)),
        )
    )


async def stats(update: Update, context: BotContext) -> None:
    """Nothing that grows with the diary runs on the event loop: the reads and the counting
    run in worker threads, and the chart in the drawing process, where tens of
    milliseconds hold no other user. The chart is drawn while the figures are counted."""
    user_id = sender_of(update).id
    message = message_of(update)
    zone = context.user_zone(user_id)
    today = local_date(context.clock.now(), zone)
    diary = await insights_command.diary_of(context, user_id, today, zone)
    if diary.start is None:
        await message.reply_text(texts.STATS_EMPTY, reply_markup=keyboards.log_start())
        return
    days = await asyncio.to_thread(chart_days, diary)
    if not any(day.mild or day.moderate or day.severe or day.cramp_free for day in days):
        await message.reply_text(await asyncio.to_thread(stats_figures, diary))
        return
    chart = asyncio.ensure_future(context.renderer.run(charts.cramps_per_day_png, days))
    try:
        figures = await asyncio.to_thread(stats_figures, diary)
    finally:
        png = await chart
    caption = f"{texts.CHART_CAPTION}\n\n{figures}"
    if telegram_length(plain(caption)) <= CAPTION_LIMIT:
        await message.reply_photo(png, caption=caption)
        return
    await message.reply_photo(png, caption=texts.CHART_CAPTION)
    await message.reply_text(figures)


async def export_diary(update: Update, context: BotContext) -> None:
    """Reading and writing out thousands of entries happens in a worker thread."""
    user_id = sender_of(update).id
    message = message_of(update)
    zone = context.user_zone(user_id)

    def read(db: Database) -> tuple[int, bytes]:
        entries = DiaryStore(db).all(user_id)
        return len(entries), export.diary_csv(entries, zone)

    count, csv = await context.bot_data.reads.run(read)
    if not count:
        await message.reply_text(texts.EXPORT_EMPTY, reply_markup=keyboards.log_start())
        return
    document = InputFile(csv, filename=export.file_name(local_date(context.clock.now(), zone)))
    await message.reply_document(document, caption=texts.export_caption(count, str(zone)))
