"""The content: what ships is complete and valid; broken files are named precisely."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import DEFAULT_CONTENT_DIR
from bot.knowledge.content import TRIGGER_TAGS, ContentError, load_catalogue
from tests.bot_process import HANG_GUARD

ROOT = Path(__file__).resolve().parent.parent

REQUIRED_CAUSES = {
    "dehydration",
    "overuse",
    "low-minerals",
    "medications",
    "medical-conditions",
    "footwear-foot-position",
    "nerve-compression",
    "age-hormones",
    "stress-anxiety",
}


def test_shipped_content_covers_the_sources() -> None:
    catalogue = load_catalogue(DEFAULT_CONTENT_DIR)
    assert {item.id for item in catalogue.causes} >= REQUIRED_CAUSES
    assert len(catalogue.tips) >= 9
    for item in catalogue.causes + catalogue.tips:
        assert item.source, item.id
        for ref in item.source:
            assert ref.document in catalogue.documents
    assert {tag for tip in catalogue.tips for tag in tip.tags} == set(TRIGGER_TAGS)
    assert catalogue.tip("medical-attention").see_doctor  # type: ignore[union-attr]


def test_what_a_cramp_is_opens_the_causes() -> None:
    first = load_catalogue(DEFAULT_CONTENT_DIR).causes[0]
    assert (first.id, first.title) == ("what-is-a-cramp", "What a leg cramp is")
    assert [(ref.document, ref.section) for ref in first.source] == [
        ("unveiled", "The Physiology of a Leg Cramp"),
        ("contractions", "Opening paragraphs"),
    ]


def test_nerve_compression_sends_to_a_doctor() -> None:
    """One article counts it among medical conditions; the other says to see a doctor then."""
    cause = load_catalogue(DEFAULT_CONTENT_DIR).cause("nerve-compression")
    assert cause is not None and cause.see_doctor
    assert ("contractions", "Tip 4: Medical attention") in [
        (ref.document, ref.section) for ref in cause.source
    ]


def test_untitled_document_is_described_not_titled() -> None:
    documents = load_catalogue(DEFAULT_CONTENT_DIR).documents
    assert documents["contractions"].title is None
    assert documents["contractions"].description == "An untitled short article on leg contractions"
    assert documents["unveiled"].title == "Leg Cramps Unveiled: Exploring the Hidden Triggers"


def test_sentences_in_unheaded_paragraphs_are_cited_as_after_their_section() -> None:
    catalogue = load_catalogue(DEFAULT_CONTENT_DIR)
    for item in (catalogue.cause("long-sitting"), catalogue.tip("break-up-sitting")):
        assert item is not None
        ref = item.source[0]
        assert (ref.section, ref.part) == ("Mineral Deficiencies", "paragraphs after"), item.id


@pytest.mark.parametrize(
    ("tip_id", "overclaim"),
    [
        ("toes-in-bed", "Try not to"),
        ("toes-in-bed", "can help"),
        ("break-up-sitting", "Try not to"),
        ("break-up-sitting", "helps you avoid"),
        ("medical-attention", "key step"),
        ("medical-attention", "Getting that problem looked after can help"),
    ],
)
def test_no_advice_the_sources_do_not_give(tip_id: str, overclaim: str) -> None:
    tip = load_catalogue(DEFAULT_CONTENT_DIR).tip(tip_id)
    assert tip is not None
    assert overclaim not in f"{tip.title} {tip.short} {tip.detail}"


def test_only_drinking_answers_dehydration() -> None:
    """For dehydration the articles say to drink, not to take minerals."""
    tips = load_catalogue(DEFAULT_CONTENT_DIR).tips
    assert [tip.id for tip in tips if "dehydration" in tip.tags] == ["drink-water"]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, target)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("tips.toml", 'id = "stretch"', 'id = "dehydration"', "item 'dehydration': id is already"),
        ("causes.toml", 'id = "overuse"', 'id = "Over Use!"', "item 'Over Use!': id"),
        (
            "tips.toml",
            'title = "Stretch your leg muscles"',
            'title = "' + "x" * 60 + '"',
            "item 'stretch': title",
        ),
        (
            "tips.toml",
            'document = "contractions"',
            'document = "nowhere"',
            "source document 'nowhere'",
        ),
        ("tips.toml", 'tags = ["dehydration"]', 'tags = ["moonlight"]', "item 'drink-water': tags"),
        ("causes.toml", "[[item]]", "[[item]\n", "not valid TOML"),
        ("sources.toml", "[[document]]", "[[doc]]", "expected at least one [[document]]"),
        (
            "causes.toml",
            'part = "paragraphs after"',
            'part = "somewhere"',
            "item 'nerve-compression': source.1.part: Input should be 'section' or",
        ),
        (
            "sources.toml",
            'description = "An untitled',
            'title = "Made up"\ndescription = "An untitled',
            "item 'contractions': give the document's own title, or a description",
        ),
        (
            "sources.toml",
            'description = "An untitled short article on leg contractions"',
            "",
            "item 'contractions': give the document's own title, or a description",
        ),
    ],
)
def test_broken_content_names_file_and_item(
    content: Path, file: str, old: str, new: str, expected: str
) -> None:
    replace_in(content / file, old, new)
    with pytest.raises(ContentError) as caught:
        load_catalogue(content)
    assert str(caught.value).startswith(str(content / file))
    assert expected in str(caught.value)


def test_missing_field_is_named(content: Path) -> None:
    path = content / "causes.toml"
    lines = path.read_text().splitlines()
    first_short = next(i for i, line in enumerate(lines) if line.startswith("short"))
    del lines[first_short]
    path.write_text("\n".join(lines))
    with pytest.raises(ContentError, match=r"causes.toml: item '[a-z-]+': short: Field required"):
        load_catalogue(content)


def cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )


@pytest.mark.slow
def test_content_check_command(content: Path) -> None:
    ok = cli("content", "check", "--directory", str(content))
    assert ok.returncode == 0
    assert ok.stdout.startswith("Content OK: 11 causes")
    replace_in(content / "tips.toml", 'id = "stretch"', 'id = "drink-water"')
    bad = cli("content", "check", "--directory", str(content))
    assert bad.returncode == 2
    assert bad.stderr.strip().startswith(f"Content error: {content / 'tips.toml'}: item")
    assert "Traceback" not in bad.stderr


@pytest.mark.slow
def test_bot_refuses_to_start_with_broken_content(content: Path, tmp_path: Path) -> None:
    (content / "tips.toml").write_text("")
    result = cli(
        TELEGRAM_BOT_TOKEN="123456789:TEST-token-abcdefghijklmnopqrstuvwxyz",
        CONTENT_DIR=str(content),
        DATABASE_PATH=str(tmp_path / "db.sqlite3"),
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("Content error:")
    assert "tips.toml" in result.stderr and "Traceback" not in result.stderr
