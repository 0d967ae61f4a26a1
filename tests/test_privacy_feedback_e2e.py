"""Issue 13, items 8-10: /privacy tells the truth, /feedback reaches the team and back,
and the bot's description is set before anyone presses Start."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.__main__ import cli
from bot.account import texts as account_texts
from bot.account.feedback_store import FEEDBACK_PER_DAY
from bot.admin import texts as admin_texts
from bot.config import Config
from bot.core import texts as core_texts
from tests.admin_support import ADA, GRACE
from tests.diary_support import log_cramp
from tests.fake_bot_api import FakeBotApi, FakeUser, Recorded
from tests.support import Driver, FakeClock, running_bot

# -- 8. /privacy ----------------------------------------------------------------------

STORED_TABLES = {
    "_sqlite_migrations",
    "users",
    "cramp_entries",
    "diary_red_flags",
    "deliveries",
    "tip_rotation",
    "admin_tips",
    "broadcasts",
    "broadcast_recipients",
    "broadcast_forgotten",  # counts per outcome only, for the report: nobody's id
    "instance_lock",
    "open_messages",
    "feedback",
    "feedback_copies",
    "restore_point",  # only in a backup copy's first start: when the snapshot was taken
    "sqlite_sequence",  # SQLite's own: the highest diary entry id ever handed out
    "admin_menus",  # the team's chats that have the admin menu; no user's
    "handled_updates",  # Telegram's update numbers and when they were handled; no user id
    "cramp_free_nights",  # the nights a user said were free of cramps; part of the diary
    "schedules",  # each user's tip, check-in, bedtime and weekly times, days, silence
    "bedtime_rotation",  # which bedtime tips a user has had in the current round
    "checkin_answers",  # the morning check-in's answer per night
    "entry_triggers",  # each diary entry's triggers; erased with the entry
    "entry_tried",  # what the user did for each cramp; erased with the entry
    "pending_prompts",  # the question waiting for a typed answer, for 15 minutes
    "audience_counts",  # how many subscribe and how many blocked the bot; nobody's id
    "broadcast_tally",  # a broadcast's recipients counted per status; nobody's id
    "tips_sent_per_day",  # how many daily tips went out each day; nobody's id
}
"""Every table /privacy accounts for: a new one means /privacy must be read again."""

DIARY_COLUMNS = {
    "id",
    "user_id",
    "logged_at",
    "happened_at",
    "local_date",
    "when_kind",
    "muscle",
    "side",
    "severity",
    "woke",
    "flow_message_id",
    "day_part",
    "place",
    "duration",
    "helped",
    "note",
    "closed_at",
}
"""/privacy names the diary's typed words (a note, the name of a place): these are all its
columns."""


async def test_privacy_says_what_is_kept_and_how_to_erase_it(bot: Driver, alice: FakeUser) -> None:
    reply = await bot.send(alice, "/privacy")
    assert reply.text == account_texts.PRIVACY
    for claim in ("/export", "/forget", "/history", "coordinates", "backups", "feedback"):
        assert claim in reply.text
    assert "privacy" in [name for name, _ in account_texts.COMMANDS]
    assert "/privacy" in (await bot.send(alice, "/help")).text


async def test_privacy_matches_what_the_database_holds(bot: Driver) -> None:
    assert set(bot.db.table_names()) == STORED_TABLES
    assert set(bot.db["cramp_entries"].columns_dict) == DIARY_COLUMNS
    assert set(bot.db["feedback"].columns_dict) == {"id", "user_id", "sent_at"}


async def test_forget_reaches_everything_privacy_lists(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    await log_cramp(bot, alice)
    await bot.send(alice, "/log")  # an open flow
    await bot.send(alice, "/timezone")  # an open zone offer
    bot.server.inject_message(alice, "", location={"latitude": 40.7128, "longitude": -74.006})
    await bot.settle()
    await bot.send(alice, "/feedback Lovely bot, quite secret words")
    dump = "\n".join(bot.db.iterdump())
    assert "40.71" not in dump and "74.00" not in dump  # the location is not kept
    assert "quite secret words" not in dump  # feedback text is not kept
    confirm = await bot.send(alice, "/forget")
    since = bot.mark()
    await bot.press(alice, confirm.button("Yes")["callback_data"], confirm)
    await bot.edit_after(alice, since)
    for table in STORED_TABLES:
        if "user_id" in bot.db[table].columns_dict:
            assert bot.db[table].count_where("user_id = ?", [alice.id]) == 0, table
    assert bot.db["feedback_copies"].count == 0


# -- 9. /feedback ---------------------------------------------------------------------


async def send_feedback(bot: Driver, user: FakeUser, text: str) -> tuple[Recorded, list[Recorded]]:
    """The sender's answer, and the copies the admins got."""
    since = bot.mark()
    bot.server.inject_message(user, f"/feedback {text}")
    await bot.settle()
    (answer,) = bot.server.sent_to(user.id, since)
    copies = bot.server.sent_to(ADA.id, since) + bot.server.sent_to(GRACE.id, since)
    return answer, copies


async def test_feedback_reaches_every_admin_with_the_senders_id(
    bot: Driver, alice: FakeUser
) -> None:
    answer, copies = await send_feedback(bot, alice, "The <b>stretch</b> tip helped")
    assert answer.text == account_texts.FEEDBACK_THANKS
    assert [copy.chat_id for copy in copies] == [ADA.id, GRACE.id]
    for copy in copies:
        assert copy.text == admin_texts.feedback_copy(
            alice.id, "Alice", "The <b>stretch</b> tip helped"
        )
        assert "<code>1001</code>" in copy.text and "&lt;b&gt;stretch" in copy.text


async def test_feedback_is_limited_per_day(
    bot: Driver, clock: FakeClock, alice: FakeUser, bob: FakeUser
) -> None:
    for n in range(FEEDBACK_PER_DAY):
        answer, copies = await send_feedback(bot, alice, f"note {n}")
        assert answer.text == account_texts.FEEDBACK_THANKS and len(copies) == 2
    answer, copies = await send_feedback(bot, alice, "one too many")
    assert answer.text == account_texts.feedback_limit(FEEDBACK_PER_DAY) and copies == []
    answer, copies = await send_feedback(bot, bob, "someone else")
    assert answer.text == account_texts.FEEDBACK_THANKS and len(copies) == 2
    clock.advance(hours=24)
    answer, copies = await send_feedback(bot, alice, "next day")
    assert answer.text == account_texts.FEEDBACK_THANKS and len(copies) == 2


async def test_feedback_without_text_or_too_long_explains(bot: Driver, alice: FakeUser) -> None:
    assert (await bot.send(alice, "/feedback")).text == account_texts.FEEDBACK_USAGE
    long = "x" * (account_texts.FEEDBACK_MAX_LENGTH + 1)
    assert (await bot.send(alice, f"/feedback {long}")).text == account_texts.feedback_too_long(
        len(long)
    )
    assert bot.db["feedback"].count == 0


async def test_feedback_no_admin_can_receive_is_not_counted(bot: Driver, alice: FakeUser) -> None:
    bot.server.blocked_chats |= {ADA.id, GRACE.id}
    answer, _ = await send_feedback(bot, alice, "anyone there?")
    assert answer.text == account_texts.FEEDBACK_UNDELIVERED
    assert bot.db["feedback"].count == 0


async def reply_to(bot: Driver, user: FakeUser, message: Recorded, text: str) -> None:
    stored = bot.server.messages[(message.chat_id or 0, message.message_id)]
    bot.server.inject_message(user, text, reply_to_message=stored)
    await bot.settle()


async def test_an_admins_reply_reaches_the_sender(bot: Driver, alice: FakeUser) -> None:
    _, copies = await send_feedback(bot, alice, "Can I log cramps from yesterday?")
    grace_copy = copies[1]
    since = bot.mark()
    await reply_to(bot, GRACE, grace_copy, "Yes: pick “Earlier today” <or> later.")
    (relayed,) = bot.server.sent_to(alice.id, since)
    assert relayed.text == admin_texts.feedback_answer("Yes: pick “Earlier today” <or> later.")
    (ack,) = bot.server.sent_to(GRACE.id, since)
    assert ack.text == admin_texts.feedback_answer_sent(alice.id)


async def test_replies_that_are_not_answers_to_feedback(
    bot: Driver, alice: FakeUser, bob: FakeUser
) -> None:
    _, copies = await send_feedback(bot, alice, "hello team")
    since = bot.mark()
    bob_help = await bot.send(bob, "/help")
    await reply_to(bot, bob, bob_help, "what?")
    assert [r.text for r in bot.server.sent_to(bob.id, since)][-1] == core_texts.PLAIN_TEXT_HINT

    confirm = await bot.send(alice, "/forget")
    await bot.press(alice, confirm.button("Yes")["callback_data"], confirm)
    await bot.settle()
    since = bot.mark()
    await reply_to(bot, ADA, copies[0], "Thanks!")
    assert bot.server.sent_to(alice.id, since) == []
    assert [r.text for r in bot.server.sent_to(ADA.id, since)] == [admin_texts.FEEDBACK_SENDER_GONE]


# -- 10. The bot's description --------------------------------------------------------


async def test_descriptions_are_set_at_start_only_when_changed(
    config: Config, server: FakeBotApi, clock: FakeClock
) -> None:
    async with running_bot(config, server, clock):
        pass
    assert server.profile == {
        "description": account_texts.DESCRIPTION,
        "short_description": account_texts.SHORT_DESCRIPTION,
    }
    assert len(server.calls("setMyDescription")) == 1
    assert len(server.calls("setMyShortDescription")) == 1
    since = len(server.requests)
    async with running_bot(config, server, clock):
        pass
    assert server.calls("getMyDescription", since=since)
    assert server.calls("setMyDescription", since=since) == []
    assert server.calls("setMyShortDescription", since=since) == []


def test_descriptions_fit_telegrams_limits() -> None:
    assert account_texts.profile_problems() == []
    assert 0 < len(account_texts.DESCRIPTION) <= 512
    assert 0 < len(account_texts.SHORT_DESCRIPTION) <= 120


def test_content_check_refuses_an_overlong_description(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["content", "check"]).exit_code == 0
    monkeypatch.setattr(account_texts, "SHORT_DESCRIPTION", "x" * 121)
    result = runner.invoke(cli, ["content", "check"])
    assert result.exit_code == 2
    assert "short description has 121 characters, over 120" in result.output
