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
    assert ok.stdout.startswith("Content OK: 10 causes")
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
