"""At start, a copied or moved data folder is asked what it is (copy: own identity; moved: keep)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from anninh_desktop.services.sync import identity, relocation
from anninh_desktop.storage.database import transaction
from anninh_desktop.storage.meta import set_meta
from anninh_desktop.ui.sync.relocation_question import RelocationQuestion, ask_relocation


def _as_if_copied(ws) -> str:
    old = identity.ensure_identity(ws).installation_id
    with transaction(ws.store.db):
        set_meta(ws.store.db, relocation.PLACE_KEY, "made-elsewhere")
    assert relocation.relocated(ws)
    return old


def _click_later(pick) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, RelocationQuestion)
        pick(box).click()

    QTimer.singleShot(0, click)


def test_a_copy_gets_its_own_identity(qtbot, seeded_workspace) -> None:
    old = _as_if_copied(seeded_workspace)
    _click_later(lambda box: box.copy_button)
    assert ask_relocation(seeded_workspace) is True
    assert identity.ensure_identity(seeded_workspace).installation_id != old
    assert not relocation.relocated(seeded_workspace)


def test_a_moved_folder_keeps_its_identity(qtbot, seeded_workspace) -> None:
    old = _as_if_copied(seeded_workspace)
    _click_later(lambda box: box.moved_button)
    assert ask_relocation(seeded_workspace) is True
    assert identity.ensure_identity(seeded_workspace).installation_id == old
    assert not relocation.relocated(seeded_workspace)


def test_cancel_changes_nothing(qtbot, seeded_workspace) -> None:
    old = _as_if_copied(seeded_workspace)
    _click_later(lambda box: box.button(RelocationQuestion.StandardButton.Cancel))
    assert ask_relocation(seeded_workspace) is False
    assert identity.ensure_identity(seeded_workspace).installation_id == old
    assert relocation.relocated(seeded_workspace)  # asked again at the next start


def test_the_question_is_in_vietnamese(qtbot, vietnamese) -> None:
    box = RelocationQuestion()
    qtbot.addWidget(box)
    assert box.copy_button.text().startswith("Đây là")
    assert box.defaultButton() is box.copy_button
