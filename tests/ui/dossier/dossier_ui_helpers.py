"""Helpers of the dossier window tests: the demo's exemplary assessment, the dialog, PDF text."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

from anninh_desktop.domain.assessments import Assessment
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.dossier import DossierDialog
from anninh_desktop.ui.tasks import TaskRunner

MAIN_COMMUNE_CODE = "32092"  # Xã Hồ Thị Kỷ
EXEMPLARY_SET = "qd9745-xa-dien-hinh"
TT124_SET = "tt124-xa-phuong"


def demo_assessment(ws: Workspace, set_code: str = EXEMPLARY_SET, year: int = 2026) -> Assessment:
    unit = ws.store.units.by_code(MAIN_COMMUNE_CODE)
    assert unit is not None
    for a in ws.store.assessments.for_unit(unit.id):
        if a.year == year and ws.store.criteria.get(a.set_id).code == set_code:
            return a
    raise AssertionError(f"no {set_code} {year} assessment in the demo")


def open_dialog(qtbot, ws: Workspace, assessment_id: str, tasks: TaskRunner) -> DossierDialog:
    dialog = DossierDialog(ws, assessment_id, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it, NFC, with runs of white space made single spaces."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", out))


def page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]
