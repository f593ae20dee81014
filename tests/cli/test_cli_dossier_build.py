"""`anninh dossier build` on the demo: the TT124 commune dossier, with its real criterion texts."""

from __future__ import annotations

import hashlib
import subprocess
import unicodedata
from pathlib import Path

import pytest
from fixtures.cli_runner import Anninh
from fixtures.workspaces import open_folder

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.services import evidence_service

EN = ("--lang", "en")

pytestmark = pytest.mark.slow


def _text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(unicodedata.normalize("NFC", out).split())


def test_build_prints_the_file_its_pages_hash_and_numbers(
    run: Anninh, demo_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "hồ sơ" / "tt124.pdf"
    out.parent.mkdir()
    result = run(
        "dossier",
        "build",
        "32092",
        "--set",
        "tt124-xa-phuong",
        "--out",
        out,
        "--data-dir",
        demo_dir,
        *EN,
    )
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0] == f"Dossier: {out}"
    pages = int(lines[1].split()[0])
    digest = lines[2].removeprefix("SHA-256: ")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == digest
    assert lines[3] == "Numbers: 01/TTr-CAX, 01/BC-CAX, 01/BB-CAX"
    assert result.err == ""
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    assert f"Pages:           {pages}" in info

    text = _text(out)
    ws = open_folder(demo_dir)
    try:
        unit = ws.store.units.by_code("32092")
        assert unit is not None
        a = next(
            x
            for x in ws.store.assessments.for_unit(unit.id)
            if ws.store.criteria.get(x.set_id).code == "tt124-xa-phuong" and x.year == 2026
        )
        criterion_set = ws.store.criteria.get(a.set_id)
        for criterion in criterion_set.criteria:  # the law's own words, every diacritic
            assert " ".join(criterion.text.split()) in text, criterion.ref
        unmet = [
            r for r in ws.store.assessments.results(a.id).values() if r.value is ResultValue.NOT_MET
        ]
        assert unmet and all(" ".join(r.remediation.split()) in text for r in unmet)
    finally:
        ws.close()


def test_build_goes_to_the_data_folder_by_default_and_warns(run: Anninh, demo_dir: Path) -> None:
    ws = open_folder(demo_dir)
    try:  # a damaged file among the evidence of criterion 3
        unit = ws.store.units.by_code("32092")
        assert unit is not None
        a = next(
            x
            for x in ws.store.assessments.for_unit(unit.id)
            if ws.store.criteria.get(x.set_id).code == "qd9745-xa-dien-hinh"
        )
        evidence_service.add_content(
            ws,
            unit.id,
            b"\xff\xd8\xff\xe0 broken",
            "hong.jpg",
            evidence_service.EvidenceMetadata(title="Ảnh hỏng"),
            link_to=[(a.id, "3")],
        )
    finally:
        ws.close()
    result = run(
        "dossier", "build", "32092", "--set", "qd9745-xa-dien-hinh", "--data-dir", demo_dir, *EN
    )
    assert result.code == 0, result
    path = demo_dir / "dossiers" / "ho-so-xa-ho-thi-ky-2026-qd9745-xa-dien-hinh.pdf"
    assert result.out.splitlines()[0] == f"Dossier: {path}"
    assert path.is_file()
    note, warning = result.err_lines  # what the check on arrival found, then the build's word
    assert (
        note.startswith("Note: evidence MC")
        and "“Ảnh hỏng” (hong.jpg): The file is cut short" in note
    )
    assert (
        warning.startswith("Warning: Evidence MC")
        and "“Ảnh hỏng”" in warning
        and "cut short" in warning
    )


def test_build_needs_one_assessment(run: Anninh, demo_dir: Path) -> None:
    result = run("dossier", "build", "32092", "--data-dir", demo_dir, *EN)
    assert result.code == 1
    assert "choose one with --set" in result.err
    assert not (demo_dir / "dossiers").exists()


def test_build_lists_criteria_lacking_evidence_first(run: Anninh, demo_dir: Path) -> None:
    ws = open_folder(demo_dir)
    try:
        unit = ws.store.units.by_code("32092")
        assert unit is not None
        a = next(
            x
            for x in ws.store.assessments.for_unit(unit.id)
            if ws.store.criteria.get(x.set_id).code == "tt124-xa-phuong" and x.year == 2026
        )
        for item in evidence_service.linked_items(ws, a.id, "5.1"):
            evidence_service.unlink(ws, item.id, a.id, "5.1")
    finally:
        ws.close()
    result = run(
        "dossier", "build", "32092", "--set", "tt124-xa-phuong", "--data-dir", demo_dir, *EN
    )
    assert result.code == 0
    assert result.err_lines == ["Note: criterion 5.1 requires evidence and has none linked."]
