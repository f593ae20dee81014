"""One gettext catalog for the whole program, usable without Qt.

Source strings are English; Vietnamese is the default language. Every layer imports `_`, `N_` and
`ngettext` from here. The catalog is read from `translations/<lang>/LC_MESSAGES/anninh.po` (compiled in
memory with babel) unless a compiled `.mo` beside it is at least as new.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import Protocol

from anninh_desktop.locations import translations_dir
from anninh_desktop.mo_catalog import MoCatalog, NoCatalog

log = logging.getLogger(__name__)

DOMAIN = "anninh"
DEFAULT_LANGUAGE = "vi"
SUPPORTED_LANGUAGES = ("vi", "en")


class Catalog(Protocol):
    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


_translations: Catalog = NoCatalog()
_language = "en"


def _load_catalog(lang: str, folder: Path) -> Catalog:
    po = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        return MoCatalog(mo.read_bytes())
    if not po.exists():
        return NoCatalog()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return MoCatalog(buf.getvalue())


def set_language(lang: str | None = None, folder: Path | None = None) -> str:
    """Switch the program's language; returns the language now in force ('vi' or 'en')."""
    global _translations, _language
    lang = (lang or DEFAULT_LANGUAGE).split("_")[0].split("-")[0].lower()
    if lang not in SUPPORTED_LANGUAGES:
        log.warning("unsupported language %r, using %s", lang, DEFAULT_LANGUAGE)
        lang = DEFAULT_LANGUAGE
    if lang == "en":
        _translations = NoCatalog()
    else:
        _translations = _load_catalog(lang, folder or translations_dir())
    _language = lang
    return lang


def language_from_environment() -> str:
    """The language asked for by ANNINH_LANG or the locale variables, Vietnamese when unclear."""
    for var in ("ANNINH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        code = value.split(".")[0].split("_")[0].lower()
        if code in SUPPORTED_LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a module-level constant for extraction; translate it with `_()` where it is shown."""
    return message
