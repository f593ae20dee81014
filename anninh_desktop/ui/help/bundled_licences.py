"""What the program folder holds and under which licence, for Help ▸ About (without Qt).

In the program folder (PyInstaller bundle) this is `licenses/THIRD-PARTY-NOTICES.txt` beside the
executables, with each part's licence texts in `licenses/<part>/` (written by installer/licenses.py
when the bundle is built). From a source checkout it is installer/licenses.toml, the table that
file is written from, with the texts of the installed packages.
"""

from __future__ import annotations

import importlib.metadata
import platform
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from anninh_desktop.locations import program_folder, program_root

NOTICES = "THIRD-PARTY-NOTICES.txt"
_PART = re.compile(r"^(?P<name>\S+) (?P<version>\S+(?: \S+)*?): (?P<licence>.+)$")
_LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
# The parts of the table's [others] section, in the names the bundle's notices give them.
_OTHERS = {"python": "python", "pyinstaller": "pyinstaller-bootloader"}


@dataclass(frozen=True)
class BundledPart:
    name: str
    version: str
    licence: str  # SPDX expression
    note: str
    texts: tuple[Path, ...]  # licence texts, readable files


def bundled_parts() -> list[BundledPart]:
    """Every part with its licence: the bundle's notices, else the source tree's table."""
    folder = program_folder()
    if folder is not None and (folder / "licenses" / NOTICES).is_file():
        return read_notices(folder / "licenses")
    table = program_root() / "installer" / "licenses.toml"
    if table.is_file():
        return read_table(table)
    return []


def notices_text() -> str | None:
    """The bundle's THIRD-PARTY-NOTICES.txt, if the program runs from its folder."""
    folder = program_folder()
    path = folder / "licenses" / NOTICES if folder is not None else None
    return path.read_text(encoding="utf-8") if path is not None and path.is_file() else None


def read_notices(folder: Path) -> list[BundledPart]:
    """The parts named in `<folder>/THIRD-PARTY-NOTICES.txt` (after its introduction)."""
    lines = (folder / NOTICES).read_text(encoding="utf-8").splitlines()
    # The introduction ends at the last empty line; the parts follow, one block each.
    blanks = [i for i, line in enumerate(lines) if not line.strip()]
    start = blanks[-1] + 1 if blanks else 0
    parts: list[dict] = []
    for line in lines[start:]:
        if not line.strip():
            continue
        if not line.startswith(" "):
            match = _PART.match(line)
            if match:
                parts.append({**match.groupdict(), "note": "", "texts": []})
            continue
        if not parts:
            continue
        text = line.strip()
        if text.startswith("texts:"):
            names = [n.strip() for n in text.removeprefix("texts:").split(",") if n.strip()]
            parts[-1]["texts"] = [folder / n for n in names]
        else:
            parts[-1]["note"] = " ".join(filter(None, [parts[-1]["note"], text]))
    return [
        BundledPart(
            p["name"],
            p["version"],
            p["licence"],
            p["note"],
            tuple(t for t in p["texts"] if t.is_file()),
        )
        for p in parts
    ]


def read_table(path: Path) -> list[BundledPart]:
    """The parts of installer/licenses.toml with the installed versions and licence texts."""
    with path.open("rb") as f:
        table = tomllib.load(f)
    texts_dir = program_root() / "resources" / "licenses"
    found = []
    for name, entry in sorted(table.get("packages", {}).items()):
        texts = _installed_texts(name) + [texts_dir / t for t in entry.get("texts", [])]
        found.append(
            BundledPart(
                name,
                _installed_version(name),
                entry["license"],
                entry.get("note", ""),
                tuple(t for t in texts if t.is_file()),
            )
        )
    for key, entry in table.get("others", {}).items():
        name = _OTHERS.get(key, key)
        if key == "python":
            version, texts = platform.python_version(), _python_licence()
        elif key == "pyinstaller":
            version = _installed_version("pyinstaller")
            texts = [texts_dir / t for t in entry.get("texts", [])]
        else:
            version = str(entry.get("version", ""))
            texts = [program_root() / f for f in entry.get("files", [])]
        found.append(
            BundledPart(
                name,
                version,
                entry["license"],
                entry.get("note", ""),
                tuple(t for t in texts if t.is_file()),
            )
        )
    return found


def _installed_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "—"


def _installed_texts(name: str) -> list[Path]:
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return []
    return sorted(
        Path(str(dist.locate_file(f)))
        for f in dist.files or []
        if ".dist-info" in str(f) and _LICENCE_FILE.search(f.name or str(f))
    )


def _python_licence() -> list[Path]:
    base = Path(sys.base_prefix)
    minor = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    candidates = [base / "LICENSE.txt", base / "lib" / minor / "LICENSE.txt"]
    return [p for p in candidates if p.is_file()][:1]
