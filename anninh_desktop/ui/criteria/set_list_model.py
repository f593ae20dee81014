"""The list of criterion sets: one row per code, its versions below it (newest first)."""

from __future__ import annotations

from itertools import groupby

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.formatting import format_date

COL_TITLE, COL_VERSION, COL_SCOPE, COL_TEXT, COL_IN_USE, COL_VALID = range(6)
SET_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # on the title item of a version row
CODE_ROLE = Qt.ItemDataRole.UserRole + 2  # on the title item of code and version rows


def scope_label(s: CriterionSet) -> str:
    """ "National" or "Province 96"."""
    if s.province_code:
        return _("Province {code}").format(code=s.province_code)
    return _("National")


def completeness_label(s: CriterionSet) -> str:
    return _("Complete") if s.complete else _("Incomplete")


def validity_label(s: CriterionSet) -> str:
    if s.valid_from and s.valid_to:
        return _("{start} – {end}").format(
            start=format_date(s.valid_from), end=format_date(s.valid_to)
        )
    if s.valid_from:
        return _("from {start}").format(start=format_date(s.valid_from))
    if s.valid_to:
        return _("until {end}").format(end=format_date(s.valid_to))
    return ""


def _headers() -> list[str]:
    return [_("Set"), _("Version"), _("Scope"), _("Text"), _("In use"), _("Valid")]


def build_set_list_model(sets: list[CriterionSet], in_use: set[str]) -> QStandardItemModel:
    """Sets grouped by code (sorted by code), versions newest first; `in_use` holds set ids."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(_headers())
    ordered = sorted(sets, key=lambda s: (s.code, -s.version))
    for code, versions_iter in groupby(ordered, key=lambda s: s.code):
        versions = list(versions_iter)
        latest = versions[0]
        head = QStandardItem(latest.title)
        head.setData(code, CODE_ROLE)
        head.setToolTip(f"{latest.title}\n{code}")
        bold = QFont()
        bold.setBold(True)
        head.setFont(bold)
        head_row = [head] + [QStandardItem("") for _i in range(COL_VALID)]
        head_row[COL_VERSION].setText(
            ngettext("{count} version", "{count} versions", len(versions)).format(
                count=len(versions)
            )
        )
        head_row[COL_SCOPE].setText(scope_label(latest))
        for item in head_row:
            item.setEditable(False)
        for s in versions:
            title = QStandardItem(s.title)
            title.setData(s.id, SET_ID_ROLE)
            title.setData(s.code, CODE_ROLE)
            title.setToolTip(f"{s.title}\n{s.code} v{s.version}")
            row = [
                title,
                QStandardItem(str(s.version)),
                QStandardItem(scope_label(s)),
                QStandardItem(completeness_label(s)),
                QStandardItem(_("In use") if s.id in in_use else ""),
                QStandardItem(validity_label(s)),
            ]
            for item in row:
                item.setEditable(False)
            head.appendRow(row)
        model.appendRow(head_row)
    return model
