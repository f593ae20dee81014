"""The evidence pane with awkward files: refusals said and nothing stored, warnings shown in the
list, the preview and the revisions, the question about files already evidence of the unit, true
tones in thumbnails and preview, and the dossier's evidence check."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence_helpers import counts, drop, pdf, write
from fixtures import awkward_files as af
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from anninh_desktop.domain.evidence import FileCheck
from anninh_desktop.services import evidence_service
from anninh_desktop.ui.evidence.item_model import WARNING_ROLE
from anninh_desktop.ui.evidence.preview import IMAGE_BOUND
from anninh_desktop.ui.evidence.thumbnails import read_image, render_thumbnail


def _row_of(model, title: str) -> int:
    rows = [row for row, item in enumerate(model.items()) if item.title == title]
    assert rows, title
    return rows[0]


def test_refused_files_are_named_and_nothing_of_them_is_stored(
    qtbot, pane, demo_workspace, tmp_path
) -> None:
    before = counts(demo_workspace)
    good = write(tmp_path / "in", "Kế hoạch 05.pdf", pdf())
    empty = write(tmp_path / "in", "Biên bản trống.pdf", b"")
    text = write(tmp_path / "in", "Ảnh họp dân.jpg", "Biên bản họp dân.\n".encode() * 40)

    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        assert drop(pane, [good, empty, text])

    assert counts(demo_workspace)[0] == before[0] + 1
    assert pane.status_label.text() == "1 file added. 2 files were refused."
    box = pane.imports.report
    assert box is not None and box.isVisible()
    details = box.informativeText()
    assert "“Biên bản trống.pdf” is empty (0 bytes)" in details
    assert "“Ảnh họp dân.jpg” is named as a picture but its content is text" in details


def test_only_refused_files_change_nothing(qtbot, pane, demo_workspace, tmp_path) -> None:
    before = counts(demo_workspace)
    pane.import_paths([write(tmp_path / "in", "trong.pdf", b"")])
    assert counts(demo_workspace) == before
    assert pane.status_label.text() == "1 file was refused."
    assert "“trong.pdf” is empty" in pane.imports.report.informativeText()


def test_a_warning_shows_in_the_list_the_preview_and_the_revisions(
    qtbot, pane, demo_workspace, context, tmp_path
) -> None:
    cut = write(tmp_path / "in", "Ảnh bị cắt.jpg", af.photo(9)[:-300])
    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        pane.import_paths([cut])
    assert pane.status_label.text() == "1 file added. 1 file was added with a warning."
    assert "“Ảnh bị cắt”: The file is cut short" in pane.imports.report.informativeText()

    row = _row_of(pane.linked_model, "Ảnh bị cắt")
    index = pane.linked_model.index(row)
    assert index.data(Qt.ItemDataRole.DisplayRole).splitlines()[1].startswith("⚠ File cut short")
    assert FileCheck(index.data(WARNING_ROLE)) is FileCheck.TRUNCATED
    assert index.data(Qt.ItemDataRole.ForegroundRole) == QColor("#9a3412")
    assert "Copy it again from the original" in index.data(Qt.ItemDataRole.ToolTipRole)

    assert pane.current_evidence_id() == pane.linked_model.items()[row].id
    assert pane.preview.warning().startswith("⚠ The file is cut short: part of its content")
    assert pane.preview.warning_label.isVisible()
    revision_cell = pane.form.revisions_model.item(0, 1)
    assert revision_cell.text() == "Ảnh bị cắt.jpg — ⚠ File cut short"

    other = write(tmp_path / "in", "Kế hoạch.pdf", pdf())
    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        pane.import_paths([other])
    assert pane.preview.warning() == ""  # the next item has none
    assert not pane.preview.warning_label.isVisible()


def test_a_file_already_evidence_asks_and_links_the_existing_item(
    qtbot, pane, demo_workspace, context, tmp_path
) -> None:
    first = write(tmp_path / "in", "Kế hoạch 05.pdf", pdf())
    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        pane.import_paths([first])
    (existing,) = [e for e in pane.linked_model.items() if e.title == "Kế hoạch 05"]
    pane.set_context(context.unit_id, context.assessment_id, context.other_ref)
    linked_before = [e.id for e in pane.linked_model.items()]
    assert existing.id not in linked_before
    before = counts(demo_workspace)
    copy = write(tmp_path / "usb", "ban sao ke hoach.pdf", pdf())

    pane.import_paths([copy])

    question = pane.imports.question
    assert question is not None and question.isVisible()
    assert question.text() == (
        f"1 file is already evidence of this unit. Link the existing item to criterion "
        f"{context.other_ref} instead of adding a second copy?"
    )
    assert question.informativeText() == (
        "“ban sao ke hoach.pdf” is already the evidence “Kế hoạch 05”."
    )
    assert question.link_button.text() == "Link the existing item"
    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        question.link_button.click()

    after = counts(demo_workspace)
    assert (after[0], after[1], after[2]) == (before[0], before[1], before[2] + 1)
    assert sorted(e.id for e in pane.linked_model.items()) == sorted([*linked_before, existing.id])
    assert pane.current_evidence_id() == existing.id
    assert pane.status_label.text() == (
        f"1 file was already evidence of this unit: the existing item is linked to criterion "
        f"{context.other_ref} instead of a second copy."
    )


@pytest.mark.parametrize("answer", ["add", "cancel"])
def test_the_other_answers_add_a_new_item_or_nothing(
    qtbot, pane, demo_workspace, tmp_path, answer: str
) -> None:
    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        pane.import_paths([write(tmp_path / "in", "Kế hoạch 05.pdf", pdf())])
    before = counts(demo_workspace)

    pane.import_paths([write(tmp_path / "usb", "ban sao.pdf", pdf())])
    question = pane.imports.question
    assert question is not None
    if answer == "add":
        with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
            question.add_button.click()
        assert counts(demo_workspace)[0] == before[0] + 1
        assert pane.status_label.text() == "1 file added."
    else:
        question.cancel_button.click()
        assert counts(demo_workspace) == before
        assert pane.status_label.text() == "Cancelled: nothing was added."
    assert pane.imports.question is None


def test_a_folder_with_duplicates_asks_once_for_all_of_them(
    qtbot, pane, demo_workspace, tmp_path
) -> None:
    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        pane.import_paths([write(tmp_path / "in", "IMG_0001.jpg", af.photo(1))])
    scan = tmp_path / "scan"
    write(scan, "IMG_0001.jpg", af.photo(1))
    write(scan, "IMG_0001 (copy).jpg", af.photo(1))
    write(scan, "IMG_0002.jpg", af.photo(2))
    before = counts(demo_workspace)

    pane.import_paths([scan])

    question = pane.imports.question
    assert question.text().startswith("2 files are already evidence of this unit.")
    assert question.informativeText().splitlines() == [
        "“IMG_0001 (copy).jpg” is already the evidence “IMG_0001”.",
        "“IMG_0001.jpg” is already the evidence “IMG_0001”.",
    ]
    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        question.link_button.click()
    assert counts(demo_workspace)[0] == before[0] + 1  # only IMG_0002 is new
    assert pane.status_label.text().startswith("1 file added. 2 files were already evidence")


def test_the_question_speaks_vietnamese(qtbot, pane, tmp_path, vietnamese, context) -> None:
    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        pane.import_paths([write(tmp_path / "in", "Kế hoạch 05.pdf", pdf())])
    pane.import_paths([write(tmp_path / "usb", "bản sao.pdf", pdf())])
    question = pane.imports.question
    assert question.windowTitle() == "Đã là minh chứng của đơn vị"
    assert question.text() == (
        f"1 tệp đã là minh chứng của đơn vị này. Gắn mục đã có vào tiêu chí {context.ref} thay "
        "vì thêm bản thứ hai?"
    )
    assert [question.link_button.text(), question.add_button.text()] == [
        "Gắn mục đã có",
        "Vẫn thêm thành mục mới",
    ]
    question.cancel_button.click()


def _pixel(image, x: float = 0.5, y: float = 0.5) -> tuple[int, int, int]:
    colour = image.pixelColor(int(image.width() * x), int(image.height() * y))
    return colour.red(), colour.green(), colour.blue()


@pytest.mark.parametrize(
    ("name", "data", "wanted"),
    [
        ("quet-16bit.png", af.grey16_png(40000), (156, 156, 156)),
        ("so-do.png", af.palette_png((10, 200, 30)), (10, 200, 30)),
        ("con-dau.png", af.rgba_png((255, 0, 0, 128)), (255, 127, 127)),
        ("in-an.tif", af.cmyk_tiff((0, 255, 255, 0)), (255, 0, 0)),
        ("anh-cmyk.jpg", af.cmyk_jpeg((0, 255, 255, 0)), (255, 0, 0)),
    ],
)
def test_thumbnails_and_preview_show_true_tones(
    qtbot, pane, demo_workspace, tmp_path, name: str, data: bytes, wanted
) -> None:
    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        pane.import_paths([write(tmp_path / "in", name, data)])
    tolerance = 6 if name.endswith(".jpg") else 1
    shown = _pixel(pane.preview.image())
    assert all(abs(a - b) <= tolerance for a, b in zip(shown, wanted, strict=True)), shown
    path = tmp_path / "in" / name
    thumbnail = render_thumbnail(path, "image/png")
    assert max(thumbnail.width(), thumbnail.height()) == 48
    thumb = _pixel(thumbnail)
    assert all(abs(a - b) <= tolerance for a, b in zip(thumb, wanted, strict=True)), thumb


def test_a_30000_pixel_picture_is_previewed_scaled_down(tmp_path) -> None:
    path = write(tmp_path, "ban-do.jpg", af.huge_grey_jpeg(30000, 30000))
    image, error = read_image(path, IMAGE_BOUND)
    assert error == ""
    assert (image.width(), image.height()) == (IMAGE_BOUND, IMAGE_BOUND)
    assert _pixel(image) == (128, 128, 128)


def test_a_picture_that_cannot_be_shown_says_why_in_words(tmp_path, vietnamese) -> None:
    image, error = read_image(write(tmp_path, "iphone.heic", af.heic()), IMAGE_BOUND)
    assert image.isNull()
    assert error.startswith("Chương trình không hiển thị được loại ảnh này")
    assert "Unable" not in error  # no English from Qt's reader


def test_the_dossier_check_lists_evidence_with_a_warning(
    qtbot, demo_workspace, context, inline_tasks
) -> None:
    from anninh_desktop.ui.dossier import DossierDialog

    item = evidence_service.add_content(
        demo_workspace,
        context.unit_id,
        af.encrypted_pdf(af.pdf("Báo cáo")),
        "bao-cao-mat-khau.pdf",
        evidence_service.EvidenceMetadata("Báo cáo có mật khẩu"),
        link_to=[(context.assessment_id, context.ref)],
    )
    assert demo_workspace.store.evidence.revisions(item.id)[0].check is FileCheck.ENCRYPTED
    dialog = DossierDialog(demo_workspace, context.assessment_id, inline_tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.file_warnings
    assert view.isVisible()
    (warning,) = [w for w in view.warnings if w.title == "Báo cáo có mật khẩu"]
    text = view.label.text()
    assert (
        f"{warning.code} “Báo cáo có mật khẩu” (criterion {context.ref}; bao-cao-mat-khau.pdf)"
        in (text)
    )
    assert "bao-cao-mat-khau.pdf): The file is protected by a password" in text
    assert text.splitlines()[0].endswith("with the file attached.")
    dialog.close()


def test_files_dropped_at_once_get_one_summary(qtbot, pane, demo_workspace, tmp_path) -> None:
    files = [write(tmp_path / "in", f"IMG_{i}.jpg", af.photo(i)) for i in range(3)]
    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        drop(pane, files)
    assert pane.status_label.text() == "3 files added."
    assert pane.imports.report is None  # nothing to explain
    assert Path(files[0]).exists()


def test_a_picture_only_qt_reads_is_still_previewed(tmp_path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    svg += '<rect width="40" height="20" fill="#00aa00"/></svg>'
    image, error = read_image(write(tmp_path, "so-do.svg", svg.encode()), IMAGE_BOUND)
    assert error == "" and (image.width(), image.height()) == (40, 20)
    assert _pixel(image) == (0, 170, 0)
