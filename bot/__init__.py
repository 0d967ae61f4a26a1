"""The leg-cramp companion: a Telegram bot for people who suffer from leg cramps."""

import sys

if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
    # sqlite-utils imports numpy if it is installed, only to map numpy types to column
    # types, which the bot never stores. matplotlib installs numpy, and the bot would pay
    # 45 ms of start-up and 15 MB for nothing; numpy is hidden while sqlite-utils loads
    # (it then maps plain Python types only). Whatever imports numpy later (timezonefinder
    # on the first shared location, matplotlib in the drawing process) gets it as usual.
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]
