"""The bot as an operator runs it: `python -m bot` in a process of its own.

For what only a real process shows: signals (SIGTERM, kill -9), exit codes, what the
operator reads on the console, and two processes on one database. The fake Bot API
server stays in the test's event loop; the child talks to it over real HTTP, on the
system clock.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.support import TOKEN

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def bot_environment(server_url: str, db_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: only what the bot reads, plus what the test adds."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(PROJECT_ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": server_url,
        "DATABASE_PATH": str(db_path),
        "ADMIN_IDS": "42",
        "LOG_LEVEL": "INFO",
    }
    return env | extra


class BotProcess:
    """One `python -m bot [args]` child; its console output goes to a file."""

    def __init__(self, env: dict[str, str], workdir: Path, *args: str) -> None:
        self._env = env
        self._workdir = workdir
        self._args = args
        self._process: asyncio.subprocess.Process | None = None
        workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / f"bot-{id(self)}.log"

    async def start(self) -> BotProcess:
        log = self.log_path.open("ab")
        try:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                *self._args,
                cwd=self._workdir,
                env=self._env,
                stdout=log,
                stderr=log,
            )
        finally:
            log.close()
        return self

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    @property
    def output(self) -> str:
        """Everything the process printed so far (stdout and stderr)."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def signal(self, signum: signal.Signals) -> None:
        assert self._process is not None
        if self._process.returncode is None:
            self._process.send_signal(signum)

    async def wait(self, within: float = 15.0) -> int:
        """The exit code; fails the test if the process has not ended in time."""
        assert self._process is not None
        try:
            return await asyncio.wait_for(self._process.wait(), within)
        except TimeoutError:
            self._process.kill()
            await self._process.wait()
            raise AssertionError(
                f"the bot did not exit within {within}s; it printed:\n{self.output}"
            ) from None

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
