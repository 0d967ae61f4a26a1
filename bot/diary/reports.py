"""/stats and /export: the diary summed up, as a chart, and as a file for the doctor."""

from __future__ import annotations

from datetime import timedelta

from telegram import InputFile, Update

from bot.admin.broadcast_text import telegram_length
from bot.context import BotContext
from bot.core.replies import message_of, sender_of
from bot.core.schedule import local_date
from bot.core.texts import plain
from bot.diary import charts, export, keyboards, texts
from bot.diary import stats as diary_stats

CHART_DAYS = 30
CAPTION_LIMIT = 1024
"""Telegram's limit on a photo caption, counted as it counts, after the markup."""
WINDOWS = (7, 30)


async def stats(update: Update, context: BotContext) -> None:
    """The chart is drawn in the drawing process: tens of milliseconds nobody else should
    wait for, and in a thread it would still hold the GIL."""
    user_id = sender_of(update).id
    message = message_of(update)
    if context.diary.count(user_id) == 0:
        await message.reply_text(texts.STATS_EMPTY, reply_markup=keyboards.log_start())
        return
    zone = context.user_zone(user_id)
    today = local_date(context.clock.now(), zone)
    recent = context.diary.since(user_id, today - timedelta(days=max(WINDOWS) - 1))
    summaries = [diary_stats.summarise(recent, today, days) for days in WINDOWS]
    figures = texts.stats(summaries)
    days = diary_stats.per_day(recent, today, CHART_DAYS)
    if not any(day.mild or day.moderate or day.severe for day in days):
        await message.reply_text(figures)
        return
    png = await context.renderer.run(charts.cramps_per_day_png, days)
    caption = f"{texts.CHART_CAPTION}\n\n{figures}"
    if telegram_length(plain(caption)) <= CAPTION_LIMIT:
        await message.reply_photo(png, caption=caption)
        return
    await message.reply_photo(png, caption=texts.CHART_CAPTION)
    await message.reply_text(figures)


async def export_diary(update: Update, context: BotContext) -> None:
    user_id = sender_of(update).id
    message = message_of(update)
    entries = context.diary.all(user_id)
    if not entries:
        await message.reply_text(texts.EXPORT_EMPTY, reply_markup=keyboards.log_start())
        return
    zone = context.user_zone(user_id)
    document = InputFile(
        export.diary_csv(entries, zone),
        filename=export.file_name(local_date(context.clock.now(), zone)),
    )
    await message.reply_document(document, caption=texts.export_caption(len(entries), str(zone)))
