"""Composition root of the window: arguments, logging, language, services, then the main window."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from anninh_desktop.i18n import _, language_from_environment, set_language
from anninh_desktop.logging_setup import setup_logging

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from anninh_desktop.services.workspace import Workspace
    from anninh_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="anninh-desktop")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--lang", choices=["vi", "en"])
    parser.add_argument(
        "--demo-if-empty",
        action="store_true",
        help="fill an empty data folder with demo data without asking",
    )
    parser.add_argument(
        "--no-demo", action="store_true", help="never offer demo data for an empty data folder"
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window on a temporary data folder, build, sign and verify a dossier, exit",
    )
    # A file to open (the installer's file associations pass "%1"): a USB package or
    # acknowledgement is imported, a PDF is verified as a received dossier.
    parser.add_argument("open_path", nargs="?", type=Path, help="a .ansync, .ansack or .pdf file")
    # For bench/window_start.py: quit as soon as the window has been shown and painted once.
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    args, _unknown = parser.parse_known_args(list(argv))
    return args


def _open_error_text(exc: Exception, data_dir: Path) -> str:
    from anninh_desktop.services.errors import UserError
    from anninh_desktop.storage.database import DatabaseTooNew

    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, DatabaseTooNew):
        return _(
            "The data in {path} was written by a newer version of An Ninh Desktop. "
            "Install the newer version to open it."
        ).format(path=data_dir)
    return _("The data folder {path} cannot be opened. Details are in the log file.").format(
        path=data_dir
    )


def _report_start_times(app: QCoreApplication, window: MainWindow) -> None:
    """For bench/window_start.py: print the system-wide monotonic time and the process's CPU time
    when the window is first painted and when its start is finished (last unit reopened), then quit."""

    def stamp(label: str) -> None:
        print(f"{label} {time.monotonic():.6f} {time.process_time():.6f}", flush=True)

    window.firstPainted.connect(lambda: stamp("shown-at"))
    window.startFinished.connect(lambda: (stamp("ready-at"), app.quit()))


SYNC_SUFFIXES = (".ansync", ".ansack")


def open_given_file(window: MainWindow, ws: Workspace, path: Path) -> str:
    """Open the file named on the command line in the shown window; says what it did:
    "sync" (import dialog or acknowledgement), "pdf" (verification) or "refused" (a message)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    suffix = path.suffix.lower()
    if not path.is_file():
        problem = _("{path} does not exist or is not a file.").format(path=path)
    elif suffix in SYNC_SUFFIXES:
        window.sync.import_file(path)
        return "sync"
    elif suffix == ".pdf":
        if window.received is None:
            from anninh_desktop.ui.dossier import ReceivedDossier

            window.received = ReceivedDossier(ws, window.tasks, window.preferences, window)
        window.received.verify(path)
        return "pdf"
    else:
        problem = _(
            "An Ninh Desktop opens USB packages (.ansync), acknowledgements (.ansack) and "
            "dossiers (.pdf); {path} is none of these."
        ).format(path=path)
    log.warning("not opening %s: %s", path, problem)
    box = QMessageBox(QMessageBox.Icon.Warning, _("An Ninh Desktop"), problem, parent=window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return "refused"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.smoke_test:
        from anninh_desktop.smoke_test import run_smoke_test

        return run_smoke_test(args.lang, keep=args.data_dir)
    from anninh_desktop.services.workspace import default_data_dir, open_workspace

    data_dir = (args.data_dir or default_data_dir()).expanduser()
    setup_logging(data_dir)

    from PySide6.QtWidgets import QApplication, QMessageBox

    from anninh_desktop.ui.icons import configure_high_dpi
    from anninh_desktop.ui.preferences import Preferences

    configure_high_dpi()
    preferences = Preferences(data_dir / "settings.ini")
    set_language(args.lang or preferences.language() or language_from_environment())
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("An Ninh Desktop")
    app.setOrganizationName("AnNinhDesktop")

    from anninh_desktop.ui.icons import app_icon
    from anninh_desktop.ui.qt_catalog import install_qt_translator

    install_qt_translator(app)
    app.setWindowIcon(app_icon())
    try:
        ws = open_workspace(data_dir)
    except Exception as exc:
        log.exception("cannot open %s", data_dir)
        QMessageBox.critical(None, _("An Ninh Desktop"), _open_error_text(exc, data_dir))
        return 1

    from anninh_desktop.ui.first_run import run_first_run
    from anninh_desktop.ui.tasks import TaskRunner

    tasks = TaskRunner()
    if not run_first_run(ws, preferences, tasks, ask=not args.no_demo, demo=args.demo_if_empty):
        ws.close()
        return 0
    from anninh_desktop.services.sync.relocation import relocated

    if relocated(ws):  # a copied or moved folder says which before any edit (docs/sync.md)
        from anninh_desktop.ui.sync.relocation_question import ask_relocation

        if not ask_relocation(ws):
            ws.close()
            return 0

    from anninh_desktop.ui.main_window import MainWindow

    window = MainWindow(ws, tasks=tasks, preferences=preferences)
    if args.exit_when_shown:
        _report_start_times(app, window)
    window.show_on_screen()
    if args.open_path is not None:
        from PySide6.QtCore import QTimer

        given = args.open_path.expanduser()
        window.pending_open = given  # type: ignore[attr-defined]  # for the UI, if it wants it
        QTimer.singleShot(0, lambda: open_given_file(window, ws, given))
    code = app.exec()
    tasks.wait()
    ws.close()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
