"""The /report PDF: one or two pages a doctor can read in a ten-minute appointment.

Built with fpdf2, a pure-Python PDF writer, so pip installs everything it needs. Our own
words are set in the PDF's built-in Helvetica (Windows-1252), which costs nothing to load;
a user's name outside that range is set in the DejaVu Sans matplotlib already ships (a
Unicode font, so a name in Cyrillic or Greek prints as typed), loaded only then, since
reading and subsetting a Unicode font is most of a report's time. The chart is
matplotlib's, drawn for paper.

`render` does all the work, figures included, so the caller hands it whole to the
drawing process (`bot.core.rendering`): it touches no database and no Telegram. fpdf2
and matplotlib are imported only there, inside the functions that use them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.texts import BOT_NAME
from bot.diary import charts, texts
from bot.diary.paper import Paper
from bot.diary.report_figures import ReportFigures, ReportPeriod, Span, figures
from bot.diary.store import Entry
from bot.diary.vocabulary import Trigger
from bot.knowledge.content import Catalogue
from bot.knowledge.texts import plain_document_name, plain_place

if TYPE_CHECKING:
    from fpdf import FPDF

FONT = "Helvetica"
CORE_ENCODING = "windows-1252"
UNICODE_FONT = "DejaVu"
UNICODE_FONT_FILE = Path("fonts") / "ttf" / "DejaVuSans-Bold.ttf"
"""Inside matplotlib's data directory, as is the regular weight beside it."""
UNICODE_REGULAR_FILE = UNICODE_FONT_FILE.with_name("DejaVuSans.ttf")
PAPER_FORMATS = {Paper.A4: "A4", Paper.LETTER: "Letter"}

MARGIN_MM = 15.0
FOOTER_MM = 12.0
LINE_MM = 5.0
LABEL_COLUMN_MM = 62.0
TITLE_PT = 18
HEADING_PT = 12
BODY_PT = 9.5
SMALL_PT = 8
MAX_PAGES = 2
CLOSING_MM = 30.0
"""Room kept below the notes for the closing lines (sources and the notice)."""


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    note: str | None
    sources: tuple[tuple[str, str], ...]
    """Each as (document name, place in it)."""


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """Everything the PDF shows, read before the worker starts."""

    entries: Sequence[Entry]
    free_nights: set[date]
    period: ReportPeriod
    span: Span
    made: datetime
    zone: ZoneInfo
    name: str | None
    paper: Paper
    catalogue: Catalogue


def questions(catalogue: Catalogue, report: ReportFigures) -> tuple[Question, ...]:
    """The doctor questions whose content items exist, each citing its items' sources."""
    found = []
    medication = dict(report.triggers).get(Trigger.MEDICATION, 0)
    for item_ids, text in texts.REPORT_QUESTIONS:
        items = [catalogue.cause(i) or catalogue.tip(i) for i in item_ids]
        refs = dict.fromkeys(
            (plain_document_name(catalogue.documents[ref.document]), plain_place(ref))
            for item in items
            if item is not None
            for ref in item.source
        )
        if not refs:
            continue
        note = (
            texts.pdf_medication_noted(medication)
            if "medications" in item_ids and medication
            else None
        )
        found.append(Question(text, note, tuple(refs)))
    return tuple(found)


def _document(paper: Paper) -> FPDF:
    from fpdf import FPDF

    class Document(FPDF):
        def footer(self) -> None:
            self.set_y(-FOOTER_MM)
            self.set_font(FONT, "I", SMALL_PT)
            self.cell(0, LINE_MM, texts.pdf_page_footer(self.page_no(), "{nb}"), align="C")

    pdf = Document(unit="mm", format=PAPER_FORMATS[paper])
    pdf.core_fonts_encoding = CORE_ENCODING
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM + FOOTER_MM)
    pdf.set_title(texts.PDF_TITLE)
    pdf.set_creator(BOT_NAME)
    pdf.add_page()
    return pdf


def _line(pdf: FPDF, text: str, size: float = BODY_PT, style: str = "", font: str = FONT) -> None:
    from fpdf.enums import XPos, YPos

    pdf.set_font(font, style, size)
    pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _name(pdf: FPDF, name: str) -> None:
    line = texts.pdf_name(name)
    try:
        line.encode(CORE_ENCODING)
    except UnicodeEncodeError:
        pdf.add_font(UNICODE_FONT, "B", _matplotlib_file(UNICODE_FONT_FILE))
        _line(pdf, line, BODY_PT, "B", UNICODE_FONT)
        return
    _line(pdf, line, BODY_PT, "B")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    _line(pdf, text, HEADING_PT, "B")
    pdf.ln(1)


def _figure_rows(report: ReportFigures) -> list[tuple[str, str]]:
    total = report.cramps
    mild, moderate, severe = report.severity
    yes, no, unknown = report.woke
    names = texts.SEVERITY_NAMES
    return [
        (texts.PDF_CRAMPS, str(total)),
        (texts.PDF_DAYS_WITH_CRAMPS, texts.pdf_of_days(report.days_with_cramps, report.span.days)),
        (texts.PDF_NIGHTS_DISTURBED, texts.pdf_of_days(report.nights_disturbed, report.span.days)),
        (texts.PDF_FREE_NIGHTS, str(report.confirmed_free_nights)),
        (texts.PDF_NIGHTS_UNKNOWN, texts.pdf_nights_unknown(report.nights_unknown)),
        (
            texts.PDF_SEVERITY,
            texts.pdf_counts(
                [
                    (names[1].lower(), mild),
                    (names[2].lower(), moderate),
                    (names[3].lower(), severe),
                ],
                total,
            ),
        ),
        (texts.PDF_DURATION, texts.pdf_duration(report.typical_duration, report.durations, total)),
        (
            texts.PDF_TIME_OF_DAY,
            texts.pdf_counts(
                [(texts.PDF_PART_OF_DAY[part], count) for part, count in report.parts_of_day],
                total,
            ),
        ),
        (
            texts.PDF_WOKE,
            texts.pdf_counts([("yes", yes), ("no", no), (texts.NOT_RECORDED, unknown)], total),
        ),
        (
            texts.PDF_MUSCLES,
            texts.pdf_counts(
                [(texts.MUSCLE_NAMES[muscle].lower(), n) for muscle, n in report.muscles], total
            ),
        ),
        (
            texts.PDF_SIDES,
            texts.pdf_counts(
                [(texts.SIDE_NAMES[side].lower(), n) for side, n in report.sides], total
            ),
        ),
    ]


def _figures(pdf: FPDF, report: ReportFigures) -> None:
    from fpdf.enums import XPos, YPos

    _heading(pdf, texts.PDF_FIGURES)
    for label, value in _figure_rows(report):
        pdf.set_font(FONT, "B", BODY_PT)
        pdf.cell(LABEL_COLUMN_MM, LINE_MM, label)
        pdf.set_font(FONT, "", BODY_PT)
        pdf.multi_cell(0, LINE_MM, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _triggers(pdf: FPDF, report: ReportFigures) -> None:
    _heading(pdf, texts.PDF_TRIGGERS)
    if not report.triggers:
        _line(pdf, texts.PDF_NO_TRIGGERS)
    for trigger, count in report.triggers:
        _line(pdf, texts.pdf_trigger_line(texts.TRIGGER_LABELS[trigger], count, report.cramps))


def _tried(pdf: FPDF, report: ReportFigures) -> None:
    _heading(pdf, texts.PDF_TRIED)
    if not report.tried:
        _line(pdf, texts.PDF_NO_TRIED)
    for figure in report.tried:
        _line(pdf, texts.pdf_tried_line(figure.tried, figure.times, figure.helped))


def _notes(pdf: FPDF, report: ReportFigures) -> None:
    """Newest first, as many as fit on two pages with the closing lines after them; the
    rest are counted, and all are in /export."""
    from fpdf.enums import MethodReturnValue

    if not report.notes:
        return
    _heading(pdf, texts.PDF_NOTES)
    for shown, note in enumerate(report.notes):
        line = texts.pdf_note(note.day, note.text)
        font = _font_for(pdf, line)
        pdf.set_font(font, "", BODY_PT)
        measured = pdf.multi_cell(
            0, BODY_PT * 0.5, line, dry_run=True, output=MethodReturnValue.HEIGHT
        )
        height = measured if isinstance(measured, (int, float)) else 0.0
        if pdf.page_no() >= MAX_PAGES and (
            pdf.get_y() + height + CLOSING_MM > pdf.page_break_trigger
        ):
            _line(pdf, texts.pdf_notes_left_out(len(report.notes) - shown), SMALL_PT, "I")
            return
        _line(pdf, line, font=font)


def _matplotlib_file(relative: Path) -> str:
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / relative)


def _font_for(pdf: FPDF, text: str) -> str:
    """The core font when it can print the text; else DejaVu Sans, loaded once."""
    try:
        text.encode(CORE_ENCODING)
    except UnicodeEncodeError:
        if UNICODE_FONT.lower() not in pdf.fonts:
            pdf.add_font(UNICODE_FONT, "", _matplotlib_file(UNICODE_REGULAR_FILE))
        return UNICODE_FONT
    return FONT


def _questions(pdf: FPDF, asked: Sequence[Question]) -> None:
    _heading(pdf, texts.PDF_QUESTIONS)
    _line(pdf, texts.PDF_QUESTIONS_INTRO, SMALL_PT, "I")
    for number, question in enumerate(asked, start=1):
        pdf.ln(1.5)
        _line(pdf, f"{number}. {question.text}", BODY_PT, "B")
        if question.note:
            _line(pdf, question.note)
        for document, place in question.sources:
            _line(pdf, texts.pdf_source(document, place), SMALL_PT)


def _closing(pdf: FPDF, asked: Sequence[Question]) -> None:
    """The footer of the report: the articles cited above, then the notice."""
    pdf.ln(3)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1.5)
    titles = dict.fromkeys(title for question in asked for title, _ in question.sources)
    if titles:
        _line(pdf, texts.pdf_sources(tuple(titles)), SMALL_PT)
    _line(pdf, texts.PDF_DISCLAIMER, SMALL_PT, "I")


def render(request: ReportRequest) -> bytes:
    """The PDF's bytes. Slow (a chart, a font subset): call it off the event loop."""
    report = figures(request.entries, request.span, request.zone, request.free_nights)
    asked = questions(request.catalogue, report)
    pdf = _document(request.paper)
    _line(pdf, texts.PDF_TITLE, TITLE_PT, "B")
    pdf.ln(1)
    _line(pdf, texts.pdf_period(request.period, request.span), HEADING_PT)
    _line(pdf, texts.pdf_made(request.made, str(request.zone)))
    if request.name:
        _name(pdf, request.name)
    _figures(pdf, report)
    title = texts.pdf_chart_title(report.bar_unit.value)
    _heading(pdf, title)
    pdf.image(charts.report_chart(report.bars, report.bar_unit), w=pdf.epw, alt_text=title)
    _triggers(pdf, report)
    _tried(pdf, report)
    _questions(pdf, asked)
    _notes(pdf, report)
    _closing(pdf, asked)
    return bytes(pdf.output())
