"""What goes into the program folder and what must not; its size report. Used by installer/anninh.spec
(the filters) and by scripts/build-bundle and scripts/build-windows.ps1 (the report and the check):

    python installer/bundle_parts.py dist/anninh-desktop [--top 15]

prints the folder's size, its largest files and its largest parts (a part: a Python package, Qt's
libraries, its plugins by kind…) and exits 1 if a Qt module the program does not use is inside.
Standard library only: it runs before anything is installed too.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

# Qt modules the program uses: QtCore, QtGui, QtWidgets, QtPdf, QtPdfWidgets, QtPrintSupport
# (printing, ui/printing/) (+ the libraries they load: QtNetwork and QtDBus for QtPdf and the Linux
# platform plugin, QtSvg for the SVG image plugin, QtOpenGL for the xcb GL integration). Everything
# below stays out of the folder.
EXCLUDED_QT_MODULES = (
    "Qml",
    "Quick",
    "WebEngine",
    "WebChannel",
    "WebSockets",
    "WebView",
    "Multimedia",
    "SpatialAudio",
    "3D",
    "Charts",
    "DataVisualization",
    "Graphs",
    "Designer",
    "Help",
    "UiTools",
    "Sql",
    "Test",
    "Bluetooth",
    "Nfc",
    "Positioning",
    "Location",
    "Sensors",
    "SerialPort",
    "SerialBus",
    "RemoteObjects",
    "Scxml",
    "StateMachine",
    "TextToSpeech",
    "VirtualKeyboard",
    "HttpServer",
    "Concurrent",
    "Xml",
    "ShaderTools",
    "Lottie",
)

# The PySide6 Python modules left out of the analysis (the hooks then leave their libraries out).
PYTHON_EXCLUDES = [
    *(f"PySide6.Qt{name}" for name in EXCLUDED_QT_MODULES),
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtNetwork",
    "PySide6.QtNetworkAuth",
    "PySide6.QtDBus",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtAxContainer",
    # Not used by the program; some packages import them only when present.
    "tkinter",
    "unittest",
    "pydoc",
    "pytest",
    "_pytest",
    "hypothesis",
    "IPython",
    "numpy",
    "pandas",
    "matplotlib",
    "setuptools",
    "pip",
]

# babel's locale data: the program formats for vi_VN and en_GB (services/formatting.py); each
# locale inherits from its parents (en_GB ← en_001 ← en ← root).
BABEL_LOCALES = {"root", "vi", "vi_VN", "en", "en_001", "en_GB", "en_US"}

# Qt plugin kinds the program has no use for.
UNUSED_QT_PLUGIN_KINDS = {
    "designer",
    "qmltooling",
    "qmllint",
    "sqldrivers",
    "networkinformation",
    "tls",
    "generic",
    "position",
    "multimedia",
    "sceneparsers",
    "renderers",
    "scxmldatamodel",
    "texttospeech",
    "webview",
    "virtualkeyboard",
}

_FORBIDDEN = re.compile(
    r"(^|[/\\])(lib)?Qt6?("
    + "|".join(re.escape(name) for name in EXCLUDED_QT_MODULES)
    + r")[A-Za-z0-9]*\.(so[.0-9]*|dll|pyd|pyi|dylib|abi3\.so)$"
    + r"|(^|[/\\])(qml|qmltooling)([/\\]|$)",
    re.IGNORECASE,
)


def is_wanted(dest: str) -> bool:
    """False for a file of the analysis that the program folder leaves out (dest: path inside)."""
    path = dest.replace("\\", "/")
    parts = path.split("/")
    if path.startswith("babel/locale-data/"):
        return Path(path).stem in BABEL_LOCALES
    if "PySide6" in parts and "translations" in parts:
        return False  # Qt's .qm catalogs: the program translates Qt's texts itself (ui/qt_catalog)
    if "PySide6" in parts and "plugins" in parts:
        kind = parts[parts.index("plugins") + 1] if parts[-1] != "plugins" else ""
        if kind in UNUSED_QT_PLUGIN_KINDS:
            return False
    return not is_forbidden(path)


def is_forbidden(relative: str) -> bool:
    """True for a file of an excluded Qt module (library, Python module or QML folder)."""
    return bool(_FORBIDDEN.search(relative))


def _part(relative: Path) -> str:
    """The part a file belongs to: `_internal/PySide6/Qt/lib/libQt6Gui.so.6` → `PySide6/Qt/lib`."""
    parts = list(relative.parts)
    if parts and parts[0] == "_internal":
        parts = parts[1:]
    if len(parts) == 1:
        return parts[0]
    if parts[0] == "PySide6":
        deep = 4 if len(parts) > 3 and parts[1] == "Qt" and parts[2] == "plugins" else 3
        return "/".join(parts[: min(deep, len(parts) - 1)])
    return parts[0]


def _mb(size: int) -> str:
    return f"{size / 1_000_000:8.1f} MB"


def report(folder: Path, top: int = 15) -> int:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    sizes = {p.relative_to(folder): p.stat().st_size for p in files}
    total = sum(sizes.values())
    print(f"bundle {folder}: {_mb(total).strip()} in {len(sizes)} files")
    print(f"largest {top} files:")
    for rel, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {_mb(size)}  {rel.as_posix()}")
    parts: dict[str, int] = defaultdict(int)
    for rel, size in sizes.items():
        parts[_part(rel)] += size
    print(f"largest {top} parts:")
    for name, size in sorted(parts.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {_mb(size)}  {name}")
    forbidden = sorted(rel.as_posix() for rel in sizes if is_forbidden(rel.as_posix()))
    if forbidden:
        print("excluded Qt modules found in the bundle:", file=sys.stderr)
        for rel_text in forbidden:
            print(f"  {rel_text}", file=sys.stderr)
        return 1
    print("no excluded Qt module inside")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="size report and Qt check of a program folder")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 2
    return report(args.folder, args.top)


if __name__ == "__main__":
    raise SystemExit(main())
