"""The deployment files say what the code does: CI builds no image, so these are checked here.

The lock must satisfy pyproject.toml (or installs drift from what was tested); the
Dockerfile's volume must be where its DATABASE_PATH points (or diaries are lost at the
next deploy); its CMD and HEALTHCHECK, the Procfile's lines and every command the README
shows must be commands the CLI accepts; .env.example must list every setting.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from typer.testing import CliRunner

from bot.__main__ import cli
from bot.config import Config, ConfigError, load_config
from bot.core.shutdown import GRACE_SECONDS

ROOT = Path(__file__).resolve().parent.parent
PROG = "python -m bot"


def read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


# -- the lock ---------------------------------------------------------------------------

LOCK_LINE = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked_versions(lock: str) -> dict[str, list[Version]]:
    """Name -> the versions the lock pins for it (a universal lock may pin one per marker)."""
    pins: dict[str, list[Version]] = {}
    for line in lock.splitlines():
        match = LOCK_LINE.match(line)
        if match:
            pins.setdefault(canonicalize_name(match[1]), []).append(Version(match[2]))
    return pins


def lock_problems(dependencies: Iterable[str], lock: str) -> list[str]:
    """What in pyproject.toml's dependencies the lock does not satisfy."""
    pins = locked_versions(lock)
    problems = []
    for spec in dependencies:
        requirement = Requirement(spec)
        versions = pins.get(canonicalize_name(requirement.name))
        if not versions:
            problems.append(f"{requirement.name} is not in the lock")
            continue
        for version in versions:
            if not requirement.specifier.contains(version, prereleases=True):
                problems.append(f"{requirement.name}=={version} does not satisfy {spec}")
    return problems


def project_dependencies() -> list[str]:
    return tomllib.loads(read("pyproject.toml"))["project"]["dependencies"]


def test_the_lock_satisfies_every_dependency_in_pyproject() -> None:
    assert lock_problems(project_dependencies(), read("requirements.lock")) == []


def test_a_lock_that_drifted_from_pyproject_is_caught() -> None:
    lock = read("requirements.lock")
    assert lock_problems(["sqlite-utils>=99"], lock) == [
        f"sqlite-utils=={locked_versions(lock)['sqlite-utils'][0]} does not satisfy "
        "sqlite-utils>=99"
    ]
    assert lock_problems(["left-pad>=1"], lock) == ["left-pad is not in the lock"]


def test_the_lock_is_universal_for_python_3_11_up_and_fully_hashed() -> None:
    lock = read("requirements.lock")
    assert "--universal --generate-hashes --python-version 3.11" in lock
    assert tomllib.loads(read("pyproject.toml"))["project"]["requires-python"] == ">=3.11"
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n", 2)[2])
    assert len(entries) > 20
    for entry in entries:
        assert LOCK_LINE.match(entry.splitlines()[0]), entry
        assert "--hash=sha256:" in entry, f"no hash for {entry.splitlines()[0]}"


def test_requirements_txt_installs_the_lock() -> None:
    lines = [line for line in read("requirements.txt").splitlines() if not line.startswith("#")]
    assert lines == ["-r requirements.lock"]


# -- commands the CLI must accept -------------------------------------------------------


def resolves(argv: list[str]) -> str:
    """The command path `python -m bot ARGV` runs; fails if the CLI would refuse ARGV.

    With --help appended nothing runs, but options are still parsed: an unknown command
    or option is a usage error (exit 2), a known one prints its usage line.
    """
    result = CliRunner().invoke(cli, [*argv, "--help"], prog_name=PROG)
    assert result.exit_code == 0, f"{PROG} {shlex.join(argv)}: {result.output}"
    usage = result.output.splitlines()[0]
    return usage.removeprefix(f"Usage: {PROG}").split("[", 1)[0].strip()


def python_m_bot(words: list[str]) -> list[str]:
    """The arguments after `python -m bot` in a command line, or a failure if absent."""
    for start in range(len(words) - 2):
        if words[start].endswith("python") and words[start + 1 : start + 3] == ["-m", "bot"]:
            return words[start + 3 :]
    raise AssertionError(f"not a `python -m bot` command: {words}")


# -- the Dockerfile and compose.yaml ----------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", read("Dockerfile"))
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, rest = line.partition(" ")
            pairs.append((instruction.upper(), rest.strip()))
    return pairs


def instruction(name: str) -> list[str]:
    return [rest for found, rest in dockerfile() if found == name]


def env_values() -> dict[str, str]:
    values = {}
    for rest in instruction("ENV"):
        values.update(pair.split("=", 1) for pair in shlex.split(rest))
    return values


def exec_form(rest: str) -> list[str]:
    """A JSON-array CMD: a shell form would not get SIGTERM as pid 1."""
    argv = json.loads(rest)
    assert isinstance(argv, list) and all(isinstance(word, str) for word in argv), rest
    return argv


def test_the_database_lives_on_the_image_volume() -> None:
    (volume,) = instruction("VOLUME")
    database = PurePosixPath(env_values()["DATABASE_PATH"])
    assert database.is_absolute()
    assert database.parent == PurePosixPath(volume)
    assert database.name == Config.model_fields["database_path"].default.name


def test_the_image_runs_the_bot_and_asks_it_whether_it_is_alive() -> None:
    (cmd,) = instruction("CMD")
    argv = exec_form(cmd)
    assert argv[:3] == ["python", "-m", "bot"]
    assert resolves(argv[3:]) == ""  # the bare command: run the bot
    (healthcheck,) = instruction("HEALTHCHECK")
    options, _, command = healthcheck.partition(" CMD ")
    argv = exec_form(command)
    assert resolves(python_m_bot(argv)) == "check"
    assert python_m_bot(argv) == ["check", "--alive"]
    assert "--interval=" in options and "--timeout=" in options


def test_the_image_installs_exactly_the_lock_and_drops_root() -> None:
    copies = [shlex.split(rest) for rest in instruction("COPY")]
    for *sources, _target in copies:
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
    assert ["requirements.lock", "./"] in copies
    (install,) = [run for run in instruction("RUN") if "pip install" in run]
    assert "--require-hashes" in install and "-r requirements.lock" in install
    (user,) = instruction("USER")
    assert user not in {"root", "0"}
    assert f"--home-dir /home/{user}" in " ".join(instruction("RUN"))


def compose_service() -> dict:
    compose = yaml.safe_load(read("compose.yaml"))
    (service,) = compose["services"].values()
    (volume,) = compose["volumes"]
    assert service["volumes"] == [f"{volume}:{instruction('VOLUME')[0]}"]
    return service


def test_compose_keeps_the_database_on_a_named_volume() -> None:
    service = compose_service()
    assert service["build"] == "."
    assert service["env_file"] == ".env"
    assert service["environment"]["DATABASE_PATH"] == env_values()["DATABASE_PATH"]


def test_compose_restarts_a_crash_but_not_a_refused_start_forever() -> None:
    service = compose_service()
    policy, _, retries = service["restart"].partition(":")
    assert policy == "on-failure"
    assert 0 < int(retries) <= 10
    grace = float(service["stop_grace_period"].removesuffix("s"))
    assert GRACE_SECONDS < grace <= 10


def test_procfile_lines_are_commands_the_cli_accepts() -> None:
    processes = dict(line.split(": ", 1) for line in read("Procfile").splitlines() if line)
    assert processes.keys() == {"worker", "web"}
    assert resolves(python_m_bot(shlex.split(processes["worker"]))) == ""
    assert resolves(python_m_bot(shlex.split(processes["web"]))) == "webhook"


def test_every_command_the_readme_shows_is_one_the_cli_accepts() -> None:
    commands = [
        shlex.split(re.sub(r"\$\([^)]*\)", "X", line.split("#", 1)[0]))
        for line in re.findall(r"^.*python -m bot\b.*$", read("README.md"), re.MULTILINE)
        if "`" not in line
    ]
    assert len(commands) > 10
    for words in commands:
        resolves(python_m_bot(words))


# -- .env.example -----------------------------------------------------------------------

SETTING = re.compile(r"^#? ?([A-Z][A-Z0-9_]*)=(.*)$")


def test_env_example_lists_every_setting_each_with_a_comment() -> None:
    lines = read(".env.example").splitlines()
    listed = {}
    for number, line in enumerate(lines):
        if match := SETTING.match(line):
            above = lines[number - 1]
            assert above.startswith("# ") and not SETTING.match(above), f"no comment: {line}"
            listed[match[1]] = match[2]
    assert set(listed) == {name.upper() for name in Config.model_fields}


def test_env_example_values_make_a_valid_configuration(tmp_path: Path) -> None:
    """Uncommenting any line gives a working value, not an example that fails."""
    values = {
        match[1].lower(): match[2]
        for line in read(".env.example").splitlines()
        if (match := SETTING.match(line)) and match[2]
    }
    values["content_dir"] = str(ROOT / values["content_dir"])
    try:
        config = load_config(
            _env_file=None,
            telegram_bot_token="123456789:TEST-token-abcdefghijklmnopqrstuvwxyz",
            webhook_secret="s3cret",
            **values,
        )
    except ConfigError as exc:
        pytest.fail(str(exc))
    assert config.database_path == Config.model_fields["database_path"].default
