"""/insights: what the diary's counts show, each with a link to what the articles say."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database
from telegram import Update

from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.database import snapshot
from bot.core.replies import message_of, sender_of
from bot.core.schedule import local_date
from bot.diary import answer_keyboards, keyboards, texts
from bot.diary import insights as counted
from bot.diary.answer_buttons import InsightTopic
from bot.diary.buttons import ROUTES
from bot.diary.nights import NightStore
from bot.diary.store import DiaryStore
from bot.diary.vocabulary import Tried
from bot.knowledge import keyboards as knowledge_keyboards
from bot.knowledge import texts as knowledge_texts
from bot.knowledge.content import Catalogue, Item


async def diary_of(context: BotContext, user_id: int, today: date, zone: ZoneInfo) -> counted.Diary:
    """What the insights (and /stats) read, from a day before the lookback, since a night's
    cramps may come the evening before. A worker thread with its own connection reads it:
    90 days of a busy diary would hold the event loop."""
    first = today - timedelta(days=counted.LOOKBACK_DAYS - 1)

    def read(db: Database) -> counted.Diary:
        diary, nights = DiaryStore(db), NightStore(db)
        with snapshot(db):
            return counted.Diary(
                entries=diary.between(user_id, first - timedelta(days=1), today),
                free=nights.free_nights(user_id, first, today),
                first_day=diary.first_day(user_id),
                today=today,
                zone=zone,
                helped={tried: diary.helped_after(user_id, tried, first, today) for tried in Tried},
            )

    return await context.bot_data.reads.run(read)


def _item(catalogue: Catalogue, topic: counted.Topic) -> Item | None:
    section, item_id = topic
    return catalogue.tip(item_id) if section == "tips" else catalogue.cause(item_id)


def topics(catalogue: Catalogue, found: list[counted.Insight]) -> list[tuple[counted.Topic, Item]]:
    """The article items the insights touch, each once, in the insights' order."""
    seen: dict[counted.Topic, Item] = {}
    for insight in found:
        if insight.topic is not None and insight.topic not in seen:
            item = _item(catalogue, insight.topic)
            if item is not None:
                seen[insight.topic] = item
    return list(seen.items())


async def insights(update: Update, context: BotContext) -> None:
    user_id = sender_of(update).id
    message = message_of(update)
    zone = context.user_zone(user_id)
    today = local_date(context.clock.now(), zone)
    diary = await diary_of(context, user_id, today, zone)
    found = await asyncio.to_thread(counted.insights, diary)
    if not found:
        await message.reply_text(texts.INSIGHTS_NONE, reply_markup=keyboards.log_start())
        return
    await message.reply_text(
        texts.insights(found),
        reply_markup=answer_keyboards.topics(topics(context.catalogue, found)),
    )


@ROUTES.on(InsightTopic)
async def topic(press: Press[InsightTopic], context: BotContext) -> None:
    chosen = press.data
    item = _item(context.catalogue, (chosen.section, chosen.item_id))
    if item is None:
        await press.answer(texts.TOPIC_GONE)
        return
    await press.answer()
    await context.bot.send_message(
        press.user_id,
        knowledge_texts.item_detail(item, context.catalogue),
        reply_markup=knowledge_keyboards.item_detail(chosen.section, item),
    )
