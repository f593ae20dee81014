"""The lock (uv.lock → requirements/*.txt) is complete, consistent with pyproject.toml, and is what
this environment was installed from (issue 12, docs/dependencies.md)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ["run", "test", "bundle", "mutation", "lock"]
LINE = re.compile(
    r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)


def _lockfile() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lockfile", ROOT / "scripts" / "lockfile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pins(name: str) -> dict[str, tuple[str, str | None, int]]:
    """requirements/<name>.txt as {package: (version, marker, number of hashes)}."""
    pins: dict[str, tuple[str, str | None, int]] = {}
    current = None
    for line in (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if match := LINE.match(line):
            current = canonicalize_name(match["name"])
            pins[current] = (match["version"], match["marker"], 0)
        elif stripped.startswith("--hash=sha256:") and current is not None:
            version, marker, hashes = pins[current]
            pins[current] = (version, marker, hashes + 1)
        else:
            pytest.fail(f"requirements/{name}.txt: unexpected line {line!r}")
    return pins


def _locked_versions() -> dict[str, str]:
    with (ROOT / "uv.lock").open("rb") as f:
        lock = tomllib.load(f)
    return {canonicalize_name(p["name"]): p["version"] for p in lock["package"]}


def test_every_export_was_made_from_this_pyproject() -> None:
    lockfile = _lockfile()
    files = [ROOT / "requirements" / f"{name}.txt" for name in EXPORTS]
    assert lockfile.problems(files, ROOT / "pyproject.toml") == []


@pytest.mark.parametrize("name", EXPORTS)
def test_every_package_is_pinned_with_hashes_to_the_version_in_uv_lock(name: str) -> None:
    locked = _locked_versions()
    pins = _pins(name)
    assert pins, f"requirements/{name}.txt pins nothing"
    for package, (version, _marker, hashes) in pins.items():
        assert hashes >= 1, f"{package} has no hash in requirements/{name}.txt"
        assert locked.get(package) == version, (
            f"{package}: {version} here, {locked.get(package)} in uv.lock"
        )


def test_the_groups_hold_what_they_are_for() -> None:
    run, test, bundle = _pins("run"), _pins("test"), _pins("bundle")
    assert {"pyside6-essentials", "pyhanko", "reportlab", "cryptography"} <= run.keys()
    assert "pytest" not in run and "pyinstaller" not in run
    assert run.keys() <= test.keys() and run.keys() <= bundle.keys()
    assert {"pytest", "pytest-qt", "setuptools"} <= test.keys() and "pyinstaller" not in test
    assert {"pyinstaller", "setuptools"} <= bundle.keys() and "pytest" not in bundle
    assert set(_pins("lock")) == {"uv"}
    mutation = _pins("mutation")
    assert test.keys() <= mutation.keys() and "mutmut" in mutation and "mutmut" not in test


def test_this_environment_holds_the_lock_and_nothing_else() -> None:
    """scripts/setup installed exactly requirements/test.txt (plus bundle.txt after build-bundle,
    mutation.txt after scripts/mutation)."""
    wanted = {
        package: version
        for package, (version, marker, _h) in _pins("test").items()
        if marker is None or Marker(marker).evaluate()
    }
    allowed = wanted.keys() | _pins("bundle").keys() | _pins("mutation").keys() | {"anninh-desktop"}
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version
        for dist in importlib.metadata.distributions()
    }
    assert {p: installed.get(p) for p in wanted} == wanted
    assert sorted(installed.keys() - allowed) == []


def test_a_dependency_changed_without_relocking_is_found(tmp_path: Path) -> None:
    lockfile = _lockfile()
    files = [ROOT / "requirements" / "test.txt"]
    changed = tmp_path / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    changed.write_text(text.replace('"reportlab>=5.1,<6"', '"reportlab>=5.0,<6"'), encoding="utf-8")
    assert changed.read_text(encoding="utf-8") != text
    assert len(lockfile.problems(files, changed)) == 1
    # What does not change the resolution (the version, pytest's options) needs no re-lock.
    harmless = text.replace('version = "', 'version = "9').replace('"-q -ra', '"-ra')
    changed.write_text(harmless, encoding="utf-8")
    assert lockfile.problems(files, changed) == []


@pytest.mark.slow
def test_setup_stops_on_a_stale_lock_and_names_the_command(tmp_path: Path) -> None:
    """scripts/setup, run on a copy of the project whose pyproject.toml changed a version."""
    copy = tmp_path / "project"
    for part in ("scripts", "requirements"):
        shutil.copytree(ROOT / part, copy / part)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (copy / "pyproject.toml").write_text(text.replace("pypdf>=7.1,<8", "pypdf>=7.1.1,<8"))
    done = subprocess.run(["bash", "scripts/setup"], cwd=copy, capture_output=True, text=True)
    assert done.returncode == 1
    assert "the lock is stale" in done.stderr and "bash scripts/lock" in done.stderr
    assert not (copy / ".venv").exists()
