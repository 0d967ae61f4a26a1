"""`python -m bench.probed_bot [ARGS]`: `python -m bot [ARGS]`, with the stall probe on
the bot's event loop, for the benches that run the bot exactly as operators do.

The figures go to the JSON file named by `BENCH_STALLS` twice a second and when the loop
closes (written whole, then renamed), so a bench that kills the process with SIGKILL
loses at most the last half second. Each process writes its own file; the bench reads
them all with `read_stalls`.
"""

from __future__ import annotations

import asyncio
import json
import os
import runpy
from pathlib import Path

from bench.stall import StallProbe, Stalls

ENVIRONMENT = "BENCH_STALLS"
WRITE_EVERY = 0.5


def _write(probe: StallProbe, path: Path) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(probe.figures().as_json()))
    partial.replace(path)


async def _keep_writing(probe: StallProbe, path: Path) -> None:
    try:
        while True:
            await asyncio.sleep(WRITE_EVERY)
            _write(probe, path)
    finally:
        _write(probe, path)


class _ProbedLoops(asyncio.DefaultEventLoopPolicy):
    """Every loop the bot makes (python-telegram-bot's `run_polling` makes one) starts
    the probe and its writer as its first callbacks."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        loop = super().new_event_loop()
        probe = StallProbe()

        def start() -> None:
            probe.start()
            loop.create_task(_keep_writing(probe, self._path))

        loop.call_soon(start)
        return loop


def read_stalls(directory: Path) -> Stalls:
    """Every probed process's figures in `directory`, as one."""
    return Stalls.worst(
        Stalls.from_json(json.loads(path.read_text())) for path in directory.glob("*.json")
    )


def stall_file(directory: Path) -> Path:
    """A new file name in `directory` for one more process."""
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"stalls-{len(list(directory.glob('*.json')))}-{os.urandom(4).hex()}.json"


if __name__ == "__main__":
    asyncio.set_event_loop_policy(_ProbedLoops(Path(os.environ[ENVIRONMENT])))
    runpy.run_module("bot", run_name="__main__", alter_sys=True)
