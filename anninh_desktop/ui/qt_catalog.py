"""Qt's own buttons, menus and dialogs in the program's language, from our gettext catalog.

Qt has no Vietnamese catalog (there is no qtbase_vi.qm), so instead of loading a .qm file a
`QTranslator` subclass answers Qt's look-ups with `_()` of the texts listed in `ui/qt_strings.py`.
It calls `_()` at look-up time, so after `i18n.set_language` a LanguageChange event is enough for
Qt's widgets to re-query their texts: `apply_language` does both and also sets the default
`QLocale` (month names of QCalendarWidget, QDateEdit formats, decimal separators of spin boxes).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from anninh_desktop import i18n
from anninh_desktop.ui.qt_strings import qt_message_table

log = logging.getLogger(__name__)

# The same locales as services/formatting.py (English readers here still write day/month/year).
_QT_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


class QtCatalogTranslator(QTranslator):
    """Answers Qt's `tr()` look-ups for its own widgets from the program's gettext catalog."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._table = qt_message_table()

    def translate(self, context, source_text, disambiguation=None, n=-1):
        # Called by Qt from any thread (the file dialog's icon provider runs on a worker thread);
        # `_()` only reads the current catalog, so that is safe.
        msgid = self._table.get((context, source_text))
        if msgid is None:
            return None  # Qt's English text, or a later translator's
        text = i18n._(msgid)
        # A missing translation gives back the msgid: let Qt keep its own text then.
        return text if text and text != msgid else None

    def isEmpty(self) -> bool:
        # An empty translator is installed without a LanguageChange event; this one is never empty.
        return False


def qt_locale(lang: str | None = None) -> QLocale:
    """The QLocale for a program language ('vi' → vi_VN, 'en' → en_GB)."""
    return QLocale(_QT_LOCALES.get(lang or i18n.current_language(), "vi_VN"))


def _installed(app: QCoreApplication) -> QtCatalogTranslator | None:
    for child in app.children():
        if isinstance(child, QtCatalogTranslator):
            return child
    return None


def install_qt_translator(app: QCoreApplication) -> QtCatalogTranslator:
    """Install the translator once (owned by `app`) and set the default QLocale to the language."""
    QLocale.setDefault(qt_locale())
    translator = _installed(app)
    if translator is None:
        translator = QtCatalogTranslator(app)
        app.installTranslator(translator)
    return translator


def apply_language(app: QCoreApplication, lang: str) -> str:
    """Switch the program's language and make Qt's widgets re-read their texts.

    Returns the language now in force. Qt's own widgets (standard buttons, context menus) follow by
    themselves on the LanguageChange event that this posts to every window; the program's widgets
    must rebuild or re-set their texts (changeEvent or the main window rebuilding its parts).
    QLocale's new default applies to widgets created afterwards.
    """
    lang = i18n.set_language(lang)
    translator = install_qt_translator(app)
    # Reinstalling sends QEvent.LanguageChange to the application, which posts it to every window.
    app.removeTranslator(translator)
    app.installTranslator(translator)
    log.info("language switched to %s", lang)
    return lang
