"""The lazy `.mo` reader gives the answers of `gettext.GNUTranslations`, message by message."""

from __future__ import annotations

import gettext
import io

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from anninh_desktop.locations import translations_dir
from anninh_desktop.mo_catalog import CatalogError, MoCatalog, NoCatalog


def _compiled(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def _shipped_vi() -> bytes:
    with (translations_dir() / "vi" / "LC_MESSAGES" / "anninh.po").open("rb") as fh:
        return _compiled(read_po(fh, locale="vi"))


def test_every_message_of_the_shipped_catalog_reads_as_gettext_reads_it() -> None:
    data = _shipped_vi()
    ours, theirs = MoCatalog(data), gettext.GNUTranslations(io.BytesIO(data))
    singles = [k for k in theirs._catalog if isinstance(k, str)]  # type: ignore[attr-defined]
    plurals = {k[0] for k in theirs._catalog if isinstance(k, tuple)}  # type: ignore[attr-defined]
    assert len(singles) > 1000 and plurals
    for msgid in singles:
        assert ours.gettext(msgid) == theirs.gettext(msgid), msgid
    for singular in plurals:
        for n in (0, 1, 2, 5):
            assert ours.ngettext(singular, singular + "s", n) == theirs.ngettext(
                singular, singular + "s", n
            ), singular
        assert ours.gettext(singular) == theirs.gettext(singular)
    for missing in ("no such message", "Đạt?", ""):
        assert ours.gettext(missing) == theirs.gettext(missing)
    assert ours.ngettext("no such", "no such ones", 2) == "no such ones"


def test_a_catalog_with_english_plural_rules_and_contexts() -> None:
    catalog = Catalog(locale="en_GB")
    catalog.add("file", "tệp")
    catalog.add(("{n} file", "{n} files"), ("{n} tệp (một)", "{n} tệp (nhiều)"))
    catalog.add("Open", "Mở", context="menu")
    data = _compiled(catalog)
    ours, theirs = MoCatalog(data), gettext.GNUTranslations(io.BytesIO(data))
    assert ours.gettext("file") == "tệp"
    for n in (0, 1, 2, 21):
        assert ours.ngettext("{n} file", "{n} files", n) == theirs.ngettext(
            "{n} file", "{n} files", n
        )
    assert ours.ngettext("{n} file", "{n} files", 1) == "{n} tệp (một)"
    assert ours.ngettext("{n} file", "{n} files", 2) == "{n} tệp (nhiều)"
    assert ours.gettext("menu\x04Open") == theirs.pgettext("menu", "Open") == "Mở"
    assert ours.gettext("Open") == "Open"


@pytest.mark.parametrize("data", [b"", b"\x00" * 40, b"\xde\x12\x04\x95" + b"\xff" * 16])
def test_bytes_that_are_not_a_catalog_are_refused(data: bytes) -> None:
    with pytest.raises(CatalogError):
        MoCatalog(data)


def test_no_catalog_answers_in_the_source_language() -> None:
    none = NoCatalog()
    assert none.gettext("Open") == "Open"
    assert none.ngettext("a file", "files", 1) == "a file"
    assert none.ngettext("a file", "files", 3) == "files"
