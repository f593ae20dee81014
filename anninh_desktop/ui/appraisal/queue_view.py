"""The assessments this office appraises, grouped by commune: unit, set, year, state, since."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from anninh_desktop.domain.appraisal import Verdict
from anninh_desktop.domain.assessments import STATE_LABELS
from anninh_desktop.i18n import _
from anninh_desktop.services import assessment_service
from anninh_desktop.services.appraisal_service import CommuneQueue
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.column_fit import ColumnFitter

COL_UNIT, COL_YEAR, COL_STATE, COL_SINCE, COL_VERDICTS, COL_SET = range(6)
ID_ROLE = Qt.ItemDataRole.UserRole


class QueueView(QTreeWidget):
    assessmentChosen = Signal(str)  # assessment id, "" for none

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.setColumnCount(6)
        self.setHeaderLabels(
            [_("Unit"), _("Year"), _("State"), _("Since"), _("Verdicts"), _("Criterion set")]
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setRootIsDecorated(True)
        # Unit names first; in a narrow list the set, the date and the counts give way.
        self.columns = ColumnFitter(
            self,
            main=COL_UNIT,
            main_chars=18,
            drop_order=(COL_SET, COL_SINCE, COL_VERDICTS),
            max_chars={COL_SET: 30},
            extra=2 * self.indentation(),
        )
        self.currentItemChanged.connect(self._on_current_item_changed)

    def show_queues(self, queues: list[CommuneQueue]) -> None:
        chosen = self.current_id()
        self.blockSignals(True)
        self.clear()
        for q in queues:
            top = QTreeWidgetItem(self, [q.commune_name])
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for item in q.assessments:
                a = item.assessment
                since = assessment_service.state_since(self._ws, a.id)
                counts = ", ".join(
                    f"{item.verdicts.get(v.value, 0)}/{item.criteria}"
                    for v in (Verdict.AGREE, Verdict.DISAGREE, Verdict.NEEDS_MORE_EVIDENCE)
                )
                row = QTreeWidgetItem(
                    top,
                    [
                        item.unit_name,
                        str(a.year),
                        _(STATE_LABELS[a.state]),
                        format_date(since) if since else "—",
                        counts,
                        item.set_title,
                    ],
                )
                row.setData(COL_UNIT, ID_ROLE, a.id)
                row.setToolTip(COL_UNIT, item.unit_name)
                row.setToolTip(COL_SET, item.set_title)
                row.setToolTip(
                    COL_VERDICTS,
                    _("Agree / disagree / needs more evidence, of {count} criteria").format(
                        count=item.criteria
                    ),
                )
        self.expandAll()
        self.blockSignals(False)
        if chosen:
            self.choose(chosen)

    def current_id(self) -> str:
        item = self.currentItem()
        return str(item.data(COL_UNIT, ID_ROLE) or "") if item is not None else ""

    def ids(self) -> list[str]:
        return [
            str(self.topLevelItem(i).child(j).data(COL_UNIT, ID_ROLE))
            for i in range(self.topLevelItemCount())
            for j in range(self.topLevelItem(i).childCount())
        ]

    def choose(self, assessment_id: str) -> None:
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(COL_UNIT, ID_ROLE) == assessment_id:
                    self.setCurrentItem(top.child(j))
                    return

    def _on_current_item_changed(self, *_args: object) -> None:
        self.assessmentChosen.emit(self.current_id())
