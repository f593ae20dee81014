"""Issue 5 in the window: two PCs of one commune edit the same result, exchange packages, and a
person resolves the conflict field by field in Sync ▸ Conflicts…; both PCs then end equal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, open_folder, seeded_template
from PySide6.QtWidgets import QMenu
from sync_ui_helpers import COMMUNE_CODE, COMMUNE_OFFICE

from anninh_desktop.services import assessment_service
from anninh_desktop.services.criteria_service import find_set
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.conflicts import list_conflicts
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.sync.actions import SyncActions
from anninh_desktop.ui.sync.conflict_fields import EDIT, TAKE_THEIRS
from anninh_desktop.ui.sync.conflicts_dialog import ConflictsDialog
from anninh_desktop.ui.sync.import_dialog import PAGE_PREVIEW, PAGE_RESULT, ImportDialog

pytestmark = pytest.mark.slow

ROW = "SELECT note, responsible, work_status, changed_by FROM result WHERE id = ?"


@dataclass
class TwoPCs:
    a: Workspace
    b: Workspace
    assessment_id: str
    ref: str
    folder: Path


@pytest.fixture()
def two_pcs(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[TwoPCs]:
    """PC 1 registers the commune's assessment; PC 2 is a copy of its data folder (new id)."""
    first = open_folder(copy_folder(seeded_template(tmp_path_factory), tmp_path / "A"))
    unit = first.store.units.by_code(COMMUNE_CODE)
    assert unit is not None
    criterion_set = find_set(first, "tt124-xa-phuong")
    assessment = assessment_service.register(first, unit.id, criterion_set, 2026)
    ref = criterion_set.assessable_criteria()[0].ref
    identity.set_office(first, COMMUNE_OFFICE, unit.id)
    first.close()
    copy_folder(tmp_path / "A", tmp_path / "B")
    a, b = open_folder(tmp_path / "A"), open_folder(tmp_path / "B")
    identity.new_installation_id_for_copy(b)
    cards = tmp_path / "cards"
    cards.mkdir()
    for x, y, name in ((a, b, "a"), (b, a, "b")):
        identity.export_card(x, cards / f"{name}.json")
        identity.import_card(y, cards / f"{name}.json", trust=True)
    yield TwoPCs(a, b, assessment.id, ref, tmp_path)
    a.close()
    b.close()


def _id(ws: Workspace) -> str:
    return identity.ensure_identity(ws).installation_id


def test_a_conflict_is_seen_in_the_import_and_resolved_field_by_field(
    qtbot, two_pcs: TwoPCs, inline_tasks
) -> None:
    a, b, aid, ref = two_pcs.a, two_pcs.b, two_pcs.assessment_id, two_pcs.ref
    result_id = a.store.assessments.results(aid)[ref].id
    assessment_service.update_result(
        a, aid, ref, note="Đã họp dân ở ấp Cái Rắn", responsible="Thượng úy Nguyễn Văn An"
    )
    assessment_service.update_result(
        b, aid, ref, note="Đã họp dân ở ấp Tân Hưng", responsible="Đại úy Trần Thị Bình"
    )
    # Both send before hearing from the other; B applies A's package (services).
    out_a = export_package(a, _id(b), two_pcs.folder / "usb1")
    out_b = export_package(b, _id(a), two_pcs.folder / "usb2")
    # One: the result. The assessment row both PCs moved to "in progress" has the same values
    # on both sides: its versions merge without a conflict.
    assert apply_package(b, read_package(b, out_a.path)).conflicts == 1

    # PC 1 imports PC 2's package in the window: the preview counts the conflict.
    host = ConflictsDialog(a)  # any parent widget for the actions
    qtbot.addWidget(host)
    actions = SyncActions(a, inline_tasks, None, host)
    file_menu, sync_menu = QMenu(host), QMenu(host)
    actions.add_to(file_menu, sync_menu)
    assert actions.conflicts_action in sync_menu.actions()
    imp = actions.import_file(out_b.path)
    assert isinstance(imp, ImportDialog)
    qtbot.addWidget(imp)
    assert imp.page() == PAGE_PREVIEW
    total = imp.preview_view.row_texts()[-1]
    assert total[0] == "Total" and total[-1] == "1"
    assert not imp.conflicts_button.isVisible()
    imp.apply_button.click()
    assert imp.page() == PAGE_RESULT
    assert "1 conflict kept for review" in imp.result_label.text()
    assert imp.conflicts_button.isVisible()

    # "Review the conflicts…" opens the dialog on the field diff.
    imp.conflicts_button.click()
    dialog = actions.conflicts_dialog
    assert isinstance(dialog, ConflictsDialog)
    qtbot.addWidget(dialog)
    assert [v.table for v in dialog.views] == ["result"]
    listed = [[dialog.list.item(0, c).text() for c in range(3)]]
    assert listed == [["Xã Hồ Thị Kỷ", f"{ref} — Note, Responsible", COMMUNE_OFFICE]]
    fields = dialog.fields
    assert fields.field_names() == ["note", "responsible"]
    cells = [[fields.item(r, c).text() for c in range(4)] for r in range(2)]
    shown = a.store.db.execute(ROW, [result_id]).fetchone()
    assert cells[0][:3] == ["Note", "Đã họp dân ở ấp Cái Rắn", "Đã họp dân ở ấp Tân Hưng"]
    assert cells[1][:3] == ["Responsible", "Thượng úy Nguyễn Văn An", "Đại úy Trần Thị Bình"]
    assert [cells[0][3], cells[1][3]] == [shown[0], shown[1]]  # the deterministic winner
    assert actions.update_conflict_count() == 1
    assert (
        actions.conflicts_action is not None
        and actions.conflicts_action.text() == "&Conflicts (1)…"
    )
    resolved: list[bool] = []
    actions.conflictsResolved.connect(lambda: resolved.append(True))

    # Take theirs for the note, type the responsible person, Resolve.
    fields.choose("note", TAKE_THEIRS)
    fields.choose("responsible", EDIT, "Thiếu tá Lê Văn Cường")
    assert fields.editor("responsible").isEnabled() and not fields.editor("note").isEnabled()
    dialog.resolve_button.click()
    assert resolved == [True]
    assert dialog.list.rowCount() == 0 and not dialog.resolve_button.isEnabled()
    assert "Resolved" in dialog.message.text()
    assert actions.conflicts_action is not None
    assert actions.conflicts_action.text() == "&Conflicts…"
    row_a = a.store.db.execute(ROW, [result_id]).fetchone()
    assert row_a[:2] == ("Đã họp dân ở ấp Tân Hưng", "Thiếu tá Lê Văn Cường")
    assert row_a[3] == _id(a)
    assert list_conflicts(a) == []

    # The resolution travels: PC 2 imports it and both end equal, nothing left open.
    apply_package(b, read_package(b, export_package(a, _id(b), two_pcs.folder / "usb3").path))
    apply_package(a, read_package(a, export_package(b, _id(a), two_pcs.folder / "usb4").path))
    assert b.store.db.execute(ROW, [result_id]).fetchone() == row_a
    assert a.store.db.execute(ROW, [result_id]).fetchone() == row_a
    assert list_conflicts(b) == [] and list_conflicts(a) == []


def test_a_refused_value_is_shown_and_nothing_changes(qtbot, two_pcs: TwoPCs) -> None:
    a, b, aid, ref = two_pcs.a, two_pcs.b, two_pcs.assessment_id, two_pcs.ref
    assessment_service.update_result(a, aid, ref, work_status="in_progress")
    assessment_service.update_result(b, aid, ref, work_status="done")
    out_b = export_package(b, _id(a), two_pcs.folder / "usb")
    assert apply_package(a, read_package(a, out_b.path)).conflicts == 1
    dialog = ConflictsDialog(a)
    qtbot.addWidget(dialog)
    dialog.select(dialog.views[0].id)
    assert dialog.fields.field_names() == ["work_status"]
    assert "(in_progress)" in dialog.fields.item(0, 1).text()
    dialog.fields.choose("work_status", EDIT, "sleeping")
    assert dialog.resolve() is False
    assert "work_status takes one of" in dialog.message.text()
    assert len(list_conflicts(a)) == 1 and dialog.list.rowCount() == 1
