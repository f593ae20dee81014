#!/usr/bin/env python3
"""Resolve a git merge conflict in the gettext catalogs by taking both sides' messages.

Two branches that each add messages to translations/anninh.pot and translations/vi/.../anninh.po
conflict where their new entries sit next to each other in the sorted files. This takes the union of
"ours" and "theirs" for every conflicted catalog (a message translated on one side keeps that
translation; one translated differently on both sides is reported and keeps ours), writes it, and
then `scripts/update-translations` makes the template from the merged code again and drops what the
code no longer uses. Run it from the top of the repository during a merge:

    .venv/bin/python scripts/merge_catalogs.py && git add translations/
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def _side(path: str, stage: int) -> Catalog:
    text = subprocess.run(
        ["git", "show", f":{stage}:{path}"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return read_po(io.BytesIO(text))


def _merge(ours: Catalog, theirs: Catalog) -> tuple[Catalog, list[str]]:
    disagreements = []
    for message in theirs:
        if not message.id:
            continue
        mine = ours.get(message.id, message.context)
        if mine is None:
            ours[message.id] = message
        elif message.string and not mine.string:
            mine.string = message.string
            mine.flags = message.flags
        elif message.string and mine.string != message.string:
            disagreements.append(str(message.id))
    return ours, disagreements


def main() -> int:
    conflicted = subprocess.run(
        ["git", "diff", "--name-only", "--diff-filter=U"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    catalogs = [
        p for p in conflicted if p.startswith("translations/") and p.endswith((".po", ".pot"))
    ]
    if not catalogs:
        print("merge_catalogs: no conflicted catalog")
        return 0
    for path in catalogs:
        merged, disagreements = _merge(_side(path, 2), _side(path, 3))
        with (ROOT / path).open("wb") as f:
            write_po(f, merged, sort_output=True, include_lineno=False, width=76)
        for msgid in disagreements:
            print(
                f"merge_catalogs: {path}: both sides translate {msgid!r}; kept ours",
                file=sys.stderr,
            )
        print(f"merge_catalogs: {path}: {len(merged)} messages")
    done = subprocess.run(["bash", "scripts/update-translations"], cwd=ROOT)
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
