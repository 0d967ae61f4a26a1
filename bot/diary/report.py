"""/report: the diary as a one- or two-page PDF to show a doctor.

The /report message offers the periods, and buttons to switch the paper (guessed from
the user's zone) and to put the user's name on it (off unless asked: a report may be
printed, forwarded or left on a desk). The choices ride in the button data, so nothing
is stored for them and an old message still makes the report it shows.

The entries are read in a worker thread on its own connection
(`bot.core.database.Reads`): turning a thousand rows into entries alone takes
milliseconds, which other users' taps should not wait for, and the bot's writes do not
wait for it; a read is one statement, so it sees each write whole. The figures, the chart
and the PDF are made in the drawing process (`bot.core.rendering`), which has a GIL of
its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InputFile, Update

from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.database import Reads
from bot.core.rendering import Renderer
from bot.core.replies import message_of, sender_of
from bot.core.schedule import local_date
from bot.diary import keyboards, report_pdf, texts
from bot.diary.buttons import ROUTES, ReportMake, ReportOptions
from bot.diary.nights import NightStore
from bot.diary.paper import Paper, paper_for
from bot.diary.report_figures import ReportPeriod, span_of
from bot.diary.store import DiaryStore
from bot.knowledge.content import Catalogue


@dataclass(frozen=True, slots=True)
class Report:
    pdf: bytes
    file_name: str
    caption: str


async def make_report(
    reads: Reads,
    catalogue: Catalogue,
    user_id: int,
    zone: ZoneInfo,
    now: datetime,
    period: ReportPeriod,
    paper: Paper,
    name: str | None,
    renderer: Renderer,
) -> Report | None:
    """The user's report for the period, or None when the period holds no entry."""
    request = await reads.run(
        lambda db: _request(
            DiaryStore(db), NightStore(db), catalogue, user_id, zone, now, period, paper, name
        )
    )
    if request is None:
        return None
    return Report(
        await renderer.run(report_pdf.render, request),
        texts.report_file_name(request.span),
        texts.report_caption(period, request.span, len(request.entries)),
    )


def _request(
    store: DiaryStore,
    nights: NightStore,
    catalogue: Catalogue,
    user_id: int,
    zone: ZoneInfo,
    now: datetime,
    period: ReportPeriod,
    paper: Paper,
    name: str | None,
) -> report_pdf.ReportRequest | None:
    today = local_date(now, zone)
    if period is ReportPeriod.EVERYTHING:
        entries = store.all(user_id)
        first = min((entry.local_date for entry in entries), default=None)
        span = span_of(period, today, first)
    else:
        span = span_of(period, today, None)
        entries = store.since(user_id, span.first)
    kept = [entry for entry in entries if span.holds(entry.local_date)]
    if not kept:
        return None
    free = nights.free_nights(user_id, span.first, span.last)
    return report_pdf.ReportRequest(
        kept, free, period, span, now.astimezone(zone), zone, name, paper, catalogue
    )


async def report_command(update: Update, context: BotContext) -> None:
    user_id = sender_of(update).id
    zone = context.user_zone(user_id)
    paper = paper_for(str(zone))
    context.renderer.warm()
    await message_of(update).reply_text(
        texts.report_ask(paper, with_name=False), reply_markup=keyboards.report_options(paper, "no")
    )


@ROUTES.on(ReportOptions)
async def options(press: Press[ReportOptions], context: BotContext) -> None:
    chosen = press.data
    await press.edit(
        texts.report_ask(chosen.paper, with_name=chosen.name == "yes"),
        keyboards.report_options(chosen.paper, chosen.name),
    )


@ROUTES.on(ReportMake)
async def make(press: Press[ReportMake], context: BotContext) -> None:
    """The options message stays, so another period or paper is one more tap."""
    chosen = press.data
    zone = context.user_zone(press.user_id)
    name = press.query.from_user.full_name if chosen.name == "yes" else None
    await press.answer(texts.REPORT_MAKING)
    report = await make_report(
        context.bot_data.reads,
        context.catalogue,
        press.user_id,
        zone,
        context.clock.now(),
        chosen.period,
        chosen.paper,
        name,
        context.renderer,
    )
    if report is None:
        await context.bot.send_message(press.user_id, texts.report_empty(chosen.period))
        return
    await context.bot.send_document(
        press.user_id, InputFile(report.pdf, filename=report.file_name), caption=report.caption
    )
