"""Hostile updates from strangers, thousands of them, against one running bot.

FUZZ_UPDATES sets about how many (the CI default keeps this test near 15 s);
`python -m bench fuzz` runs the same generators and checks for 10,000.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.admin_support import GRACE
from tests.fuzz_harness import FuzzSession
from tests.fuzz_updates import batches, team_messages
from tests.support import size_from_environment

pytestmark = pytest.mark.slow

UPDATES = size_from_environment("FUZZ_UPDATES", 2500)
BATCH = 20
AVERAGE_BATCH = 6  # Hypothesis favours short lists: 1 to 20 updates average about 6
EXAMPLES = max(1, UPDATES // AVERAGE_BATCH)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzSession]:
    with FuzzSession(Path(tmp_path_factory.mktemp("fuzz"))) as fuzz:
        yield fuzz


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_strangers_cannot_break_or_reach_anything(
    session: FuzzSession, data: st.DataObject
) -> None:
    """Per batch: nothing unhandled, no victim's row or team table changed, no message to
    a victim or admin, every press answered, no internals or token in any text shown."""
    batch = data.draw(batches(session.targets, BATCH), label="batch")
    problems = session.feed(batch)
    assert not problems, "\n".join(problems)
    assert session.tally.callbacks_answered == session.tally.callbacks


@settings(
    max_examples=max(1, EXAMPLES // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(batch=st.lists(team_messages((GRACE.id,)), min_size=1, max_size=BATCH))
def test_the_team_s_commands_survive_garbage(session: FuzzSession, batch: list) -> None:
    """An admin's /broadcast, /addtip, /removetip and /admin with garbage arguments, in
    private and in groups: nothing unhandled, no internals shown, victims untouched."""
    problems = session.feed(batch, team=True)
    assert not problems, "\n".join(problems)
