"""Security checks: the token never reaches the console or a log, SQL is only ever
parameterised, and the diary export cannot carry a spreadsheet formula."""

from __future__ import annotations

import ast
import csv
import io
import logging
import subprocess
from pathlib import Path

import pytest
from ruff.__main__ import find_ruff_bin

from bot.core import console
from bot.core import texts as core_texts
from bot.diary import texts as diary_texts
from tests.bot_process import PROJECT_ROOT, BotProcess, bot_environment
from tests.diary_support import log_cramp, press_and_edit
from tests.fake_bot_api import FakeBotApi, FakeUser, TelegramFault
from tests.support import TOKEN, Driver

SECRET = TOKEN.split(":", 1)[1]
BOT_SOURCE = PROJECT_ROOT / "bot"


def _leaks(text: str) -> bool:
    return TOKEN in text or SECRET in text


# -- the token --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("code", "description", "last_line"),
    [
        (401, "Unauthorized", console.TOKEN_REJECTED),
        (404, "Not Found", console.TOKEN_REJECTED),
        (500, "Internal Server Error", "Cannot start: the Bot API at http://127.0.0.1"),
    ],
)
async def test_a_failing_start_never_prints_the_token(
    server: FakeBotApi, tmp_path: Path, code: int, description: str, last_line: str
) -> None:
    """Telegram refuses the token (or breaks): the run fails loudly at DEBUG, token-free."""

    def refuse(method: str, params: dict) -> None:
        raise TelegramFault(code, description)

    server.fault_hooks.append(refuse)
    env = bot_environment(server.url, tmp_path / "bot.sqlite3", LOG_LEVEL="DEBUG")
    async with BotProcess(env, tmp_path) as bot:
        exit_code = await bot.wait()
    assert "getMe" in [r.method for r in server.requests]
    output = bot.output
    assert exit_code != 0
    assert "getMe" in output, output  # the failure and its request are in the output...
    assert not _leaks(output), output  # ...but the token is not
    assert output.strip().splitlines()[-1].startswith(last_line), output


@pytest.mark.slow
async def test_an_unreachable_api_never_prints_the_token(tmp_path: Path) -> None:
    env = bot_environment("http://127.0.0.1:9", tmp_path / "bot.sqlite3", LOG_LEVEL="DEBUG")
    async with BotProcess(env, tmp_path) as bot:
        exit_code = await bot.wait()
    assert exit_code != 0
    last_line = bot.output.strip().splitlines()[-1]
    assert last_line.startswith("Cannot start: the Bot API at http://127.0.0.1:9"), bot.output
    assert not _leaks(bot.output), bot.output


async def test_a_failing_handler_logs_without_the_token(
    bot: Driver, alice: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    """Every request URL carries the token; httpx logs each one at DEBUG."""

    def break_sends(method: str, params: dict) -> None:
        if method == "sendMessage" and params.get("text") != core_texts.ERROR_APOLOGY:
            raise TelegramFault(500, "Internal Server Error")

    bot.server.fault_hooks.append(break_sends)
    with caplog.at_level(logging.DEBUG):
        bot.server.inject_message(alice, "/help")
        await bot.server.wait_for(lambda r: r.params.get("text") == core_texts.ERROR_APOLOGY)
    assert "sendMessage" in caplog.text and "<token>" in caplog.text
    assert any(record.levelno >= logging.WARNING for record in caplog.records)
    assert not _leaks(caplog.text)


# -- SQL --------------------------------------------------------------------------------

SQL_METHODS = {"execute", "executescript", "executemany", "query", "rows_where"}
HELPER_MARKER = "# sql-from-callers"  # on a helper's execute: its callers are checked
MARKED_HELPERS = {
    ("admin/stats.py", "_count"),
    ("diary/store.py", "_one"),
    ("diary/store.py", "_many"),
    ("core/replays.py", "execute"),  # the connection: every `execute` call is checked anyway
    ("core/replays.py", "executemany"),
    ("core/retention.py", "_delete_in_chunks"),
    ("core/database.py", "execute"),  # the bot's connection: only turns BEGIN into IMMEDIATE
}
"""The only SQL not written at the call: private helpers whose callers pass the SQL."""


def test_ruff_finds_no_sql_built_from_strings() -> None:
    result = subprocess.run(
        [find_ruff_bin(), "check", "--select", "S608", "--output-format", "concise", "bot"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _constants(tree: ast.Module) -> set[str]:
    """Module-level names bound once to SQL built only from literals and such names."""
    found: set[str] = set()
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and value is not None and _fixed(value, found):
            found.add(target.id)
    return found


def _fixed(node: ast.expr, constants: set[str]) -> bool:
    """True for SQL that is the same on every run: no user value can get into it."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.JoinedStr):
        return all(
            isinstance(part, ast.Constant)
            or (
                isinstance(part, ast.FormattedValue)
                and part.conversion == -1
                and part.format_spec is None
                and _fixed(part.value, constants)
            )
            for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _fixed(node.left, constants) and _fixed(node.right, constants)
    return False


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else None


def _sql_argument(call: ast.Call, position: int, keywords: set[str]) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg in keywords), None)


def sql_findings(path: Path) -> tuple[list[str], set[str]]:
    """SQL arguments not fixed at import time, and the marked helpers, in one module."""
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    constants = _constants(tree)
    problems: list[str] = []
    helpers: dict[str, int] = {}
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = [arg.arg for arg in function.args.args]
        for call in ast.walk(function):
            if not (isinstance(call, ast.Call) and _called_name(call) in SQL_METHODS):
                continue
            sql = _sql_argument(call, 0, {"sql", "where"})
            if sql is None or _fixed(sql, constants):
                continue
            marked = HELPER_MARKER in lines[call.lineno - 1]
            if marked and isinstance(sql, ast.Name) and sql.id in params:
                offset = 1 if params[:1] == ["self"] else 0
                helpers[function.name] = params.index(sql.id) - offset
            else:
                problems.append(f"{path}:{call.lineno}: {ast.unparse(sql)}")
    for call in ast.walk(tree):
        if (
            isinstance(call, ast.Call)
            and (name := _called_name(call)) in helpers
            and HELPER_MARKER not in lines[call.lineno - 1]
        ):
            sql = _sql_argument(call, helpers[name], {"sql"})
            if sql is None or not _fixed(sql, constants):
                problems.append(f"{path}:{call.lineno}: {name}() given SQL built at run time")
    return problems, set(helpers)


def test_every_sql_statement_is_fixed_and_takes_values_as_parameters() -> None:
    """No f-string, %, .format or + puts a value into SQL: only literals and module-level
    constants made of literals. The marked helpers are listed here, one by one."""
    problems: list[str] = []
    marked: set[tuple[str, str]] = set()
    for path in sorted(BOT_SOURCE.rglob("*.py")):
        found, helpers = sql_findings(path)
        problems += found
        marked |= {(str(path.relative_to(BOT_SOURCE)), helper) for helper in helpers}
    assert not problems, "\n".join(problems)
    assert marked == MARKED_HELPERS


def test_the_sql_check_catches_values_put_into_sql(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text(
        "TABLE = 'users'\n"
        "def f(db, user_id, name, sql):\n"
        "    db.execute(f'SELECT * FROM {TABLE} WHERE id = {user_id}')\n"
        "    db.execute('SELECT * FROM users WHERE name = %s' % name)\n"
        "    db.execute('SELECT * FROM users WHERE name = {}'.format(name))\n"
        "    db['users'].rows_where('name = ' + name)\n"
        "    db.execute(sql)\n"
        "    db.execute(f'SELECT * FROM {TABLE} WHERE id = ?', [user_id])\n"
    )
    problems, helpers = sql_findings(module)
    assert [problem.split(":")[1] for problem in problems] == ["3", "4", "5", "6", "7"]
    assert helpers == set()


# -- the CSV export ---------------------------------------------------------------------

FORMULAS = {
    "when": "@SUM(1+1)*cmd|' /C calc'!A0",
    "muscle": '=HYPERLINK("http://evil.example","x")',
    "side": "+1+cmd|' /C calc'!A0",
    "severity": "-2+3",
    "trigger": "\t=1+1",
}


async def test_exported_cells_cannot_start_a_formula(
    bot: Driver, alice: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Users pick every diary value from buttons, so only a label could start a formula:
    with every exported label made one, the file a spreadsheet opens runs none of them."""
    monkeypatch.setitem(diary_texts.WHEN_LABELS, "now", FORMULAS["when"])
    monkeypatch.setitem(diary_texts.MUSCLE_NAMES, "calf", FORMULAS["muscle"])
    monkeypatch.setitem(diary_texts.SIDE_NAMES, "left", FORMULAS["side"])
    monkeypatch.setitem(diary_texts.SEVERITY_NAMES, 3, FORMULAS["severity"])
    monkeypatch.setitem(diary_texts.TRIGGER_LABELS, "medication", FORMULAS["trigger"])
    flow, confirmation = await log_cramp(bot, alice, "Left calf", "Severe")
    section = await press_and_edit(
        bot, alice, confirmation.button("Triggers")["callback_data"], flow
    )
    await press_and_edit(bot, alice, section.button(FORMULAS["trigger"])["callback_data"], flow)
    since = bot.mark()
    bot.server.inject_message(alice, "/export")
    document = await bot.server.wait_for(lambda r: r.method == "sendDocument", since=since)
    [_, row] = list(csv.reader(io.StringIO(document.files["document"].decode("utf-8"))))
    assert [row[2], row[3], row[5], row[6], row[9]] == [
        "'" + FORMULAS[name] for name in ("when", "muscle", "side", "severity", "trigger")
    ]
    assert not [cell for cell in row if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]
