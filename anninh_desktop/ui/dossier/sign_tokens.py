"""The token page of the sign dialog: drivers found on this computer, tokens plugged in, what
each token says about its PIN tries, the certificates on it. One PinGuard for the dialog's life:
a PIN a token rejected is never sent to it again, whichever button is pressed."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from anninh_desktop.i18n import _
from anninh_desktop.services.signing.pkcs11_source import TokenInfo
from anninh_desktop.services.signing.token_modules import FoundModule, find_token_modules
from anninh_desktop.services.signing.token_pins import PinGuard, PinTries, tries_text
from anninh_desktop.ui.dossier import sign_sources
from anninh_desktop.ui.dossier.sign_view import SignView
from anninh_desktop.ui.dossier.token_module import default_module, module_filter
from anninh_desktop.ui.dossier.work import call_task

Run = Callable[[Callable[[Any], Any], str, Callable[[Any], None]], None]


class TokenPanel(QObject):
    def __init__(self, view: SignView, run: Run, parent: QWidget) -> None:
        super().__init__(parent)
        self.view = view
        self._run = run
        self._window = parent
        self.guard = PinGuard()
        self.tokens: list[TokenInfo] = []
        v = view
        v.module_button.clicked.connect(self._on_module_button_clicked)
        v.drivers_combo.activated.connect(self._on_drivers_combo_activated)
        v.find_tokens_button.clicked.connect(self._on_find_tokens_button_clicked)
        v.certificates_button.clicked.connect(self._on_certificates_button_clicked)
        v.token_combo.currentIndexChanged.connect(self._on_token_combo_currentIndexChanged)

    def fill_drivers(
        self, found: list[FoundModule] | None = None, remembered: Path | None = None
    ) -> None:
        """The drivers found here into the combo; the module field gets the remembered one, else
        the first usable one found, else the usual default (for the user to correct)."""
        modules = find_token_modules() if found is None else found
        combo = self.view.drivers_combo
        combo.clear()
        for module in modules:
            text = f"{module.vendor}: {module.path.name}"
            if not module.loadable:
                text += " " + _("(cannot be used by this program)")
            combo.addItem(text, str(module.path))
        if not modules:
            combo.addItem(_("none found: choose the driver with Browse…"), "")
        usable = [m for m in modules if m.loadable]
        chosen = remembered or (usable[0].path if usable else default_module())
        self.view.module_edit.setText(str(chosen))

    def pin_rejected(self) -> None:
        """The token refused the PIN: clear it, so it is only sent again when typed again."""
        self.view.pin_edit.clear()
        self.view.pin_edit.setFocus()

    # ------------------------------------------------------------------------------- slots
    def _on_drivers_combo_activated(self, index: int) -> None:
        path = self.view.drivers_combo.itemData(index)
        if path:
            self.view.module_edit.setText(path)

    def _on_module_button_clicked(self) -> None:
        current = sign_sources.optional_path(self.view.module_edit.text())
        name, _filter = QFileDialog.getOpenFileName(
            self._window,
            _("Choose the token driver (PKCS#11 module)"),
            str(current.parent if current else ""),
            _("Token drivers ({patterns})").format(patterns=module_filter()),
        )
        if name:
            self.view.module_edit.setText(name)

    def _on_find_tokens_button_clicked(self) -> None:
        module = Path(self.view.module_edit.text().strip())
        self._run(
            call_task(partial(sign_sources.find_tokens, module), _("Looking for tokens…")),
            "dossier.tokens",
            self._on_tokens_found,
        )

    def _on_tokens_found(self, tokens: list[TokenInfo]) -> None:
        self.tokens = tokens
        sign_sources.fill_tokens(self.view, tokens)
        self._show_tries()

    def _on_token_combo_currentIndexChanged(self, _index: int) -> None:
        self._show_tries()

    def _show_tries(self) -> None:
        label = self.view.token_combo.currentData()
        token = next((t for t in self.tokens if t.label == label), None)
        if token is None or token.pin_tries is PinTries.UNKNOWN:
            self.view.pin_note.clear()
            self.view.pin_note.hide()
            return
        self.view.pin_note.setText(tries_text(token.pin_tries))
        self.view.pin_note.show()
        self.view.pin_note.setStyleSheet("QLabel { color: #b91c1c; font-weight: bold; }")

    def _on_certificates_button_clicked(self) -> None:
        v = self.view
        module = Path(v.module_edit.text().strip())
        label = v.token_combo.currentData()
        pin = v.pin_edit.text() or None
        self._run(
            call_task(
                partial(sign_sources.token_certificates, module, label, pin, self.guard),
                _("Reading the token…"),
            ),
            "dossier.token_certificates",
            partial(sign_sources.fill_certificates, v),
        )
