#!/usr/bin/env python3
"""Set Vietnamese translations from a JSON file {msgid: msgstr} and clear their fuzzy flags.

Usage: .venv/bin/python scripts/set_translation.py fixes.json  (then run scripts/update-translations)
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "translations/vi/LC_MESSAGES/anninh.po"


def main(path: str) -> int:
    fixes = json.loads(Path(path).read_text(encoding="utf-8"))
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="vi")
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in fixes:
            value = fixes[key]
            norm = (
                unicodedata.normalize("NFC", v)
                for v in (value if isinstance(value, list) else [value])
            )
            values = tuple(norm)
            message.string = values if isinstance(message.id, tuple) else values[0]
            message.flags.discard("fuzzy")
            message.previous_id = []
    with PO.open("wb") as fh:
        write_po(fh, catalog, sort_output=True, ignore_obsolete=True, include_previous=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
