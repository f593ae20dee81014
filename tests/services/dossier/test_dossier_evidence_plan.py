"""What each kind of evidence file becomes in the dossier, and what a bad one gives."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import datetime

import pytest
from dossier_helpers import PASSWORD, encrypted_pdf, png_picture
from PIL import Image
from reportlab.pdfgen import canvas

from anninh_desktop.domain.evidence import Evidence, EvidenceRevision
from anninh_desktop.services.clock import VIETNAM_TZ
from anninh_desktop.services.dossier.evidence_plan import (
    PlannedItem,
    Problem,
    Treatment,
    plan_evidence,
)
from anninh_desktop.services.dossier.facts import EvidenceEntry
from anninh_desktop.services.errors import Cancelled
from anninh_desktop.services.workspace import Workspace


def _pdf(pages: int) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    for n in range(pages):
        c.drawString(100, 700, f"page {n + 1}")
        c.showPage()
    c.save()
    return out.getvalue()


def _jpeg(mode: str = "RGB", orientation: int = 1) -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.new(mode, (64, 48), 128 if mode == "L" else None).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _tiff(frames: int) -> bytes:
    out = io.BytesIO()
    pictures = [Image.new("RGB", (40, 30), (i * 60, 0, 0)) for i in range(frames)]
    pictures[0].save(out, "TIFF", save_all=True, append_images=pictures[1:])
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _entry(
    ws: Workspace, data: bytes | None, filename: str, *, store: bool = True, number: int = 1
) -> EvidenceEntry:
    sha = hashlib.sha256(data or b"").hexdigest()
    if store and data is not None:
        ws.store.blobs.import_bytes(data)
    revision = None
    if data is not None:
        revision = EvidenceRevision(
            id=f"r{number}",
            evidence_id=f"e{number}",
            revision=1,
            sha256=sha,
            size=len(data),
            filename=filename,
            media_type="application/octet-stream",
            added_at=datetime(2026, 3, 2, tzinfo=VIETNAM_TZ),
        )
    evidence = Evidence(id=f"e{number}", unit_id="u", title=f"Minh chứng {filename}")
    return EvidenceEntry(
        code=f"MC{number:02d}", number=number, evidence=evidence, revision=revision, refs=("1",)
    )


def _plan(ws: Workspace, entry: EvidenceEntry) -> tuple[PlannedItem, list[str]]:
    planned, warnings = plan_evidence(ws, [entry])
    return planned[0], warnings


@pytest.mark.parametrize(
    ("data", "name", "treatment", "pages", "attach"),
    [
        (_jpeg(), "anh.jpg", Treatment.PHOTO, 1, False),
        (_jpeg("L"), "anh-xam.jpg", Treatment.PHOTO, 1, False),
        (_jpeg("CMYK"), "anh-in.jpg", Treatment.PHOTO, 1, False),
        (png_picture(), "so-do.png", Treatment.IMAGE, 1, False),
        (_tiff(3), "ban-quet.tif", Treatment.IMAGE, 3, False),
        (_pdf(4), "ke-hoach.pdf", Treatment.PDF, 4, False),
        (_zip(), "bien-ban.docx", Treatment.ATTACHMENT, 1, True),
        (b"\x00\x00\x00\x18ftypmp42" + bytes(200), "video.mp4", Treatment.ATTACHMENT, 1, True),
    ],
)
def test_treatments(
    ws: Workspace, data: bytes, name: str, treatment: Treatment, pages: int, attach: bool
) -> None:
    item, warnings = _plan(ws, _entry(ws, data, name))
    assert (item.treatment, item.pages, item.attach, item.problem) == (
        treatment,
        pages,
        attach,
        None,
    )
    assert warnings == []


def test_jpeg_details(ws: Workspace) -> None:
    item, _w = _plan(ws, _entry(ws, _jpeg(orientation=6), "xoay.jpg"))
    assert item.jpeg is not None
    assert (item.jpeg.width, item.jpeg.height, item.jpeg.orientation) == (64, 48, 6)
    assert item.jpeg.colour_space == "/DeviceRGB" and not item.jpeg.inverted
    cmyk, _w = _plan(ws, _entry(ws, _jpeg("CMYK"), "in.jpg"))
    assert cmyk.jpeg is not None and cmyk.jpeg.colour_space == "/DeviceCMYK" and cmyk.jpeg.inverted


def test_a_pdf_with_an_owner_password_only_is_appended(ws: Workspace) -> None:
    item, warnings = _plan(ws, _entry(ws, encrypted_pdf(_pdf(2), ""), "chi-doc.pdf"))
    assert (item.treatment, item.pages, warnings) == (Treatment.PDF, 2, [])


@pytest.mark.parametrize(
    ("data", "name", "problem", "attach", "words"),
    [
        (encrypted_pdf(_pdf(2), PASSWORD), "khoa.pdf", Problem.ENCRYPTED, True, "password"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4, "hong.pdf", Problem.DAMAGED, True, "damaged"),
        (_pdf(3)[:400], "cut.pdf", Problem.TRUNCATED, True, "cut short"),
        (_jpeg()[:300], "cut.jpg", Problem.TRUNCATED, True, "cut short"),
        (_jpeg()[:-40], "cut-late.jpg", Problem.TRUNCATED, True, "cut short"),
        (png_picture()[:200], "cut.png", Problem.TRUNCATED, True, "cut short"),
        (
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
            "hong.png",
            Problem.DAMAGED,
            True,
            "damaged",
        ),
        (
            b"\x00\x00\x00\x18ftypheic" + bytes(300),
            "iphone.heic",
            Problem.UNRENDERABLE,
            True,
            "JPEG",
        ),
    ],
)
def test_bad_files_become_placeholders_with_a_warning(
    ws: Workspace, data: bytes, name: str, problem: Problem, attach: bool, words: str
) -> None:
    item, warnings = _plan(ws, _entry(ws, data, name))
    assert (item.treatment, item.pages, item.problem, item.attach) == (
        Treatment.PLACEHOLDER,
        1,
        problem,
        attach,
    )
    assert item.data == data  # the original is kept to attach
    assert len(warnings) == 1 and "MC01" in warnings[0] and words in warnings[0]


def test_missing_and_altered_files(ws: Workspace) -> None:
    missing, warnings = _plan(ws, _entry(ws, _pdf(1), "mat.pdf", store=False))
    assert (missing.problem, missing.attach, missing.data) == (Problem.MISSING, False, None)
    assert "missing" in warnings[0]

    no_file, _w = _plan(ws, _entry(ws, None, "-"))
    assert no_file.problem is Problem.MISSING

    data = _pdf(1)
    entry = _entry(ws, data, "doi.pdf", number=7)
    assert entry.revision is not None
    path = ws.store.blobs.path_for(entry.revision.sha256)
    path.chmod(0o644)
    path.write_bytes(data + b"% changed on disk")
    altered, warnings = _plan(ws, entry)
    assert (altered.problem, altered.attach) == (Problem.MISMATCH, False)
    assert "MC07" in warnings[0] and "SHA-256" in warnings[0]


def test_planning_can_be_cancelled(ws: Workspace) -> None:
    entries = [_entry(ws, _pdf(1), f"{n}.pdf", number=n) for n in range(1, 4)]
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(Cancelled):
        plan_evidence(ws, entries, cancel=cancel)
    assert len(asked) == 2
