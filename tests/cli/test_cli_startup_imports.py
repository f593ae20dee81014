"""The command line starts fast (issue 14): a run imports the module of the command it runs only,
and neither `anninh --help` nor `anninh status` loads reportlab, pypdf, pyHanko, cryptography or
PySide6 (bench/cli_start.py times them)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, demo_template

from anninh_desktop.cli.main import COMMANDS, build_parser

HEAVY = ("reportlab", "pypdf", "pyhanko", "cryptography", "PySide6")

PROGRAM = """
import sys
from anninh_desktop.entry import cli
sys.argv = ["anninh", *sys.argv[1:]]
try:
    code = cli()
except SystemExit as exc:
    code = exc.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))
commands = sorted(m.split(".")[-1] for m in sys.modules if m.startswith("anninh_desktop.cli.comm"))
print("code", code)
print("heavy:" + ",".join(heavy))
print("commands:" + ",".join(commands))
print("light:" + ",".join(sorted(m for m in LIGHT if m in sys.modules)))
"""

# Modules a `status` on a current database does without (issue 14, `status` <= 4 x python): the
# migrations' steps, the appraisal's services and the authority rules behind them (the return
# reason is read by the assessment's services), the sync identity's storage, tempfile, uuid.
LIGHT = (
    "anninh_desktop.storage.migrations.m001_core",
    "anninh_desktop.storage.migrations.m011_scale_indexes",
    "anninh_desktop.services.appraisal_service",
    "anninh_desktop.domain.authority",
    "anninh_desktop.storage.sync_repo",
    "tempfile",
    "uuid",
)


def _run(*args: str) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\nLIGHT = {LIGHT!r}\n{PROGRAM}", *args],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = dict(line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)
    found["code"] = done.stdout.split("code ", 1)[1].split()[0]
    return found


def test_help_imports_no_command_and_nothing_heavy() -> None:
    found = _run("--lang", "en", "--help")
    assert found["code"] in ("0", "None")
    assert found["heavy"] == ""
    assert found["commands"] == ""


def test_status_imports_its_own_command_and_nothing_heavy(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    data = copy_folder(demo_template(tmp_path_factory), tmp_path / "demo")
    found = _run(
        "--data-dir", str(data), "--lang", "en", "status", "32092", "--set",
        "qd9745-xa-dien-hinh", "--year", "2026",
    )  # fmt: skip
    assert found["code"] == "0"
    assert found["heavy"] == ""
    assert found["commands"] == "commands_work"
    assert found["light"] == ""


def test_a_command_imports_what_it_needs_when_it_runs(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """The proxies do import the implementation: `sync peers` reaches the sync's cryptography."""
    data = copy_folder(demo_template(tmp_path_factory), tmp_path / "demo")
    found = _run("--data-dir", str(data), "--lang", "en", "sync", "peers")
    assert found["code"] == "0"
    assert "cryptography" in found["heavy"]
    assert found["commands"] == "commands_sync,commands_sync_conflicts"


def _helps(parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return [(choice.dest, str(choice.help)) for choice in sub._choices_actions]


def test_the_list_of_commands_is_what_the_modules_register() -> None:
    """main.COMMANDS names every command with its module's own help, in the same order."""
    full = _helps(build_parser())
    assert full == [(name, text) for name, _module, text in COMMANDS]
    assert _helps(build_parser(["--help"])) == full
    assert _helps(build_parser(["--data-dir", "status", "units", "--search", "x"])) == full


@pytest.mark.parametrize("name", sorted({name for name, _module, _text in COMMANDS}))
def test_each_command_is_described_in_full_when_named(name: str) -> None:
    parser = build_parser([name, "--help"])
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    described = sub.choices[name]
    own = {a.dest for a in described._actions} - {"help", "data_dir", "lang", "verbose"}
    assert own, f"{name}: registered without its options"
    others = [n for n, m, _t in COMMANDS if m != dict((c, mod) for c, mod, _ in COMMANDS)[name]]
    for other in others:
        assert {a.dest for a in sub.choices[other]._actions} == {"help"}, other
