"""Files for the evidence pane's tests (made with the demo generators) and a simulated drop."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from typing_helpers import drop  # noqa: F401 - the evidence tests import it from here

from anninh_desktop.services import evidence_service
from anninh_desktop.services.demo import files
from anninh_desktop.services.evidence_service import EvidenceMetadata

TAKEN = datetime(2026, 2, 4, 9, 30)


def photo(seed: int = 1, *, orientation: int = 1, width: int = 160, height: int = 120) -> bytes:
    return files.make_photo_jpeg(
        random.Random(seed), width, height, f"Ảnh {seed}", orientation=orientation, taken=TAKEN
    )


def pdf(pages: int = 1) -> bytes:
    paragraphs = ["Căn cứ kết quả thực hiện các tiêu chí về an ninh, trật tự năm 2026."]
    paragraphs *= 1 if pages == 1 else 40
    return files.make_pdf_document(
        "KẾ HOẠCH\nBảo vệ an ninh, trật tự năm 2026",
        paragraphs,
        issuer="CÔNG AN TỈNH CÀ MAU\nCÔNG AN XÃ HỒ THỊ KỶ",
        number="05/KH-CAX",
        place_date="Hồ Thị Kỷ, ngày 05 tháng 01 năm 2026",
    )


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def add_item(ws, unit_id: str, name: str, data: bytes, title: str | None = None) -> str:
    """Store bytes as a new item of the unit (not linked): its id."""
    meta = EvidenceMetadata(
        title=title or Path(name).stem, kind=evidence_service.guess_kind(Path(name))
    )
    return evidence_service.add_content(ws, unit_id, data, name, meta).id


def blob_files(ws) -> set[Path]:
    return {p for p in ws.store.blobs.root.rglob("*") if p.is_file()}


def counts(ws) -> tuple[int, ...]:
    db = ws.store.db
    return tuple(
        db.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0]
        for table in ("evidence", "evidence_revision", "evidence_link")
    )
