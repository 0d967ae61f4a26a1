"""The fuzz suite at length: 10,000 hostile updates from strangers against one bot.

    python -m bench fuzz [--scale 0.1]

The same generators (`tests/fuzz_updates.py`) and the same checks
(`tests/fuzz_harness.py`) as `tests/test_fuzz_e2e.py`, which runs a few thousand in
CI. Updates go in through the fake server's `getUpdates` in batches of 50; the real
Application answers over HTTP; after every batch the bench checks that nothing was
unhandled, no victim's data or team table changed, no victim or admin got a message,
every button press was answered, and no text shown reveals internals or the token.

The stall probe runs on the bot's loop, which here also serves the fake server (and the
checks between batches take the GIL from it): its figures are printed for reference,
with no target; the benches with the bot in a process of its own hold the target.
"""

from __future__ import annotations

import asyncio
import logging
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

from bench.report import Outcome, number, row, table
from bench.stall import STALL_FIGURE, StallProbe, Stalls
from tests.fuzz_harness import FuzzSession, Tally
from tests.fuzz_updates import FuzzUpdate, batches

UPDATES = 10_000
BATCH = 50
SHOWN_PROBLEMS = 10


async def _start(probe: StallProbe) -> None:
    probe.start()


def _fuzz(updates: int) -> tuple[Tally, Stalls]:
    """Hypothesis generates; nothing shrinks or stops early: every problem is counted."""
    probe = StallProbe()
    with (
        tempfile.TemporaryDirectory(prefix="bench-fuzz-") as directory,
        FuzzSession(Path(directory)) as session,
    ):

        @settings(
            max_examples=math.ceil(updates / BATCH),
            phases=[Phase.generate],
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(batches(session.targets, BATCH, min_size=BATCH))
        def feed(batch: list[FuzzUpdate]) -> None:
            session.feed(batch)

        session.on_loop(_start(probe))
        feed()
        session.on_loop(probe.stop())
        return session.tally, probe.figures()


def _zero(figure: str, value: int) -> list[str]:
    return row(figure, str(value), target="0", passed=value == 0)


async def run(scale: float) -> Outcome:
    # Every forged admin button is refused with a warning: thousands of lines of noise.
    for noisy in ("bot.admin.auth", "bot.core.buttons"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    tally, stalls = await asyncio.to_thread(_fuzz, max(BATCH, round(UPDATES * scale)))
    all_answered = tally.callbacks_answered == tally.callbacks
    rows = [
        row("updates fed", f"{tally.updates:,}"),
        _zero("unhandled exceptions", tally.unhandled),
        _zero("batches changing another user's data", tally.other_user_changes),
        _zero("batches with an admin action by a non-admin", tally.admin_actions),
        row(
            "callbacks answered / total",
            f"{tally.callbacks_answered:,} / {tally.callbacks:,}",
            target="all",
            passed=all_answered,
        ),
        _zero("messages with internal details", tally.leaks),
        row(
            "problems in all (first ones listed below)",
            str(len(tally.problems)),
            target="0",
            passed=not tally.problems,
        ),
        row("time taken (s)", number(tally.seconds)),
        row("updates per second", number(tally.updates / tally.seconds if tally.seconds else 0)),
        row(f"{STALL_FIGURE} (bot and server on one loop)", stalls.cell()),
    ]
    text = table(
        f"Fuzz: {tally.updates:,} hostile updates from strangers in batches of {BATCH}",
        ["figure", "value", "target", "result"],
        rows,
    )
    if tally.problems:
        text += "\nfirst problems:\n" + "\n".join(tally.problems[:SHOWN_PROBLEMS])
    return Outcome(
        name="fuzz",
        table=text,
        passed=tally.clean,
        figures={key: value for key, value in vars(tally).items() if key != "problems"}
        | {"problems": tally.problems[:100], "stalls": stalls.as_json()},
    )
