"""The typed-logging parser, phrase by phrase: what it reads, and what it leaves alone."""

from __future__ import annotations

import pytest

from bot.diary import answer_keyboards
from bot.diary.typed import Draft, NoCramps, Said, parse
from bot.diary.vocabulary import Muscle, Severity, Side

CALF, FOOT, THIGH = Muscle.CALF, Muscle.FOOT, Muscle.THIGH
LEFT, RIGHT, BOTH = Side.LEFT, Side.RIGHT, Side.BOTH
MILD, MODERATE, SEVERE = Severity.MILD, Severity.MODERATE, Severity.SEVERE
NIGHT, TONIGHT, NOW, EARLIER = Said.LAST_NIGHT, Said.TONIGHT, Said.NOW, Said.EARLIER
YESTERDAY, TWO_DAYS = Said.YESTERDAY, Said.TWO_DAYS_AGO

PHRASES: list[tuple[str, Draft | NoCramps | None]] = [
    # Cramps to log, with what each names.
    ("my left calf cramped badly last night", Draft(CALF, LEFT, SEVERE, NIGHT)),
    ("cramp in right foot, mild", Draft(FOOT, RIGHT, MILD)),
    ("cramp", Draft()),
    ("Cramp!", Draft()),
    ("cramps", Draft()),
    ("leg cramp", Draft()),
    ("calf cramp", Draft(CALF)),
    ("Left calf cramp just now", Draft(CALF, LEFT, None, NOW)),
    ("right thigh cramp, moderate", Draft(THIGH, RIGHT, MODERATE)),
    ("both calves cramped during the night", Draft(CALF, BOTH, None, NIGHT)),
    ("my calves cramped", Draft(CALF, BOTH)),
    ("cramp in both feet", Draft(FOOT, BOTH)),
    ("feet cramping badly", Draft(FOOT, BOTH, SEVERE)),
    ("severe cramp in my left hamstring overnight", Draft(THIGH, LEFT, SEVERE, NIGHT)),
    ("toes cramped up, a bit", Draft(FOOT, None, MILD)),
    ("cramp in the arch of my right foot", Draft(FOOT, RIGHT)),
    ("terrible cramp tonight", Draft(None, None, SEVERE, TONIGHT)),
    ("charley horse in my calf", Draft(CALF)),
    ("calf spasm this morning, not too bad", Draft(CALF, None, MILD, EARLIER)),
    ("cramped earlier, left calf", Draft(CALF, LEFT, None, EARLIER)),
    ("awful cramp right now", Draft(None, None, SEVERE, NOW)),
    ("RIGHT CALF CRAMP SEVERE", Draft(CALF, RIGHT, SEVERE)),
    ("quite bad cramp in my thigh", Draft(THIGH, None, MODERATE)),
    ("medium cramp, left foot", Draft(FOOT, LEFT, MODERATE)),
    ("cramp in my calf, not bad", Draft(CALF, None, MILD)),
    ("woke up with a cramp in the night", Draft(None, None, None, NIGHT)),
    ("really bad cramp in my right calf this afternoon", Draft(CALF, RIGHT, SEVERE, EARLIER)),
    ("my quads cramped after the run", Draft(THIGH, BOTH)),
    ("cramp in my left calf\u2019s lower part", Draft(CALF, LEFT)),
    # Words it does not know are skipped, never guessed: no field from them.
    ("cramp in my wibble, zorp", Draft()),
    ("cramp in my shin", Draft()),
    ("excruciating cramp yesterday", Draft(None, None, SEVERE, YESTERDAY)),
    ("left foot cramp 2 days ago", Draft(FOOT, LEFT, None, TWO_DAYS)),
    ("cramp in my right thigh the day before yesterday", Draft(THIGH, RIGHT, None, TWO_DAYS)),
    ("cramp in my calf 3 days ago", Draft(CALF)),
    # Nights without cramps.
    ("no cramps tonight", NoCramps(TONIGHT)),
    ("no cramps last night", NoCramps(NIGHT)),
    ("No cramps last night!", NoCramps(NIGHT)),
    ("no cramp", NoCramps()),
    ("I had no leg cramps last night", NoCramps(NIGHT)),
    ("didn't cramp last night", NoCramps(NIGHT)),
    ("I didn\u2019t cramp tonight", NoCramps(TONIGHT)),
    ("slept without cramps last night", NoCramps(NIGHT)),
    ("cramp-free night", NoCramps()),
    ("cramp free last night", NoCramps(NIGHT)),
    ("not cramped at all last night", NoCramps(NIGHT)),
    # Not about logging a cramp: nothing logged, the help instead.
    ("my calf is fine", None),
    ("not a cramp, just sore", None),
    ("it wasn't a cramp", None),
    ("hello", None),
    ("thanks!", None),
    ("my leg hurts", None),
    ("what causes cramps?", None),
    ("why do my calves cramp at night", None),
    ("how can I stop cramps", None),
    ("", None),
    ("   ", None),
    ("cramp " * 100, None),
]


@pytest.mark.parametrize(("text", "expected"), PHRASES)
def test_phrase(text: str, expected: Draft | NoCramps | None) -> None:
    assert parse(text) == expected


def test_the_table_covers_at_least_forty_phrasings_with_negatives() -> None:
    assert len(PHRASES) >= 40
    assert sum(isinstance(expected, NoCramps) for _, expected in PHRASES) >= 8
    assert sum(expected is None for _, expected in PHRASES) >= 8


def test_the_drafts_choices_are_the_diarys_words() -> None:
    """The draft's button fields list the vocabulary by hand (their Literal types need it)."""
    assert tuple(Muscle) == answer_keyboards.MUSCLES
    assert tuple(Side) == answer_keyboards.SIDES
    assert tuple(Severity) == answer_keyboards.SEVERITIES
