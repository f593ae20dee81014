"""The office's officers offered while typing a person's name (e.g. who is responsible)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from anninh_desktop.services.people import officers as people
from anninh_desktop.services.workspace import Workspace


class _Refresh(QObject):
    """Reads the list again each time the field is entered (officers may have changed)."""

    def __init__(self, edit: QLineEdit, ws: Workspace, model: QStringListModel) -> None:
        super().__init__(edit)
        self._ws = ws
        self._model = model

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self._model.setStringList(officer_names(self._ws))
        return False


def officer_names(ws: Workspace) -> list[str]:
    """Each officer as "Rank Name — Position" would be long: rank and name only."""
    return [o.label for o in people.officers(ws)]


def offer_officer_names(edit: QLineEdit, ws: Workspace) -> QCompleter:
    model = QStringListModel(officer_names(ws), edit)
    completer = QCompleter(model, edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    edit.installEventFilter(_Refresh(edit, ws, model))
    return completer
