"""What `python -m bot` does before its event loop runs, so the loop's first updates do
not wait for it (issue 18)."""

from __future__ import annotations

import subprocess
import sys

from tests.bot_process import PROJECT_ROOT

BACKEND = "anyio._backends._asyncio"


def test_the_http_stack_is_imported_before_the_loop_starts() -> None:
    """Imported by the first request instead, it held the loop for 30-40 ms at every start."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from bot.core.serve import import_http_backend; "
            f"before = {BACKEND!r} in sys.modules; import_http_backend(); "
            f"print(before, {BACKEND!r} in sys.modules)",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.split() == ["False", "True"]
