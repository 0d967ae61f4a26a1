"""`present`: for a value that cannot be missing unless the database changed under us.

It replaces `assert x is not None`, which vanishes under `python -O`, with an error
that says what was missing.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class MissingRow(LookupError):
    """A row we had just written, or were told exists, could not be read back."""


def present(value: T | None, what: str) -> T:
    if value is None:
        raise MissingRow(f"{what} is missing")
    return value
