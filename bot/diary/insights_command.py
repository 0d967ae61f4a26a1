"""/insights: what the diary's counts show, each with a link to what the articles say."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from telegram import Update

from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.replies import message_of, sender_of
from bot.core.schedule import local_date
from bot.diary import answer_keyboards, keyboards, reads, texts
from bot.diary import insights as counted
from bot.diary.answer_buttons import InsightTopic
from bot.diary.buttons import ROUTES
from bot.diary.vocabulary import Tried
from bot.knowledge import keyboards as knowledge_keyboards
from bot.knowledge import texts as knowledge_texts
from bot.knowledge.content import Catalogue, Item


async def diary_of(context: BotContext, user_id: int, today: date, zone: ZoneInfo) -> counted.Diary:
    """What the insights (and /stats) read, over indexed columns, the entries in slices:
    from a day before the lookback, since a night's cramps may come the evening before."""
    first = today - timedelta(days=counted.LOOKBACK_DAYS - 1)
    return counted.Diary(
        entries=await reads.entries_between(
            context.diary, user_id, first - timedelta(days=1), today
        ),
        free=context.nights.free_nights(user_id, first, today),
        first_day=context.diary.first_day(user_id),
        today=today,
        zone=zone,
        helped={tried: context.diary.helped_after(user_id, tried, first, today) for tried in Tried},
    )


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
    # The reads on the event loop, the counting (a few milliseconds) in a worker thread.
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
