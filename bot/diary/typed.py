"""Reading a typed message as a cramp to log, a cramp-free night, or neither.

English only and rule-based, so it runs offline and its answers can be tested line by
line: a fixed vocabulary of words, each mapped to one field. A word outside it is
skipped, never guessed at; a field no word named stays empty, for the user to pick. A
question ("what causes cramps?") is not a report, nor is a message without a cramp word
("my calf is fine") or one that says what it was not ("not a cramp, just sore"): all get
None, and the help.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.diary.vocabulary import Muscle, Severity, Side

MAX_LENGTH = 300
"""Longer messages are letters, not log lines: they get the help, not a guessed entry."""


class Said(StrEnum):
    """When the message says it happened, in its own words; the handler maps these to the
    diary's kinds of "when" by the local time (a "tonight" typed at 02:00 is this night)."""

    NOW = "now"
    LAST_NIGHT = "last-night"
    TONIGHT = "tonight"
    EARLIER = "earlier"
    YESTERDAY = "yesterday"
    TWO_DAYS_AGO = "two-days-ago"


@dataclass(frozen=True, slots=True)
class Draft:
    """A cramp to confirm: None where the message named nothing."""

    muscle: Muscle | None = None
    side: Side | None = None
    severity: Severity | None = None
    said: Said | None = None


@dataclass(frozen=True, slots=True)
class NoCramps:
    """ "No cramps last night": which night is the handler's question, by the clock."""

    said: Said | None = None


_CRAMP = re.compile(r"^(cramp|cramps|cramped|cramping|crampy|charley|charlie|spasm|spasms)$")
_QUESTION_WORDS = frozenset(
    {"what", "why", "how", "when", "can", "could", "should", "do", "does", "is", "are", "will"}
)
_NEGATORS = frozenset({"no", "without", "zero", "none"})
_VERB_NEGATORS = frozenset(
    {"not", "didnt", "didn't", "never", "havent", "haven't", "hasnt", "hasn't", "wasnt", "wasn't"}
)
_FILLERS = frozenset({"any", "leg", "calf", "foot", "thigh", "more", "a", "single", "night"})

_MUSCLES = {
    "calf": (Muscle.CALF, None),
    "calves": (Muscle.CALF, Side.BOTH),
    "calfs": (Muscle.CALF, Side.BOTH),
    "foot": (Muscle.FOOT, None),
    "feet": (Muscle.FOOT, Side.BOTH),
    "toe": (Muscle.FOOT, None),
    "toes": (Muscle.FOOT, None),
    "arch": (Muscle.FOOT, None),
    "sole": (Muscle.FOOT, None),
    "thigh": (Muscle.THIGH, None),
    "thighs": (Muscle.THIGH, Side.BOTH),
    "hamstring": (Muscle.THIGH, None),
    "hamstrings": (Muscle.THIGH, Side.BOTH),
    "quad": (Muscle.THIGH, None),
    "quads": (Muscle.THIGH, Side.BOTH),
}
_SIDES = {"left": Side.LEFT, "right": Side.RIGHT, "both": Side.BOTH}
_SEVERITIES = {
    "mild": Severity.MILD,
    "slight": Severity.MILD,
    "light": Severity.MILD,
    "minor": Severity.MILD,
    "small": Severity.MILD,
    "moderate": Severity.MODERATE,
    "medium": Severity.MODERATE,
    "severe": Severity.SEVERE,
    "bad": Severity.SEVERE,
    "badly": Severity.SEVERE,
    "terrible": Severity.SEVERE,
    "awful": Severity.SEVERE,
    "horrible": Severity.SEVERE,
    "agonising": Severity.SEVERE,
    "agonizing": Severity.SEVERE,
    "excruciating": Severity.SEVERE,
    "intense": Severity.SEVERE,
    "worst": Severity.SEVERE,
}
_PHRASES: tuple[tuple[tuple[str, ...], Said | Severity], ...] = (
    (("last", "night"), Said.LAST_NIGHT),
    (("during", "the", "night"), Said.LAST_NIGHT),
    (("in", "the", "night"), Said.LAST_NIGHT),
    (("overnight",), Said.LAST_NIGHT),
    (("tonight",), Said.TONIGHT),
    (("just", "now"), Said.NOW),
    (("right", "now"), Said.NOW),
    (("now",), Said.NOW),
    (("earlier",), Said.EARLIER),
    (("the", "day", "before", "yesterday"), Said.TWO_DAYS_AGO),
    (("two", "days", "ago"), Said.TWO_DAYS_AGO),
    (("2", "days", "ago"), Said.TWO_DAYS_AGO),
    (("yesterday",), Said.YESTERDAY),
    (("this", "morning"), Said.EARLIER),
    (("this", "afternoon"), Said.EARLIER),
    (("not", "too", "bad"), Severity.MILD),
    (("not", "that", "bad"), Severity.MILD),
    (("not", "so", "bad"), Severity.MILD),
    (("not", "bad"), Severity.MILD),
    (("a", "bit"), Severity.MILD),
    (("a", "little"), Severity.MILD),
    (("really", "bad"), Severity.SEVERE),
    (("very", "bad"), Severity.SEVERE),
    (("pretty", "bad"), Severity.MODERATE),
    (("quite", "bad"), Severity.MODERATE),
)
"""Longest first where they overlap: "not too bad" is mild, not "bad"."""


def _words(text: str) -> list[str]:
    """Lower-case words; "didn't" stays one word, "calf's" is "calf"."""
    found = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("\u2019", "'"))
    return [word.removesuffix("'s") for word in found]


def _is_question(text: str, words: list[str]) -> bool:
    return text.rstrip().endswith("?") or words[0] in _QUESTION_WORDS


class Mention(StrEnum):
    """What a message says about one cramp word in it."""

    REPORTED = "reported"
    NONE_HAD = "none-had"
    """ "no cramps", "didn't cramp", "without cramps", "cramp-free"."""
    DENIED = "denied"
    """ "not a cramp": something else happened, and nothing is said about cramps."""


def _mention(words: list[str], at: int) -> Mention:
    """How the cramp word at `at` is meant, from the words just before it (skipping words
    like "any" or "leg" in between) or a "free" just after it."""
    if at + 1 < len(words) and words[at + 1] == "free":
        return Mention.NONE_HAD
    index = at - 1
    while index >= 0 and words[index] in _FILLERS:
        index -= 1
    if index < 0:
        return Mention.REPORTED
    if words[index] in _NEGATORS:
        return Mention.NONE_HAD
    if words[index] not in _VERB_NEGATORS or index < at - 2:
        return Mention.REPORTED
    return Mention.DENIED if words[at - 1] == "a" else Mention.NONE_HAD


def parse(text: str) -> Draft | NoCramps | None:
    if len(text) > MAX_LENGTH:
        return None
    words = _words(text)
    if not words or _is_question(text, words):
        return None
    cramps = [index for index, word in enumerate(words) if _CRAMP.match(word)]
    if not cramps:
        return None
    said: Said | None = None
    severity: Severity | None = None
    muscle: Muscle | None = None
    side: Side | None = None
    index = 0
    while index < len(words):
        for phrase, meaning in _PHRASES:
            if tuple(words[index : index + len(phrase)]) == phrase:
                if isinstance(meaning, Said):
                    said = said or meaning
                else:
                    severity = severity or meaning
                index += len(phrase)
                break
        else:
            word = words[index]
            if word in _MUSCLES and muscle is None:
                muscle, plural_side = _MUSCLES[word]
                side = side or plural_side
            elif word in _SIDES and side is None:
                side = _SIDES[word]
            elif word in _SEVERITIES and severity is None:
                severity = _SEVERITIES[word]
            index += 1
    mentions = {_mention(words, at) for at in cramps}
    if Mention.REPORTED in mentions:
        return Draft(muscle, side, severity, said)
    return NoCramps(said) if Mention.NONE_HAD in mentions else None
