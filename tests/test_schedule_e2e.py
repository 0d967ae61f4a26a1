"""The user's own schedule over real HTTP: check-in, bedtime reminder, days, silence,
pause, /settings in place, across daylight-saving changes (issue 14)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import Config
from bot.daily import texts
from bot.daily.buttons import CheckinAnswer
from tests.admin_support import ADA, finish_broadcasts, preview
from tests.daily_support import next_tip_at, run_job, subscribe, tips_to, unpaced, utc
from tests.diary_support import entries, press_and_edit, seed
from tests.fake_bot_api import FakeUser, Recorded
from tests.support import Driver, FakeClock
from tests.test_diary_entries_e2e import run_red_flag_job

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"


@pytest.fixture
def config(config: Config) -> Config:
    return unpaced(config)


def checkins_to(bot: Driver, user: FakeUser, since: int = 0) -> list[Recorded]:
    return [r for r in bot.server.sent_to(user.id, since) if "Any leg cramps" in r.text]


def bedtimes_to(bot: Driver, user: FakeUser, since: int = 0) -> list[Recorded]:
    return [r for r in bot.server.sent_to(user.id, since) if texts.BEDTIME_HEADER in r.text]


def kinds_delivered(bot: Driver, user: FakeUser) -> list[tuple[str, str]]:
    return [
        (row["kind"], row["local_date"])
        for row in bot.db["deliveries"].rows_where("user_id = ?", [user.id], order_by="id")
    ]


def free_nights(bot: Driver, user: FakeUser) -> list[str]:
    rows = bot.db["cramp_free_nights"].rows_where("user_id = ?", [user.id], order_by="night")
    return [row["night"] for row in rows]


async def test_checkin_follows_berlin_across_the_spring_change(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    clock.set(utc(2026, 3, 27, 12))
    await subscribe(bot, alice, BERLIN, "08:00")
    reply = await bot.send(alice, "/checkin 07:30")
    assert "Done: morning check-in at <b>07:30</b>, every day" in reply.text
    assert "Sat 28 Mar, 07:30" in reply.text
    assert next_tip_at(bot, alice, "checkin") == "2026-03-28T06:30:00Z"  # CET
    clock.set(utc(2026, 3, 28, 6, 30))
    await run_job(bot)
    assert next_tip_at(bot, alice, "checkin") == "2026-03-29T05:30:00Z"  # CEST from today
    clock.set(utc(2026, 3, 29, 5, 30))
    await run_job(bot)
    await run_job(bot)  # a second run sends nothing more
    assert len(checkins_to(bot, alice)) == 2
    assert next_tip_at(bot, alice, "checkin") == "2026-03-30T05:30:00Z"
    (sent,) = checkins_to(bot, alice)[-1:]
    assert sent.button_labels == [texts.CHECKIN_NONE, texts.CHECKIN_YES]


async def test_checkin_none_yes_and_a_second_tap(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, NEW_YORK, "08:00")
    await bot.send(alice, "/checkin 07:00")
    clock.set(utc(2026, 3, 3, 12))  # 07:00 in New York
    await run_job(bot)
    (checkin,) = checkins_to(bot, alice)
    night = date(2026, 3, 3)
    none = CheckinAnswer(night.toordinal(), "none").encode()
    yes = CheckinAnswer(night.toordinal(), "yes").encode()

    answer = await bot.press(alice, none, checkin)
    assert answer.params["text"] == texts.CHECKIN_NONE_TOAST
    assert free_nights(bot, alice) == ["2026-03-03"]
    again = await bot.press(alice, none, checkin)
    assert again.params["text"] == texts.CHECKIN_SAME_TOAST
    assert free_nights(bot, alice) == ["2026-03-03"]

    since = bot.mark()
    await bot.press(alice, yes, checkin)
    flow = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == alice.id, since=since
    )
    assert free_nights(bot, alice) == []  # the second tap changed the answer
    assert "no cramps" not in bot.server.messages[(alice.id, checkin.message_id)]["text"]
    question = await press_and_edit(bot, alice, flow.button("Left calf")["callback_data"], flow)
    await press_and_edit(bot, alice, question.button("Severe")["callback_data"], flow)
    await bot.settle()
    (entry,) = entries(bot, alice)
    assert entry["when_kind"] == "night" and entry["local_date"] == "2026-03-03"

    await bot.press(alice, none, checkin)  # and back again: the night is free after all
    assert free_nights(bot, alice) == ["2026-03-03"]

    clock.set(utc(2026, 3, 3, 17))  # noon in New York: the check-in has closed
    closed = await bot.press(alice, yes, checkin)
    assert closed.params["text"] == texts.CHECKIN_CLOSED
    assert free_nights(bot, alice) == ["2026-03-03"]


async def test_a_forged_checkin_night_is_refused(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    for night in (date(2026, 3, 9).toordinal(), 10**15):
        answer = await bot.press(alice, f"1:tn:{night}:none")
        assert answer.params.get("show_alert") in (True, "true")
    assert free_nights(bot, alice) == []


async def test_checkin_is_offered_once_after_the_first_cramp(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")

    def offers() -> list[Recorded]:
        return [r for r in bot.server.sent_to(alice.id) if r.text == texts.CHECKIN_OFFER]

    for before in (0, 1):
        flow = await bot.send(alice, "/log")
        question = await press_and_edit(bot, alice, flow.button("Left calf")["callback_data"], flow)
        saved = await press_and_edit(bot, alice, question.button("Mild")["callback_data"], flow)
        await bot.settle()
        assert len(offers()) == before  # not in the middle of logging: after Done
        await press_and_edit(bot, alice, saved.button("Done")["callback_data"], flow)
        await bot.settle()
    assert len(offers()) == 1
    offer = offers()[0]
    since = bot.mark()
    await bot.press(alice, offer.button("Yes")["callback_data"], offer)
    done = await bot.edit_after(alice, since)
    assert "morning check-in at <b>08:00</b>" in done.text
    assert next_tip_at(bot, alice, "checkin") == "2026-03-03T08:00:00Z"


async def test_bedtime_rotates_the_tagged_tips_silently_across_new_york_spring_change(
    bot: Driver, clock: FakeClock, alice: FakeUser, catalogue: object
) -> None:
    clock.set(utc(2026, 3, 6, 12))
    await subscribe(bot, alice, NEW_YORK, "08:00")
    reply = await bot.send(alice, "/bedtime 22:00")
    assert "bedtime reminder at <b>10:00 PM</b>" in reply.text  # as New York reads it
    moments = [utc(2026, 3, 7, 3), utc(2026, 3, 8, 3), utc(2026, 3, 9, 2), utc(2026, 3, 10, 2)]
    for moment in moments:  # 22:00 EST, EST, then EDT from 8 March
        assert next_tip_at(bot, alice, "bedtime") == moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        clock.set(moment)
        await run_job(bot)
    sent = bedtimes_to(bot, alice)
    assert len(sent) == 4
    assert all(r.params.get("disable_notification") in (True, "true") for r in sent)
    titles = [r.text.split("\n\n")[1].split("\n")[0] for r in sent]
    tagged = {"<b>Drink water through the day</b>", "<b>Stretch your leg muscles</b>"}
    assert set(titles[:2]) == tagged and set(titles[2:]) == tagged  # no repeat in a round
    assert titles[1] != titles[2]  # a new round does not open with yesterday's
    assert all("Source" in r.text or "source" in r.text for r in sent)
    assert tips_to(bot, alice) == [] or all(
        r.params.get("disable_notification") in (False, "false", None) for r in tips_to(bot, alice)
    )


async def test_late_bedtime_is_dropped_and_late_checkin_goes_until_noon(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "UTC", "08:00")
    await bot.send(alice, "/bedtime 21:00")
    await bot.send(alice, "/checkin 07:00")
    clock.set(utc(2026, 3, 2, 23, 30))  # 2.5 hours late: pointless now
    await run_job(bot)
    assert bedtimes_to(bot, alice) == []
    assert next_tip_at(bot, alice, "bedtime") == "2026-03-03T21:00:00Z"
    clock.set(utc(2026, 3, 3, 11, 59))  # the bot was down all morning: still before noon
    await run_job(bot)
    assert len(checkins_to(bot, alice)) == 1
    assert len(tips_to(bot, alice)) == 1
    clock.set(utc(2026, 3, 4, 12, 1))  # past noon: today's check-in is dropped
    await run_job(bot)
    assert len(checkins_to(bot, alice)) == 1
    assert next_tip_at(bot, alice, "checkin") == "2026-03-05T07:00:00Z"


async def test_all_kinds_due_in_one_minute_each_go_once(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, BERLIN, "09:00")
    await bot.send(alice, "/checkin 09:00")
    await bot.send(alice, "/bedtime 09:00")
    await bot.send(alice, "/summary tuesday 09:00")
    clock.set(utc(2026, 3, 3, 8))
    await run_job(bot)
    await run_job(bot)
    assert sorted(kinds_delivered(bot, alice)) == [
        ("bedtime", "2026-03-03"),
        ("checkin", "2026-03-03"),
        ("tip", "2026-03-03"),
        ("weekly", "2026-03-03"),
    ]
    assert len(tips_to(bot, alice)) == len(checkins_to(bot, alice)) == 1
    assert len(bedtimes_to(bot, alice)) == 1
    tips_counted = bot.db.execute("SELECT sum(sent) FROM tips_sent_per_day").fetchone()[0]
    assert tips_counted == 1  # /admin's tips delivered count only the tip


async def test_a_zone_change_neither_doubles_nor_skips_a_checkin(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Asia/Tokyo", "08:00")
    await bot.send(alice, "/checkin 07:00")
    clock.set(utc(2026, 3, 2, 22))  # 07:00 on 3 March in Tokyo
    await run_job(bot)
    assert len(checkins_to(bot, alice)) == 1
    await bot.send(alice, "/timezone America/Los_Angeles")  # 14:00 on 2 March there
    # 07:00 in Tokyo was 14:00 on 2 March in Los Angeles: that day had its check-in.
    assert next_tip_at(bot, alice, "checkin") == "2026-03-03T15:00:00Z"
    await bot.send(alice, "/timezone Asia/Tokyo")
    assert next_tip_at(bot, alice, "checkin") == "2026-03-03T22:00:00Z"


async def test_days_weekdays_skip_the_weekend(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "UTC", "08:00")
    reply = await bot.send(alice, "/days weekdays")
    assert "comes weekdays" in reply.text and "Tue 3 Mar, 08:00" in reply.text
    clock.set(utc(2026, 3, 6, 9))  # Friday
    await run_job(bot)
    assert next_tip_at(bot, alice) == "2026-03-09T08:00:00Z"  # Monday
    reply = await bot.send(alice, "/days sat sun")
    assert "Sat, Sun" in reply.text
    assert next_tip_at(bot, alice) == "2026-03-07T08:00:00Z"
    for garbage in ("/days funday", "/days 7"):
        reply = await bot.send(alice, garbage)
        assert "couldn't read" in reply.text and "Nothing has changed" in reply.text
    assert next_tip_at(bot, alice) == "2026-03-07T08:00:00Z"


async def test_silent_by_default_for_a_night_time_and_by_command(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "UTC", "08:00")
    assert bot.db["schedules"].get((alice.id, "tip"))["silent"] == 0  # as subscribers had it
    await bot.send(alice, "/time 23:00")
    assert bot.db["schedules"].get((alice.id, "tip"))["silent"] == 1
    reply = await bot.send(alice, "/silent off")
    assert "with a sound" in reply.text
    assert bot.db["schedules"].get((alice.id, "tip"))["silent"] == 0
    reply = await bot.send(alice, "/silent loud please")
    assert "couldn't read" in reply.text


async def test_pause_holds_everything_and_resume_brings_it_back(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, BERLIN, "08:00")
    await bot.send(alice, "/checkin 07:00")
    reply = await bot.send(alice, "/pause 3d")
    assert "Paused until <b>Thu 5 Mar, 10:00</b>" in reply.text
    assert next_tip_at(bot, alice) == "2026-03-06T07:00:00Z"
    assert next_tip_at(bot, alice, "checkin") == "2026-03-06T06:00:00Z"
    for _ in range(24 * 3 - 1):
        clock.advance(hours=1)
        await run_job(bot)
    assert tips_to(bot, alice) == [] and checkins_to(bot, alice) == []
    reply = await bot.send(alice, "/settings")  # replies to the user's own commands come
    assert "Paused" in reply.text and "Resume" in str(reply.button_labels)

    reply = await bot.send(alice, "/resume")
    assert "Welcome back" in reply.text and "Fri 6 Mar, 07:00" in reply.text
    reply = await bot.send(alice, "/resume")
    assert reply.text == texts.NOT_PAUSED

    await bot.send(alice, "/pause forever")
    assert next_tip_at(bot, alice) is None and next_tip_at(bot, alice, "checkin") is None
    clock.set(utc(2026, 3, 10, 9))
    await run_job(bot)
    assert tips_to(bot, alice) == []
    reply = await bot.send(alice, "/resume")
    assert "Wed 11 Mar, 07:00" in reply.text
    clock.set(utc(2026, 3, 11, 7))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1 and len(checkins_to(bot, alice)) == 1

    for garbage in ("/pause tomorrowish", "/pause -3"):
        reply = await bot.send(alice, garbage)
        assert "couldn't read" in reply.text and "Nothing has changed" in reply.text


async def test_a_pause_ends_by_itself(bot: Driver, clock: FakeClock, alice: FakeUser) -> None:
    await subscribe(bot, alice, "UTC", "08:00")
    await bot.send(alice, "/pause week")
    clock.set(utc(2026, 3, 9, 9))
    await run_job(bot)
    assert tips_to(bot, alice) == []
    clock.set(utc(2026, 3, 10, 8))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1


async def test_broadcast_skips_paused_users_and_counts_them(
    bot: Driver, alice: FakeUser, bob: FakeUser
) -> None:
    await bot.send(alice, "/start")
    await bot.send(bob, "/start")
    await bot.send(bob, "/pause 2w")
    shown = await preview(bot, ADA, "/broadcast Clinic closed on Friday.")
    since = bot.mark()
    await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    status = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == ADA.id, since=since
    )
    await finish_broadcasts(bot)
    got = [r.chat_id for r in bot.server.requests[since:] if r.text == "Clinic closed on Friday."]
    assert got == [alice.id]
    report = bot.server.messages[(ADA.id, status.message_id)]["text"]
    assert "Paused (skipped): 1" in report and "Sent: 1" in report


async def test_a_blocked_user_is_unsubscribed_from_every_kind(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "UTC", "08:00")
    await bot.send(alice, "/checkin 08:00")
    await bot.send(alice, "/bedtime 21:00")
    bot.server.blocked_chats.add(alice.id)
    clock.set(utc(2026, 3, 3, 8))
    await run_job(bot)
    rows = bot.db.execute(
        "SELECT kind, enabled, next_due_at FROM schedules WHERE user_id = ?", [alice.id]
    ).fetchall()
    assert {(kind, enabled, due) for kind, enabled, due in rows} == {
        ("tip", 0, None),
        ("checkin", 0, None),
        ("bedtime", 0, None),
    }


async def test_settings_is_one_message_edited_in_place(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    first = await bot.send(alice, "/settings")
    since = bot.mark()
    await bot.press(alice, first.button("Morning check-in: off")["callback_data"], first)
    edited = await bot.edit_after(alice, since)
    assert edited.params["message_id"] in (first.message_id, str(first.message_id))
    assert "Morning check-in: <b>08:00</b>, every day" in edited.text
    assert bot.server.sent_to(alice.id, since) == []

    since = bot.mark()
    await bot.press(alice, first.button("⏰ 21:30")["callback_data"], first)  # bedtime's time
    picker = await bot.edit_after(alice, since)
    await bot.press(alice, picker_button(picker, "22:30"), first)
    await bot.settle()
    shown = bot.server.messages[(alice.id, first.message_id)]
    assert "Bedtime reminder: 22:30, every day, silent" in shown["text"]

    await bot.press(alice, labelled(bot, alice, first, "Pause"), first)
    await bot.press(alice, labelled(bot, alice, first, "A week"), first)
    await bot.settle()
    assert "Paused" in bot.server.messages[(alice.id, first.message_id)]["text"]
    await bot.press(alice, labelled(bot, alice, first, "Resume"), first)
    await bot.settle()
    assert "Paused" not in bot.server.messages[(alice.id, first.message_id)]["text"]

    await bot.press(alice, labelled(bot, alice, first, "📅 every day"), first)
    await bot.settle()
    await bot.press(alice, labelled(bot, alice, first, "Weekdays"), first)
    await bot.settle()
    assert bot.db["schedules"].get((alice.id, "tip"))["days"] == 0b0011111

    second = await bot.send(alice, "/settings")
    await bot.settle()
    old = bot.server.messages[(alice.id, first.message_id)]
    assert old["text"] == texts.SETTINGS_REPLACED and not old.get("reply_markup")
    assert second.message_id != first.message_id


def picker_button(picker: Recorded, label: str) -> str:
    return str(picker.button(label)["callback_data"])


def labelled(bot: Driver, user: FakeUser, message: Recorded, label: str) -> str:
    """The data of a button on the message as it is shown now (after edits)."""
    shown = bot.server.messages[(user.id, message.message_id)]
    for row in shown.get("reply_markup", {}).get("inline_keyboard", []):
        for button in row:
            if label in button["text"]:
                return str(button["callback_data"])
    raise AssertionError(f"no {label!r} button on the message")


async def test_commands_explain_garbage_and_change_nothing(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    before = list(bot.db["schedules"].rows)
    for command in (
        "/checkin soon",
        "/checkin 13:00",
        "/bedtime 25:00",
        "/summary someday",
        "/summary sunday 18:00 extra",
        "/dailytip maybe",
        "/silent",
    ):
        reply = await bot.send(alice, command)
        assert "Nothing has changed" in reply.text, command
    assert list(bot.db["schedules"].rows) == before
    reply = await bot.send(alice, "/checkin")
    assert "06:00" in reply.button_labels and "07:30" in reply.button_labels
    reply = await bot.send(alice, "/summary sunday 18:30")
    assert "weekly summary at <b>18:30</b>, Sundays" in reply.text
    reply = await bot.send(alice, "/dailytip off")
    assert "daily tip is off" in reply.text and next_tip_at(bot, alice) is None


async def test_weekly_summary_compares_the_weeks_with_the_chart(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await bot.send(alice, "/start")
    for day in (3, 4, 9):  # two cramps the week before, one this week
        seed(bot, alice, utc(2026, 3, day, 7), date(2026, 3, day))
    bot.db.execute(
        "INSERT INTO cramp_free_nights (user_id, night, recorded_at) VALUES "
        "(?, '2026-03-10', 'x'), (?, '2026-03-11', 'x')",
        [alice.id, alice.id],
    )
    clock.set(utc(2026, 3, 14, 12))
    reply = await bot.send(alice, "/summary sunday 18:00")
    assert "Sun 15 Mar, 18:00" in reply.text
    clock.set(utc(2026, 3, 15, 18))
    await run_job(bot)
    await run_job(bot)
    (summary,) = [r for r in bot.server.sent_to(alice.id) if texts.WEEKLY_HEADER in r.text]
    assert summary.method == "sendPhoto" and summary.files
    assert "(9 Mar to 15 Mar)" in summary.text
    assert "Cramps logged: <b>1</b> (the week before: 2), fewer" in summary.text
    assert "free of cramps: <b>2</b> (the week before: 0)" in summary.text
    assert next_tip_at(bot, alice, "weekly") == "2026-03-22T18:00:00Z"

    await bot.send(alice, "/pause 2w")  # paused like the rest
    clock.set(utc(2026, 3, 22, 18))
    await run_job(bot)
    assert len([r for r in bot.server.sent_to(alice.id) if texts.WEEKLY_HEADER in r.text]) == 1


async def test_checkin_offer_comes_a_minute_after_a_first_cramp_left_without_done(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await bot.send(alice, "/start")
    flow = await bot.send(alice, "/log")
    question = await press_and_edit(bot, alice, flow.button("Left calf")["callback_data"], flow)
    await press_and_edit(bot, alice, question.button("Mild")["callback_data"], flow)
    await run_red_flag_job(bot)
    assert not [r for r in bot.server.sent_to(alice.id) if r.text == texts.CHECKIN_OFFER]
    clock.advance(minutes=1)
    await run_red_flag_job(bot)
    await run_red_flag_job(bot)
    assert len([r for r in bot.server.sent_to(alice.id) if r.text == texts.CHECKIN_OFFER]) == 1
