"""The trust store window: roots, intermediates and revocation lists of this data folder — import
(a root only after its fingerprint was shown and accepted), remove, details — and the options for
when the computer is online (revocation asked online, timestamp server)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMessageBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.signing.certificates import describe_certificate, format_fingerprint
from anninh_desktop.services.signing.online import online_settings, save_online_settings
from anninh_desktop.services.signing.trust import (
    StoredCrl,
    TrustKind,
    TrustStore,
    certificate_kind,
    trust_store_for,
)
from anninh_desktop.services.signing.trust_files import read_trust_file
from anninh_desktop.services.signing.trust_import import (
    entry_fingerprint,
    entry_name,
    import_trust_files,
    remove_entry,
)
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.dossier.trust_view import TrustView
from anninh_desktop.ui.preferences import Preferences

log = logging.getLogger(__name__)

ERROR_STYLE = "QLabel { color: #b91c1c; }"
OK_STYLE = "QLabel { color: #15803d; }"
STALE_COLOUR = QColor("#b45309")
FILE_PURPOSE = "trust"


def kind_text(entry: Any) -> str:
    if isinstance(entry, StoredCrl):
        return _("revocation list")
    return _("root") if entry.kind is TrustKind.ROOT else _("intermediate")


class TrustDialog(QDialog):
    changed = Signal()  # the store or the online options changed: verify again to see it

    def __init__(
        self,
        workspace: Workspace,
        preferences: Preferences | None = None,
        parent: QWidget | None = None,
        *,
        store: TrustStore | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._prefs = preferences
        self.store = store or trust_store_for(workspace.root)
        self.entries: list[Any] = []
        self.setWindowTitle(_("Trust store"))
        self.view = TrustView(self)
        QVBoxLayout(self).addWidget(self.view)
        v = self.view
        v.table.itemSelectionChanged.connect(self._on_table_itemSelectionChanged)
        v.import_button.clicked.connect(self._on_import_button_clicked)
        v.remove_button.clicked.connect(self._on_remove_button_clicked)
        v.save_online_button.clicked.connect(self._on_save_online_button_clicked)
        v.buttons.rejected.connect(self.reject)
        settings = online_settings(workspace)
        v.revocation_check.setChecked(settings.check_revocation)
        v.tsa_edit.setText(settings.tsa_url)
        self.refresh()
        self.resize(860, 560)

    # ------------------------------------------------------------------------------- list
    def refresh(self) -> None:
        self.entries = [*self.store.certificates(), *self.store.crls()]
        table = self.view.table
        table.setRowCount(len(self.entries))
        at = self._ws.clock()
        for row, entry in enumerate(self.entries):
            for column, text in enumerate(self._row(entry)):
                item = QTableWidgetItem(text)
                if isinstance(entry, StoredCrl) and entry.stale(at) and column == 4:
                    item.setForeground(STALE_COLOUR)
                    item.setToolTip(_("Out of date: import a newer list from the authority."))
                table.setItem(row, column, item)
        self.view.empty_label.setVisible(not self.store.roots())
        self.view.details_label.clear()
        self.view.remove_button.setEnabled(False)

    def _row(self, entry: Any) -> list[str]:
        sources = {"bundled": _("shipped"), "user": _("imported")}
        if isinstance(entry, StoredCrl):
            until = format_date(entry.next_update.date()) if entry.next_update else "—"
            start = format_date(entry.this_update.date())
            fingerprint = entry.fingerprint_display
        else:
            start = format_date(entry.info.not_before.date())
            until = format_date(entry.info.not_after.date())
            fingerprint = entry.info.fingerprint_display
        return [
            kind_text(entry),
            entry_name(entry),
            sources[entry.source],
            start,
            until,
            fingerprint,
        ]

    def selected(self) -> Any | None:
        rows = self.view.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _on_table_itemSelectionChanged(self) -> None:
        entry = self.selected()
        v = self.view
        v.remove_button.setEnabled(entry is not None and entry.source == "user")
        v.remove_button.setToolTip(
            _("Shipped with the program: cannot be removed")
            if entry is not None and entry.source != "user"
            else ""
        )
        if entry is None:
            v.details_label.clear()
        elif isinstance(entry, StoredCrl):
            v.details_label.setText(
                _(
                    "Revocation list of {issuer}, issued {this_update}, next due {next_update}; "
                    "{count} certificates revoked.\nSHA-256: {fingerprint}"
                ).format(
                    issuer=entry.issuer,
                    this_update=format_date(entry.this_update.date()),
                    next_update=format_date(entry.next_update.date()) if entry.next_update else "—",
                    count=entry.revoked_count,
                    fingerprint=entry.fingerprint_display,
                )
            )
        else:
            info = entry.info
            v.details_label.setText(
                _(
                    "{subject}, issued by {issuer}, valid {start} – {end}, serial {serial}.\n"
                    "SHA-256: {fingerprint}"
                ).format(
                    subject=info.subject,
                    issuer=info.issuer,
                    start=format_date(info.not_before.date()),
                    end=format_date(info.not_after.date()),
                    serial=info.serial,
                    fingerprint=info.fingerprint_display,
                )
            )

    # ----------------------------------------------------------------------------- import
    def _ask_files(self) -> list[Path]:
        start = self._prefs.last_folder(FILE_PURPOSE) if self._prefs is not None else None
        names, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Import certificates and revocation lists"),
            str(start or ""),
            _("Certificates and revocation lists ({patterns});;All files (*)").format(
                patterns="*.cer *.crt *.pem *.der *.p7b *.p7c *.crl"
            ),
        )
        return [Path(n) for n in names]

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            _("Trust store"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_import_button_clicked(self) -> None:
        paths = self._ask_files()
        if paths:
            if self._prefs is not None:
                self._prefs.set_last_folder(FILE_PURPOSE, paths[0].parent)
            self.import_files(paths)

    def _new_roots(self, paths: list[Path]) -> list[str]:
        """The roots the files would add, as "name — SHA-256 …" lines to compare."""
        known = {c.info.fingerprint for c in self.store.certificates()}
        lines = []
        for path in paths:
            try:
                content = read_trust_file(path)
            except UserError:
                continue
            for cert in content.certificates:
                info = describe_certificate(cert)
                if certificate_kind(cert) is TrustKind.ROOT and info.fingerprint not in known:
                    lines.append(f"{info.subject}\nSHA-256 {format_fingerprint(info.fingerprint)}")
        return lines

    def import_files(self, paths: list[Path]) -> None:
        roots = self._new_roots(paths)
        if roots and not self._confirm(
            _(
                "Trust these root certificates from now on? Compare each fingerprint with the one "
                "its issuer publishes (on its official site, or by phone):\n\n{roots}"
            ).format(roots="\n\n".join(roots))
        ):
            self._show(_("Nothing was imported."), error=False)
            return
        try:
            result = import_trust_files(self.store, paths)
        except UserError as exc:
            self._show(exc.message, error=True)
            return
        self.refresh()
        parts = [
            ngettext(
                "{count} entry imported.", "{count} entries imported.", len(result.added)
            ).format(count=len(result.added))
        ]
        if result.present:
            parts.append(
                ngettext(
                    "{count} was already there.", "{count} were already there.", len(result.present)
                ).format(count=len(result.present))
            )
        parts.extend(result.notes)
        self._show(" ".join(parts), error=bool(result.notes) and not result.added)
        if result.added:
            self.changed.emit()

    # ----------------------------------------------------------------------------- remove
    def _on_remove_button_clicked(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if not self._confirm(
            _("Remove “{name}” ({kind}) from the trust store?").format(
                name=entry_name(entry), kind=kind_text(entry)
            )
        ):
            return
        try:
            remove_entry(self.store, entry_fingerprint(entry))
        except UserError as exc:
            self._show(exc.message, error=True)
            return
        self.refresh()
        self._show(
            _("Removed from the trust store: {name}").format(name=entry_name(entry)), error=False
        )
        self.changed.emit()

    # ------------------------------------------------------------------------------ online
    def _on_save_online_button_clicked(self) -> None:
        v = self.view
        settings = replace(
            online_settings(self._ws),
            check_revocation=v.revocation_check.isChecked(),
            tsa_url=v.tsa_edit.text(),
        )
        try:
            saved = save_online_settings(self._ws, settings)
        except UserError as exc:
            self._show(exc.message, error=True)
            return
        v.tsa_edit.setText(saved.tsa_url)
        self._show(_("The options are saved."), error=False)
        self.changed.emit()

    def _show(self, text: str, *, error: bool) -> None:
        self.view.status_label.setText(text)
        self.view.status_label.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
