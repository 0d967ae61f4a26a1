"""The bot as an operator runs it: `python -m bot` in a process of its own.

For what only a real process shows: signals (SIGTERM, kill -9), exit codes, what the
operator reads on the console, and two processes on one database. The fake Bot API
server stays in the test's event loop; the child talks to it over real HTTP, on the
system clock.

A child's start-up (importing python-telegram-bot and matplotlib, opening the database)
takes a few seconds on a quiet machine and many more on a loaded one, so no test gives
it a time budget: a test waits for the child's own signal that it serves
(`BotProcess.serving`), or for it to exit. `HANG_GUARD` only ends a test whose child is
stuck.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.support import TOKEN

PROJECT_ROOT = Path(__file__).resolve().parent.parent

HANG_GUARD = 120.0
"""Seconds before a wait on a child fails: far beyond any slow machine, so it trips
only on a hang, never on load."""

SERVING = "Application started"
"""python-telegram-bot's INFO line (`bot_environment` logs at INFO) once polling runs, or
the webhook server listens, and the application has started: from then on the child
answers updates."""

_CHUNK = 64 * 1024


def bot_environment(server_url: str, db_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: only what the bot reads, plus what the test adds.

    The daily run and broadcasts go on a second after the child starts
    (RESUME_AFTER_SECONDS=1): the tests that kill and restart a child six times would
    otherwise wait out the 2 s default at each start."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(PROJECT_ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": server_url,
        "DATABASE_PATH": str(db_path),
        "ADMIN_IDS": "42",
        "LOG_LEVEL": "INFO",
        "RESUME_AFTER_SECONDS": "1",
    }
    return env | extra


class BotProcess:
    """One `python -m bot [args]` child; its console output (stdout and stderr) is read
    as it comes, so a test can wait for a line."""

    def __init__(self, env: dict[str, str], workdir: Path, *args: str, module: str = "bot") -> None:
        """`module` is what `python -m` runs: the benches run `bench.probed_bot`, the bot
        with a stall probe on its loop."""
        self._env = env
        self._workdir = workdir
        self._args = args
        self._module = module
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._chunks: list[str] = []
        self._more = asyncio.Event()
        self._ended = False
        workdir.mkdir(parents=True, exist_ok=True)

    async def start(self) -> BotProcess:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            self._module,
            *self._args,
            cwd=self._workdir,
            env=self._env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        assert self._process.stdout is not None
        self._reader = asyncio.create_task(self._read(self._process.stdout))
        return self

    async def _read(self, stream: asyncio.StreamReader) -> None:
        while chunk := await stream.read(_CHUNK):
            self._chunks.append(chunk.decode(errors="replace"))
            self._more.set()
        self._ended = True
        self._more.set()

    @property
    def _running(self) -> asyncio.subprocess.Process:
        if self._process is None:
            raise RuntimeError("the bot process was never started")
        return self._process

    @property
    def pid(self) -> int:
        return self._running.pid

    @property
    def output(self) -> str:
        """Everything the process printed so far (stdout and stderr)."""
        return "".join(self._chunks)

    async def serving(self, within: float = HANG_GUARD) -> BotProcess:
        """Wait until the child serves updates: it has printed `SERVING`.

        Fails at once, with the child's output, if it ends its output (exits) first.
        """
        try:
            async with asyncio.timeout(within):
                while SERVING not in self.output:
                    if self._ended:
                        raise AssertionError(
                            f"the bot stopped before it served; it printed:\n{self.output}"
                        )
                    self._more.clear()
                    await self._more.wait()
        except TimeoutError:
            raise AssertionError(
                f"the bot did not start serving within {within}s; it printed:\n{self.output}"
            ) from None
        return self

    def signal(self, signum: signal.Signals) -> None:
        if self._running.returncode is None:
            self._running.send_signal(signum)

    async def wait(self, within: float = HANG_GUARD) -> int:
        """The exit code, once all the output is read; fails the test if the process has
        not ended in time."""
        process = self._running
        try:
            async with asyncio.timeout(within):
                code = await process.wait()
                await self._drained()
        except TimeoutError:
            process.kill()
            await process.wait()
            await self._drained()
            raise AssertionError(
                f"the bot did not exit within {within}s; it printed:\n{self.output}"
            ) from None
        return code

    async def _drained(self) -> None:
        if self._reader is not None:
            await self._reader

    async def kill(self) -> None:
        """kill -9: no cleanup of any kind runs."""
        self.signal(signal.SIGKILL)
        await self.wait()

    async def __aenter__(self) -> BotProcess:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        if self._process is not None and self._process.returncode is None:
            self._process.kill()
            await self._process.wait()
        await self._drained()
