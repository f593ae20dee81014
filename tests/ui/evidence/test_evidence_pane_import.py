"""Adding files to the evidence pane: a drop, a folder with the real task runner, a cancel, errors."""

from __future__ import annotations

import threading

from evidence_helpers import blob_files, counts, drop, pdf, photo, write
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.services import evidence_import, evidence_service
from anninh_desktop.ui.evidence import EvidencePane
from anninh_desktop.ui.tasks import TaskRunner


def test_a_drop_adds_the_files_linked_to_the_current_criterion(
    qtbot, pane, demo_workspace, context, tmp_path
) -> None:
    before = pane.linked_model.rowCount()
    jpg = write(tmp_path / "in", "Họp dân ấp Tân Hưng.jpg", photo(7))
    plan = write(tmp_path / "in", "Kế hoạch 05.pdf", pdf())

    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        assert drop(pane, [jpg, plan])

    titles = {e.title: e for e in pane.linked_model.items()}
    assert pane.linked_model.rowCount() == before + 2
    assert titles["Họp dân ấp Tân Hưng"].kind is EvidenceKind.PHOTO
    assert titles["Kế hoạch 05"].kind is EvidenceKind.OTHER
    stored = evidence_service.linked_items(demo_workspace, context.assessment_id, context.ref)
    assert {"Họp dân ấp Tân Hưng", "Kế hoạch 05"} <= {e.title for e in stored}
    assert pane.status_label.text() == "2 files added."
    assert not pane.progress_row.isVisible()


def test_a_drop_on_a_list_inside_the_pane_is_taken_by_the_pane(
    qtbot, pane, demo_workspace, tmp_path
) -> None:
    before = counts(demo_workspace)[0]
    jpg = write(tmp_path / "in", "anh.jpg", photo(3))
    with qtbot.waitSignal(pane.evidenceChanged, timeout=5000):
        assert drop(pane.unit_view.viewport(), [jpg])
    assert counts(demo_workspace)[0] == before + 1


def _watch_progress(pane) -> list[tuple[int, str]]:
    """What the user sees of the progress: (bar value, text) at every change of the bar."""
    seen: list[tuple[int, str]] = []
    pane.progress_bar.valueChanged.connect(
        lambda value: seen.append((value, pane.progress_label.text()))
    )
    return seen


def _real_pane(qtbot, demo_workspace, context) -> tuple[EvidencePane, TaskRunner]:
    runner = TaskRunner()
    widget = EvidencePane(demo_workspace, runner)
    qtbot.addWidget(widget)
    widget.set_context(context.unit_id, context.assessment_id, context.ref)
    widget.show()
    return widget, runner


def test_a_folder_is_imported_on_a_worker_with_progress(
    qtbot, demo_workspace, context, tmp_path, monkeypatch
) -> None:
    pane, runner = _real_pane(qtbot, demo_workspace, context)
    scan = tmp_path / "scan"
    for i in range(30):
        write(scan / ("sub" if i % 2 else ""), f"IMG_{i:04d}.jpg", photo(i))
    write(scan, "Thumbs.db", b"cache")
    write(scan / ".thumbnails", "IMG_0001.jpg", photo(1))
    monkeypatch.setattr(pane, "_ask_folder", lambda: scan)
    before = counts(demo_workspace)
    seen = _watch_progress(pane)

    with qtbot.waitSignal(pane.evidenceChanged, timeout=20000):
        qtbot.mouseClick(pane.add_folder_button, Qt.MouseButton.LeftButton)
        assert pane.busy and pane.progress_row.isVisible()
        assert not pane.add_files_button.isEnabled()
    runner.wait(5000)

    after = counts(demo_workspace)
    assert after[0] - before[0] == 30 and after[2] - before[2] == 30
    texts = [text for _value, text in seen]
    assert texts[0] == "Looking for files…"
    assert texts[-1] == "30 of 30 files"
    assert all(text.endswith(" of 30 files") for text in texts[1:])
    values = [value for value, _text in seen]
    assert values == sorted(values)
    assert not pane.busy and not pane.progress_row.isVisible()
    assert pane.linked_model.rowCount() >= 30
    pane.thumbnails.wait(10000)


def test_a_cancelled_import_adds_nothing(
    qtbot, demo_workspace, context, tmp_path, monkeypatch
) -> None:
    pane, runner = _real_pane(qtbot, demo_workspace, context)
    scan = tmp_path / "scan"
    write(scan, "000-scan.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 6000)  # > one 1 MiB chunk
    for i in range(10):
        write(scan, f"IMG_{i:04d}.jpg", photo(i))
    before = counts(demo_workspace), blob_files(demo_workspace)
    started, release = threading.Event(), threading.Event()
    real_prepare = evidence_import.prepare

    def prepare_held_at_first_chunk(*args, progress, **kwargs):
        def held(done: int) -> None:
            if not started.is_set():
                started.set()
                release.wait(10)  # the worker waits here until the test has clicked Cancel
            progress(done)

        return real_prepare(*args, progress=held, **kwargs)

    monkeypatch.setattr(evidence_import, "prepare", prepare_held_at_first_chunk)
    monkeypatch.setattr(pane, "_ask_folder", lambda: scan)
    qtbot.mouseClick(pane.add_folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set, timeout=10000)
    assert pane.cancel_button.isEnabled()
    qtbot.mouseClick(pane.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not pane.busy, timeout=10000)
    runner.wait(5000)

    assert (counts(demo_workspace), blob_files(demo_workspace)) == before
    assert pane.status_label.text() == "Cancelled: nothing was added."
    assert not pane.progress_row.isVisible()
    assert pane.add_folder_button.isEnabled()


def test_a_file_that_vanished_gives_the_services_message(
    qtbot, pane, demo_workspace, tmp_path
) -> None:
    before = counts(demo_workspace)
    pane.import_paths([tmp_path / "gone.jpg"])
    box = pane.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert box.text() == f"File not found: {tmp_path / 'gone.jpg'}"
    assert counts(demo_workspace) == before
    assert not pane.busy and pane.add_files_button.isEnabled()


def test_an_empty_folder_says_so(qtbot, pane, tmp_path) -> None:
    (tmp_path / "empty" / ".hidden").mkdir(parents=True)
    pane.import_paths([tmp_path / "empty"])
    box = pane.findChild(QMessageBox)
    assert box is not None and "no files" in box.text()
