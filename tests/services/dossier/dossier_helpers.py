"""Shared helpers of the dossier tests: finding the demo's assessments, odd evidence files, poppler."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

from PIL import Image
from pypdf import PdfReader, PdfWriter

from anninh_desktop.domain.assessments import Assessment
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.evidence import Evidence
from anninh_desktop.services import evidence_service
from anninh_desktop.services.workspace import Workspace

MAIN_COMMUNE_CODE = "32092"
EXEMPLARY_SET = "qd9745-xa-dien-hinh"
TT124_COMMUNE_SET = "tt124-xa-phuong"
PASSWORD = "mật-khẩu-2026"


def demo_assessment(ws: Workspace, set_code: str, year: int = 2026) -> Assessment:
    """The main commune's assessment of a set, found through the store like the CLI does."""
    unit = ws.store.units.by_code(MAIN_COMMUNE_CODE)
    assert unit is not None
    for a in ws.store.assessments.for_unit(unit.id):
        if a.year == year and ws.store.criteria.get(a.set_id).code == set_code:
            return a
    raise AssertionError(f"no {set_code} {year} assessment in the demo")


def jpeg_orientation(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as im:
        return int(im.getexif().get(0x0112, 1))


def unit_photos(ws: Workspace, unit_id: str) -> list[tuple[Evidence, bytes]]:
    """The unit's JPEG evidence with the bytes of its latest file."""
    out = []
    for item in ws.store.evidence.for_unit(unit_id):
        revision = ws.store.evidence.latest_revision(item.id)
        if revision and revision.filename.lower().endswith(".jpg"):
            out.append((item, ws.store.blobs.path_for(revision.sha256).read_bytes()))
    return out


def a_demo_pdf(ws: Workspace, unit_id: str) -> bytes:
    for item in ws.store.evidence.for_unit(unit_id):
        revision = ws.store.evidence.latest_revision(item.id)
        if revision and revision.filename.endswith(".pdf"):
            return ws.store.blobs.path_for(revision.sha256).read_bytes()
    raise AssertionError("the demo has no PDF evidence")


def encrypted_pdf(source: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source)))
    writer.encrypt(user_password=user_password, owner_password="chủ-sở-hữu", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_picture(width: int = 300, height: int = 200) -> bytes:
    picture = Image.new("RGB", (width, height), (30, 120, 200))
    for x in range(width // 2):
        for y in range(height // 2):
            picture.putpixel((x, y), (220, 40, 40))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def add_evidence(
    ws: Workspace,
    assessment: Assessment,
    data: bytes,
    filename: str,
    title: str,
    refs: list[str],
    kind: EvidenceKind = EvidenceKind.OTHER,
) -> Evidence:
    return evidence_service.add_content(
        ws,
        assessment.unit_id,
        data,
        filename,
        evidence_service.EvidenceMetadata(title=title, kind=kind),
        link_to=[(assessment.id, ref) for ref in refs],
    )


def run(*args: str | Path) -> str:
    return subprocess.run(
        [str(a) for a in args], check=True, capture_output=True, text=True, encoding="utf-8"
    ).stdout


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext of the file (or some pages), NFC, whitespace runs as single spaces."""
    options: list[str] = []
    if first is not None:
        options += ["-f", str(first)]
    if last is not None:
        options += ["-l", str(last)]
    text = run("pdftotext", *options, "-enc", "UTF-8", path, "-")
    return squash(text)


def words_with_boxes(path: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, x_min, y_min, x_max, y_max) of one page, y from the top (pdftotext -bbox)."""
    html = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-enc", "UTF-8", path, "-")
    pattern = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (unicodedata.normalize("NFC", w), float(a), float(b), float(c), float(d))
        for a, b, c, d, w in pattern.findall(html)
    ]


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())
