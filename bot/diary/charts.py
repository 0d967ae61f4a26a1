"""The /stats chart, drawn headless as PNG bytes.

It draws on matplotlib's Agg canvas through the object API, never pyplot: pyplot keeps
global state, needs a backend chosen before import, and is not safe in the worker
threads the handlers render in. A figure bound to its own Agg canvas needs no display.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.diary import texts
from bot.diary.stats import DayCount

SEVERITY_COLOURS = ("#f2c14e", "#f08a24", "#c0392b")
LABEL_EVERY_DAYS = 5


def cramps_per_day_png(days: Sequence[DayCount]) -> bytes:
    """Stacked bars, one per day: mild at the bottom, severe on top."""
    figure = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(days)))
    bottom = [0] * len(days)
    layers = (
        [day.mild for day in days],
        [day.moderate for day in days],
        [day.severe for day in days],
    )
    for heights, colour, label in zip(
        layers, SEVERITY_COLOURS, texts.SEVERITY_NAMES.values(), strict=True
    ):
        axes.bar(positions, heights, bottom=bottom, color=colour, label=label, width=0.8)
        bottom = [below + height for below, height in zip(bottom, heights, strict=True)]
    last = len(days) - 1
    ticks = [index for index in positions if (last - index) % LABEL_EVERY_DAYS == 0]
    axes.set_xticks(ticks, [texts.chart_day(days[index].day) for index in ticks])
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max(max(bottom, default=0), 1) + 0.5)
    axes.set_title(texts.CHART_TITLE)
    axes.set_ylabel(texts.CHART_Y_LABEL)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
