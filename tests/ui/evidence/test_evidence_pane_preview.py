"""The preview: photos upright (EXIF), PDFs page by page, damaged files as a message, other files
described and opened through a copy."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from evidence_helpers import add_item, pdf, photo
from PySide6.QtCore import Qt

from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.services.demo import files
from anninh_desktop.ui.evidence.item_model import EVIDENCE_ROLE
from anninh_desktop.ui.evidence.thumbnails import render_thumbnail


def _show(pane, demo_workspace, context, name: str, data: bytes) -> str:
    evidence_id = add_item(demo_workspace, context.unit_id, name, data)
    pane.set_context(context.unit_id, context.assessment_id, context.ref)
    assert pane.select_evidence(evidence_id)
    return evidence_id


def test_a_photo_with_exif_orientation_6_is_shown_upright(pane, demo_workspace, context) -> None:
    data = photo(5, orientation=6, width=160, height=120)  # stored 120 × 160, shown 160 × 120
    evidence_id = _show(pane, demo_workspace, context, "IMG_0006.jpg", data)

    image = pane.preview.image()
    assert (image.width(), image.height()) == (160, 120)
    assert pane.preview.message() == ""
    assert pane.preview.name_label.text() == "IMG_0006.jpg"
    row = pane.unit_model.row_of(evidence_id)
    assert pane.unit_model.index(row).data(EVIDENCE_ROLE).kind is EvidenceKind.PHOTO
    revision = demo_workspace.store.evidence.latest_revision(evidence_id)
    thumb = render_thumbnail(demo_workspace.store.blobs.path_for(revision.sha256), "image/jpeg")
    assert thumb.width() == 48 and thumb.height() == 36  # upright too


def test_the_list_gets_thumbnails_made_off_the_gui_thread(pane, demo_workspace, context) -> None:
    evidence_id = _show(pane, demo_workspace, context, "IMG_0007.jpg", photo(7))
    index = pane.unit_model.index(pane.unit_model.row_of(evidence_id))
    placeholder = index.data(Qt.ItemDataRole.DecorationRole).cacheKey()
    pane.thumbnails.wait(5000)
    icon = index.data(Qt.ItemDataRole.DecorationRole)
    assert icon.cacheKey() != placeholder
    assert icon.availableSizes() and icon.availableSizes()[0].width() == 48


def test_a_pdf_is_shown_page_by_page(qtbot, pane, demo_workspace, context) -> None:
    _show(pane, demo_workspace, context, "Kế hoạch 05.pdf", pdf(pages=2))
    preview = pane.preview
    count = preview.page_count()
    assert count >= 2
    assert (preview.page(), preview.page_label.text()) == (1, f"Page 1 of {count}")
    assert not preview.previous_button.isEnabled()

    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)

    assert (preview.page(), preview.page_label.text()) == (2, f"Page 2 of {count}")
    assert preview.previous_button.isEnabled()
    qtbot.mouseClick(preview.previous_button, Qt.MouseButton.LeftButton)
    assert preview.page() == 1


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password="mat-khau", owner_password="mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("anh-hong.jpg", b"\xff\xd8\xff\xe0" + b"\x00garbage" * 50, "picture cannot be shown"),
        ("khong-phai-pdf.pdf", b"PK\x03\x04 this is a zip, not a PDF", "PDF cannot be shown"),
        ("bao-mat.pdf", None, "protected by a password"),
    ],
)
def test_a_damaged_or_locked_file_shows_a_message(
    pane, demo_workspace, context, name: str, data: bytes | None, expected: str
) -> None:
    _show(pane, demo_workspace, context, name, data if data is not None else _encrypted_pdf())
    assert expected in pane.preview.message()
    assert pane.preview.image().isNull()
    assert pane.preview.open_button.isEnabled()  # the system viewer may still manage


def test_other_files_are_described_and_opened_from_a_copy(
    qtbot, pane, demo_workspace, context, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = files.make_xlsx("Thống kê", ["Tháng", "Số vụ"], [["1", 0], ["2", 1]])
    evidence_id = _show(pane, demo_workspace, context, "thong-ke-2026.xlsx", data)
    assert "thong-ke-2026.xlsx" in pane.preview.info_label.text()
    assert "There is no preview" in pane.preview.info_label.text()
    opened: list[Path] = []
    monkeypatch.setattr(
        pane, "_open_url", lambda url: opened.append(Path(url.toLocalFile())) or True
    )

    qtbot.mouseClick(pane.preview.open_button, Qt.MouseButton.LeftButton)

    (copy,) = opened
    revision = demo_workspace.store.evidence.latest_revision(evidence_id)
    assert copy.name == "thong-ke-2026.xlsx"
    assert copy.read_bytes() == data
    assert copy != demo_workspace.store.blobs.path_for(revision.sha256)
    assert copy.is_relative_to(tmp_path)


def test_a_damaged_picture_says_why_in_vietnamese(pane, demo_workspace, context, vietnamese):
    _show(pane, demo_workspace, context, "anh-hong.jpg", b"\xff\xd8\xff\xe0" + b"\x00rac" * 50)
    message = pane.preview.message()
    assert (
        message.startswith("Không hiển thị được hình ảnh này")
        and "Tệp bị hỏng, không hiển thị được" in message
    )
    assert "Unable" not in message and "image data" not in message  # never Qt's English


def test_thumbnails_never_call_the_python_translator_from_their_worker(qapp, tmp_path) -> None:
    """Qt asks every translator for the error text of a bad picture; ours is Python. A worker
    waiting for Python inside Qt's locks while the GUI thread holds Python and waits for one of
    those locks froze the window: thumbnails are decoded without Qt's image readers."""
    import threading

    from PySide6.QtCore import QTranslator

    calls: list[str] = []

    class Spy(QTranslator):
        def translate(self, context, source_text, disambiguation=None, n=-1):
            calls.append(threading.current_thread().name)
            return None

        def isEmpty(self) -> bool:
            return False

    spy = Spy()
    qapp.installTranslator(spy)
    try:
        bad = tmp_path / "anh-hong.jpg"
        bad.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00hong" * 40)
        good = tmp_path / "anh.jpg"
        good.write_bytes(photo(3))
        results = []
        worker = threading.Thread(
            target=lambda: results.extend(render_thumbnail(p, "image/jpeg") for p in (bad, good)),
            name="thumbnail-worker",
        )
        worker.start()
        worker.join(10)
        assert not worker.is_alive()
    finally:
        qapp.removeTranslator(spy)
    assert results[0].isNull() and not results[1].isNull()
    assert "thumbnail-worker" not in calls
