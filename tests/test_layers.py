"""Imports point one way: ui → services → storage → domain. Qt only in ui/ and app.py, SQL in storage/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "anninh_desktop"

# What each layer may import from the package (besides itself); shared helpers anyone may use.
SHARED = {"anninh_desktop", "anninh_desktop.i18n", "anninh_desktop.locations"}
ALLOWED = {
    "domain": {"domain"},
    "storage": {"storage", "domain"},
    "services": {"services", "storage", "domain", "logging_setup"},
    "cli": {"cli", "services", "storage", "domain", "logging_setup"},
    "ui": {"ui", "services", "domain", "logging_setup"},
}
QT_ALLOWED = {"ui", "app", "smoke_test"}  # smoke_test: composition-root level, like app
SQL_MODULES = {"sqlite3", "sqlite_utils"}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_modules() -> None:
    assert len(MODULES) > 20


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_downward(path: Path) -> None:
    layer = _layer(path)
    problems = []
    for name in _imports(path):
        top = name.split(".")[0]
        if top in ("PySide6", "shiboken6") and layer not in QT_ALLOWED:
            problems.append(f"Qt import {name} outside ui/")
        if top in SQL_MODULES and layer not in ("storage",):
            problems.append(f"{name} outside storage/")
        if top == "anninh_desktop" and name not in SHARED and layer in ALLOWED:
            target = name.split(".")[1]
            if target not in ALLOWED[layer]:
                problems.append(f"{layer} imports {name}")
    assert not problems, problems


def test_the_checker_catches_a_bad_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from anninh_desktop.ui.main_window import MainWindow\nimport PySide6\n")
    assert "anninh_desktop.ui.main_window" in _imports(bad)
    assert "PySide6" in _imports(bad)
