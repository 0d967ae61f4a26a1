"""`python -m bench [NAME ...] [--scale F] [--json FILE]`: run benchmarks, print figures.

Exit status: 0 when every target is met, 1 when one is missed, 2 when a bench could
not run (its updates went unanswered, the server did not start, ...).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.process import HarnessError
from bench.report import Outcome

# Each bench is a module with `async def run(scale: float) -> Outcome`. They are
# imported only when run: every spawned child process imports this module too, and
# the bare bot's process must not carry our bot's modules.
BENCHES = {
    "interactive": "bench.interactive",
    "diary": "bench.diary",
    "daily": "bench.daily",
    "schedule": "bench.schedule",
    "broadcast": "bench.broadcast",
    "fuzz": "bench.fuzz",
    "faults": "bench.faults",
    "report": "bench.doctor_report",
    "bigdb": "bench.bigdb",
    "startup": "bench.startup",
}


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of: {', '.join(BENCHES)}")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="scale user and update counts and durations (0.1 for a quick run)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    unknown = [name for name in args.names if name not in BENCHES]
    if unknown:
        parser.error(f"no bench named {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    return args


def main(argv: list[str]) -> int:
    args = _arguments(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    outcomes: list[Outcome] = []
    for name in args.names or list(BENCHES):
        # Other work on the machine skews every figure; the load average says if there was any.
        load = os.getloadavg()[0]
        started = time.monotonic()
        run: Callable[[float], Awaitable[Outcome]] = importlib.import_module(BENCHES[name]).run
        try:
            outcome = asyncio.run(run(args.scale))
        except HarnessError as exc:
            print(f"{name}: could not run: {exc}", file=sys.stderr)
            return 2
        took = time.monotonic() - started
        print(
            f"{outcome.table}\n({name} took {took:.0f}s; load average before: {load:.2f})\n",
            flush=True,
        )
        outcomes.append(outcome)
    if args.json:
        args.json.write_text(json.dumps({o.name: o.figures for o in outcomes}, indent=2))
    return 0 if all(outcome.passed for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
