"""The gettext catalogs: complete, clean, compilable, and in step with the source code.

Every `translations/<lang>/LC_MESSAGES/anninh.po` is checked. A message added to the code without a
translation fails `test_catalog_covers_every_message_in_the_code`; run `scripts/update-translations`
and translate the new entries (docs/translations.md).
"""

from __future__ import annotations

import ast
import fnmatch
import gettext
import io
import os
import string
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from anninh_desktop import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "anninh_desktop"
TRANSLATIONS = ROOT / "translations"
BABEL_CFG = TRANSLATIONS / "babel.cfg"
CATALOGS = sorted(TRANSLATIONS.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po"))
TERMINAL_PUNCTUATION = ".:;!?…"


def _read(po: Path) -> Catalog:
    with po.open("rb") as fh:
        return read_po(fh, locale=po.parent.parent.name)


def _entries(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id)


def _ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if message.pluralizable else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if message.pluralizable else (message.string,)


def _label(message: Message) -> str:
    return repr(_ids(message)[0])


def _placeholders(text: str) -> set[tuple[str, str | None, str]]:
    """The `{name!conversion:spec}` fields of a str.format template."""
    return {
        (name, conversion, spec or "")
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


@pytest.fixture(params=CATALOGS, ids=lambda po: po.parent.parent.name)
def catalog(request: pytest.FixtureRequest) -> Catalog:
    return _read(request.param)


def test_vietnamese_catalog_exists() -> None:
    assert TRANSLATIONS / "vi" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po" in CATALOGS
    for po in CATALOGS:
        assert po.parent.parent.name in i18n.SUPPORTED_LANGUAGES, po


def test_no_untranslated_entries(catalog: Catalog) -> None:
    bad = []
    for m in _entries(catalog):
        strings = _strings(m)
        if not all(s.strip() for s in strings):
            bad.append(_label(m))
        elif m.pluralizable and len(strings) != catalog.num_plurals:
            bad.append(f"{_label(m)}: {len(strings)} plural forms, expected {catalog.num_plurals}")
    assert not bad, "untranslated: " + "; ".join(bad)


def test_no_fuzzy_entries(catalog: Catalog) -> None:
    assert not catalog.fuzzy, "the catalog header is marked fuzzy"
    bad = [_label(m) for m in _entries(catalog) if m.fuzzy]
    assert not bad, "fuzzy (review, then remove the flag): " + "; ".join(bad)


def test_placeholders_match_the_source(catalog: Catalog) -> None:
    bad = []
    for m in _entries(catalog):
        try:
            expected = set().union(*(_placeholders(i) for i in _ids(m)))
        except ValueError as exc:
            bad.append(f"{_label(m)}: source is not a valid format string ({exc})")
            continue
        for text in _strings(m):
            try:
                found = _placeholders(text)
            except ValueError as exc:
                bad.append(f"{_label(m)}: {text!r} is not a valid format string ({exc})")
                continue
            if found != expected:
                bad.append(
                    f"{_label(m)}: {text!r} has {sorted(found)}, source has {sorted(expected)}"
                )
    assert not bad, "\n".join(bad)


def test_typography_follows_the_source(catalog: Catalog) -> None:
    """Same terminal punctuation, same number of “ ” quotes, no added or lost outer whitespace."""
    bad = []
    for m in _entries(catalog):
        source = _ids(m)[-1]
        for text in _strings(m):
            end = source[-1:] if source[-1:] in TERMINAL_PUNCTUATION else ""
            text_end = text[-1:] if text[-1:] in TERMINAL_PUNCTUATION else ""
            if end != text_end:
                bad.append(f"{_label(m)}: ends with {text_end!r}, source ends with {end!r}")
            for quote in "“”":
                if text.count(quote) != source.count(quote):
                    bad.append(f"{_label(m)}: {quote} count differs from the source")
            if text != text.strip() or source != source.strip():
                if (text[:1].isspace(), text[-1:].isspace()) != (
                    source[:1].isspace(),
                    source[-1:].isspace(),
                ):
                    bad.append(f"{_label(m)}: leading/trailing whitespace differs")
    assert not bad, "\n".join(bad)


def test_translations_are_nfc(catalog: Catalog) -> None:
    bad = [
        _label(m)
        for m in _entries(catalog)
        if any(unicodedata.normalize("NFC", s) != s for s in _strings(m))
    ]
    assert not bad, "not NFC: " + "; ".join(bad)


def test_catalog_compiles(catalog: Catalog) -> None:
    errors = [f"{m.id!r}: {e}" for m, errs in catalog.check() for e in errs]
    assert not errors, "\n".join(errors)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    translations = gettext.GNUTranslations(buf)
    for m in _entries(catalog):
        if not m.pluralizable and m.string and not m.fuzzy:
            assert translations.gettext(m.id) == m.string


def _extracted_messages() -> dict[str | tuple[str, ...], list[str]]:
    """Every message marked for translation in the code, extracted like the update script does."""
    with BABEL_CFG.open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(BABEL_CFG))

    # the pybabel command line default: --ignore-dirs ".* ._"
    def directory_filter(dirname: str) -> bool:
        return not any(fnmatch.fnmatch(os.path.basename(dirname), p) for p in (".*", "._"))

    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        PACKAGE,
        method_map,
        options_map,
        keywords=DEFAULT_KEYWORDS,
        directory_filter=directory_filter,
    ):
        found.setdefault(message, []).append(f"anninh_desktop/{filename}:{lineno}")
    return found


def test_extraction_finds_messages() -> None:
    messages = _extracted_messages()
    assert "Met" in messages
    assert any(isinstance(m, tuple) for m in messages), "no ngettext message found"


def test_catalog_covers_every_message_in_the_code(catalog: Catalog) -> None:
    bad = []
    for message, where in sorted(_extracted_messages().items(), key=lambda kv: str(kv[0])):
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(msgid)
        if entry is None or not all(s.strip() for s in _strings(entry)) or entry.fuzzy:
            bad.append(f"{message!r} ({where[0]})")
        elif isinstance(message, tuple) and tuple(entry.id) != tuple(message):
            bad.append(f"{message!r} ({where[0]}): plural form differs from the catalog's")
        elif not isinstance(message, tuple) and entry.pluralizable:
            bad.append(f"{message!r} ({where[0]}): the catalog has it as a plural message")
    assert not bad, (
        f"{len(bad)} message(s) in the code have no translation in {catalog.locale}; "
        "run scripts/update-translations and translate them:\n" + "\n".join(bad)
    )


GETTEXT_FUNCTIONS = {"_": 1, "N_": 1, "ngettext": 2}


def test_no_formatted_strings_inside_gettext_calls() -> None:
    """`_(f"…")`, `_("…".format(…))` or `_("a" + b)` can never be found in the catalog."""
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in GETTEXT_FUNCTIONS
            ):
                continue
            for arg in node.args[: GETTEXT_FUNCTIONS[node.func.id]]:
                if isinstance(arg, ast.JoinedStr | ast.BinOp | ast.Call):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert not bad, "\n".join(bad)


@pytest.fixture
def restore_language(request: pytest.FixtureRequest) -> None:
    request.addfinalizer(lambda: i18n.set_language("en"))


@pytest.mark.usefixtures("restore_language")
def test_set_language_switches_the_messages() -> None:
    assert i18n.set_language("vi") == "vi"
    assert i18n._("Met") == "Đạt"
    assert i18n.set_language("en") == "en"
    assert i18n._("Met") == "Met"
