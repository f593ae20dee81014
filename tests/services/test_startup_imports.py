"""Opening an existing data folder and listing its units imports neither sqlite-utils nor babel's
dates and numbers, nor the modules of rows the first screen does not show (criterion sets,
evidence, documents), nor logging.handlers (start-up time, bench/window_start.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, demo_template

PROGRAM = """
import sys
from pathlib import Path
from anninh_desktop.services import navigator_service
from anninh_desktop.services.workspace import open_workspace
from anninh_desktop.logging_setup import setup_logging
setup_logging(Path(sys.argv[1]))
ws = open_workspace(Path(sys.argv[1]))
navigator_service.load_tree(ws, 2026)
unwanted = ["logging.handlers", "anninh_desktop.domain.criteria", "anninh_desktop.domain.evidence",
            "anninh_desktop.storage.evidence_repo", "anninh_desktop.storage.documents_repo",
            "anninh_desktop.storage.criteria_repo", "anninh_desktop.storage.audit_repo"]
print("loaded:" + ",".join(m for m in unwanted if m in sys.modules))
print("babel.dates" in sys.modules or "babel.numbers" in sys.modules)
print("sqlite_utils" in sys.modules)
ws.store.db["meta"].upsert({"key": "probe", "value": "1"}, pk="key")
print("sqlite_utils" in sys.modules)
ws.close()
"""


def test_reading_needs_no_sqlite_utils_nor_babel_and_writing_loads_sqlite_utils(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = demo_template(tmp_path_factory)
    copy = copy_folder(folder, tmp_path_factory.mktemp("startup") / "data")
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(copy)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split()
    assert lines[-4:] == ["loaded:", "False", "False", "True"]
