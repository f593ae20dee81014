"""Every part of the program folder has a licence entry and text; the bill of materials lists them
with the exact wheels of the lock (issue 12, installer/licenses.py, docs/dependencies.md)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def licenses() -> ModuleType:
    spec = importlib.util.spec_from_file_location("licenses", ROOT / "installer" / "licenses.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["licenses"] = module  # its dataclass looks itself up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["licenses"]
    return module


def _run_lock_on(platform: str) -> set[str]:
    """The run lock's packages on Linux or Windows (markers evaluated for that machine)."""
    env = {
        "sys_platform": platform,
        "platform_system": {"linux": "Linux", "win32": "Windows"}[platform],
    }
    names = set()
    for line in (ROOT / "requirements" / "run.txt").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, _, rest = line.partition("==")
            marker = rest.split(";", 1)[1].rstrip(" \\") if ";" in rest else None
            if marker is None or Marker(marker).evaluate(env):
                names.add(canonicalize_name(name))
    return names


@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_every_bundled_package_has_a_licence_entry(licenses: ModuleType, platform: str) -> None:
    entries = licenses.load_table()["packages"]
    missing = sorted(_run_lock_on(platform) - entries.keys())
    assert missing == [], f"add these to installer/licenses.toml: {missing}"


def test_no_entry_is_left_over_from_a_package_the_lock_dropped(licenses: ModuleType) -> None:
    entries = licenses.load_table()["packages"]
    assert sorted(entries.keys() - _run_lock_on("linux") - _run_lock_on("win32")) == []


def test_an_entry_agrees_with_the_licence_the_package_declares(licenses: ModuleType) -> None:
    """Where a wheel states an SPDX expression, ours is that one (an upgrade that changes a
    package's licence fails here, to be looked at). Dual-licensed Qt is the documented exception."""
    entries = licenses.load_table()["packages"]
    for package in licenses.bundled_requirements():
        declared = importlib.metadata.metadata(package).get("License-Expression")
        if declared:
            assert entries[package]["license"] == declared, package


def test_the_check_passes_and_each_part_has_its_texts(licenses: ModuleType) -> None:
    parts, problems = licenses.components()
    assert problems == []
    by_name = {p.name: p for p in parts}
    assert {
        "python",
        "pyinstaller-bootloader",
        "liberation-fonts",
        "pyside6-essentials",
    } <= by_name.keys()
    assert [t.name for t in by_name["pyside6-essentials"].texts] == ["LGPL-3.0.txt", "GPL-3.0.txt"]
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in by_name["pyside6-essentials"].texts[0].read_text()
    assert all(p.texts for p in parts)


def test_a_package_without_an_entry_is_reported(licenses: ModuleType) -> None:
    table = licenses.load_table()
    del table["packages"]["pypdf"]
    _parts, problems = licenses.components(table)
    assert problems == [
        f"pypdf {licenses.bundled_requirements()['pypdf']}: no entry in installer/licenses.toml"
    ]


def test_the_sbom_names_the_wheel_pip_installed_with_its_locked_hash(licenses: ModuleType) -> None:
    parts, _ = licenses.components()
    bom = licenses.sbom(parts, "0.1.0")
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.5"
    assert bom == licenses.sbom(parts, "0.1.0")  # the same bytes for the same lock
    items = {c["name"]: c for c in bom["components"]}
    lock = licenses.locked_wheels()
    for package, version in licenses.bundled_requirements().items():
        item = items[package]
        assert item["version"] == version and item["purl"] == f"pkg:pypi/{package}@{version}"
        (digest,) = [h["content"] for h in item["hashes"]]
        (wheel,) = [w for w in lock[package] if w["hash"] == f"sha256:{digest}"]
        # The wheel named is one whose tags the installed copy carries (the one pip chose here).
        wheel_tags = {str(t) for t in parse_wheel_filename(wheel["url"].rsplit("/", 1)[-1])[3]}
        installed = importlib.metadata.distribution(package).read_text("WHEEL") or ""
        installed_tags = {
            line.split(":", 1)[1].strip()
            for line in installed.splitlines()
            if line.startswith("Tag:")
        }
        assert wheel_tags & installed_tags, package


def test_the_bundle_gets_the_texts_and_a_notice(licenses: ModuleType, tmp_path: Path) -> None:
    parts, _ = licenses.components()
    notices = licenses.write_texts(parts, tmp_path / "licenses")
    text = notices.read_text(encoding="utf-8")
    for part in parts:
        assert f"{part.name} {part.version}: {part.license}" in text
        assert any((tmp_path / "licenses" / part.name).iterdir())
    assert "GNU Lesser General Public License" in text
    assert licenses.main(["--sbom", str(tmp_path / "bom.json")]) == 0
    assert json.loads((tmp_path / "bom.json").read_text(encoding="utf-8"))["components"]
