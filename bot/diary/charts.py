"""The /stats chart and the /report chart, drawn headless as PNG bytes.

It draws on matplotlib's Agg canvas through the object API, never pyplot: pyplot keeps
global state, needs a backend chosen before import, and is not safe in the worker
threads the handlers render in. A figure bound to its own Agg canvas needs no display.

matplotlib is imported inside the drawing functions: they run in the drawing process
(`bot.core.rendering`), and the bot's own process, which only names them, never pays
for it (about 0.4 s of start-up and 30 MB).
"""

from __future__ import annotations

import gc
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.diary import texts
from bot.diary.report_figures import Bar, BarUnit
from bot.diary.stats import DayCount

if TYPE_CHECKING:
    from PIL import Image

SEVERITY_COLOURS = ("#f2c14e", "#f08a24", "#c0392b")
FREE_COLOUR = "#9fd8a8"
"""Light, beside the severities' warm colours: a cramp-free night is a mark, not a bar."""
LABEL_EVERY_DAYS = 5

# Printed in black and white, colour says nothing: white, mid-grey and near-black stay
# apart on a photocopy, and black edges keep a white bar's outline. (A hatch would say it
# twice, at three times the drawing time, all of it holding the GIL.)
PRINT_GREYS = ("#ffffff", "#9a9a9a", "#202020")
PRINT_SIZE_INCHES = (7.0, 2.5)
PRINT_DPI = 150
BAR_WIDTH = 0.8
PRINT_TICKS = 8


def cramps_per_day_png(days: Sequence[DayCount]) -> bytes:
    """Stacked bars, one per day: mild at the bottom, severe on top; a light dot on a day
    whose night was confirmed free of cramps, and nothing where the night is unknown.

    A figure is a web of reference cycles: left to the collector, dozens of dead figures
    wait for a full collection that frees them all at once, 90 to 190 ms added to one
    unlucky /stats. Collected after each chart, one costs a couple of milliseconds.
    """
    png = _cramps_per_day(days)
    gc.collect()
    return png


def _cramps_per_day(days: Sequence[DayCount]) -> bytes:
    """As in `report_chart`, each severity is one collection of rectangles, not a patch per
    bar, and the margins are fixed rather than fitted by `tight_layout` (which draws the
    whole figure once more): /stats waits for this, so it is drawn once, lean."""
    from matplotlib.artist import Artist
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(figure)
    figure.subplots_adjust(left=0.07, right=0.98, top=0.92, bottom=0.08)
    axes = figure.add_subplot()
    half = BAR_WIDTH / 2
    handles: list[Artist] = []
    stack = _stack([Bar(day.day, day.mild, day.moderate, day.severe, False) for day in days])
    for layer, colour, label in zip(
        stack, SEVERITY_COLOURS, texts.SEVERITY_NAMES.values(), strict=True
    ):
        axes.add_collection(
            PolyCollection(
                [
                    [(x - half, y), (x + half, y), (x + half, y + h), (x - half, y + h)]
                    for x, y, h in layer
                ],
                facecolors=colour,
                edgecolors="none",
            )
        )
        handles.append(Patch(facecolor=colour, label=label))
    free = [index for index, day in enumerate(days) if day.cramp_free]
    if free:
        handles.extend(
            axes.plot(
                free,
                [0.12] * len(free),
                linestyle="none",
                marker="o",
                markersize=7,
                color=FREE_COLOUR,
                label=texts.CHART_FREE,
            )
        )
    last = len(days) - 1
    ticks = [index for index in range(len(days)) if (last - index) % LABEL_EVERY_DAYS == 0]
    axes.set_xticks(ticks, [texts.chart_day(days[index].day) for index in ticks])
    axes.set_xlim(-0.6, len(days) - 0.4)
    tallest = max((day.mild + day.moderate + day.severe for day in days), default=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max(tallest, 1) + 0.5)
    # A title placed by hand skips matplotlib's search for room above the axes: a third
    # of the drawing time, which /stats waits for.
    axes.set_title(texts.CHART_TITLE, y=1.0)
    axes.set_ylabel(texts.CHART_Y_LABEL)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(handles=handles, loc="upper left", frameon=False)
    buffer = io.BytesIO()
    # Flat colours compress well even at the fastest level, in a third of the time.
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _bar_label(bar: Bar, unit: BarUnit) -> str:
    return f"{bar.start:%b %Y}" if unit is BarUnit.MONTH else texts.chart_day(bar.start)


def _stack(bars: Sequence[Bar]) -> list[list[tuple[float, float, float]]]:
    """Each severity layer as (position, bottom, height), bars with none left out."""
    layers: list[list[tuple[float, float, float]]] = [[], [], []]
    for index, bar in enumerate(bars):
        bottom = 0
        for layer, height in zip(layers, (bar.mild, bar.moderate, bar.severe), strict=True):
            if height:
                layer.append((index, bottom, height))
            bottom += height
    return layers


def report_chart(bars: Sequence[Bar], unit: BarUnit) -> Image.Image:
    """The report's chart, greyscale, made for paper: severities stacked per day, week or
    month, and a mark under each night the user confirmed free of cramps. Its title is the
    PDF's text, above it, where a reader (or a screen reader) finds it.

    Each layer is one collection of rectangles rather than a patch per bar (a 90-day chart
    would otherwise build hundreds of artists), and the pixels go to the PDF as they are,
    with no PNG to encode and decode again.
    """
    from matplotlib.artist import Artist
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator
    from PIL import Image

    figure = Figure(figsize=PRINT_SIZE_INCHES, dpi=PRINT_DPI)
    canvas = FigureCanvasAgg(figure)
    figure.subplots_adjust(left=0.06, right=0.97, top=0.92, bottom=0.14)
    axes = figure.add_subplot()
    half = BAR_WIDTH / 2
    handles: list[Artist] = []
    for layer, grey, label in zip(
        _stack(bars), PRINT_GREYS, texts.SEVERITY_NAMES.values(), strict=True
    ):
        axes.add_collection(
            PolyCollection(
                [
                    [(x - half, y), (x + half, y), (x + half, y + h), (x - half, y + h)]
                    for x, y, h in layer
                ],
                facecolors=grey,
                edgecolors="black",
                linewidths=0.5,
            )
        )
        handles.append(Patch(facecolor=grey, edgecolor="black", linewidth=0.5, label=label))
    free = [index for index, bar in enumerate(bars) if bar.cramp_free]
    if free:
        handles.extend(
            axes.plot(
                free,
                [0] * len(free),
                linestyle="none",
                marker="o",
                markerfacecolor="white",
                markeredgecolor="black",
                clip_on=False,
                label=texts.PDF_CHART_FREE,
            )
        )
    step = max(1, -(-len(bars) // PRINT_TICKS))
    last = len(bars) - 1
    ticks = [index for index in range(len(bars)) if (last - index) % step == 0]
    axes.set_xticks(ticks, [_bar_label(bars[index], unit) for index in ticks])
    axes.set_xlim(-0.6, len(bars) - 0.4)
    tallest = max((bar.mild + bar.moderate + bar.severe for bar in bars), default=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max(tallest, 1) * 1.15)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    axes.legend(handles=handles, loc="upper left", frameon=False, fontsize=8, ncols=4)
    raw = io.BytesIO()
    figure.savefig(raw, format="raw")
    return Image.frombytes("RGBA", canvas.get_width_height(), raw.getvalue()).convert("L")
