"""A compiled gettext catalog (`.mo`) looked up without decoding it whole.

`gettext.GNUTranslations` decodes every message of the catalog when it opens it (≈ 2,500 here, a
fifth of a short command's own time); a command shows a few dozen. This reads the table of
original strings once into a dict of bytes, and decodes a translation only when it is asked for.
Same answers as `gettext.GNUTranslations` (tests/test_mo_catalog.py compares every message).
"""

from __future__ import annotations

import struct
from collections.abc import Callable

_LE_MAGIC, _BE_MAGIC = 0x950412DE, 0xDE120495
CONTEXT = "%s\x04%s"  # a message with a context is stored as "context\x04message"


class CatalogError(ValueError):
    """The bytes are not a compiled gettext catalog."""


class NoCatalog:
    """The source language: every message is its own translation."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


class MoCatalog:
    """The translations of one compiled catalog (the `.mo` format of GNU gettext)."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 20:
            raise CatalogError("too short")
        (magic,) = struct.unpack("<I", data[:4])
        if magic == _LE_MAGIC:
            order = "<"
        elif magic == _BE_MAGIC:
            order = ">"
        else:
            raise CatalogError("bad magic number")
        version, count, originals, translations = struct.unpack(order + "4I", data[4:20])
        if version >> 16 not in (0, 1):
            raise CatalogError(f"unsupported version {version}")
        end = max(originals, translations) + 8 * count
        if end > len(data):
            raise CatalogError("tables out of the file")
        self._data = data
        self._order = order
        self._translations = translations
        orig = struct.unpack(f"{order}{2 * count}I", data[originals : originals + 8 * count])
        self._index: dict[bytes, int] = {
            data[o : o + n]: i for i, (n, o) in enumerate(zip(orig[::2], orig[1::2], strict=True))
        }
        # Plural entries are stored as "singular\0plural"; ngettext looks them up by singular.
        self._plurals: dict[bytes, int] = {
            k.split(b"\0", 1)[0]: i for k, i in self._index.items() if b"\0" in k
        }
        self._charset = "utf-8"
        self.plural: Callable[[int], int] = lambda n: int(n != 1)
        header = self._index.get(b"")
        if header is not None:
            self._read_header(self._translation(header, "latin-1"))

    def _read_header(self, text: str) -> None:
        for line in text.splitlines():
            key, _sep, value = line.partition(":")
            key, value = key.strip().lower(), value.strip()
            if key == "content-type" and "charset=" in value:
                self._charset = value.split("charset=")[1].split(";")[0].strip()
            elif key == "plural-forms":
                expression = value.split(";")[1].split("plural=")[1].strip()
                if expression.isdigit():  # one form for every number (Vietnamese)
                    self.plural = lambda n, form=int(expression): form
                else:
                    import gettext  # the expression in C, compiled as gettext does

                    self.plural = gettext.c2py(expression)

    def _translation(self, i: int, charset: str | None = None) -> str:
        start = self._translations + 8 * i
        n, o = struct.unpack(self._order + "2I", self._data[start : start + 8])
        return self._data[o : o + n].decode(charset or self._charset)

    def gettext(self, message: str) -> str:
        i = self._index.get(message.encode(self._charset))
        if i is None:
            i = self._plurals.get(message.encode(self._charset))
            if i is None:
                return message
            forms = self._translation(i).split("\0")
            form = self.plural(1)
            return forms[form] if form < len(forms) else message
        return self._translation(i)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        i = self._plurals.get(singular.encode(self._charset))
        if i is not None:
            forms = self._translation(i).split("\0")
            form = self.plural(n)
            if form < len(forms):
                return forms[form]
        return singular if n == 1 else plural
