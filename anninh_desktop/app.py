"""Composition root of the window: arguments, logging, language, services, then the main window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from anninh_desktop.i18n import _, language_from_environment, set_language
from anninh_desktop.logging_setup import setup_logging

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="anninh-desktop")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--lang", choices=["vi", "en"])
    parser.add_argument(
        "--no-demo", action="store_true", help="do not fill an empty data folder with demo data"
    )
    # For bench/window_start.py: quit as soon as the window has been shown and painted once.
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    args, _unknown = parser.parse_known_args(list(argv))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    set_language(args.lang or language_from_environment())
    from anninh_desktop.services.workspace import default_data_dir, open_workspace

    data_dir = (args.data_dir or default_data_dir()).expanduser()
    setup_logging(data_dir)

    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("An Ninh Desktop")
    try:
        ws = open_workspace(data_dir)
        if not args.no_demo and not ws.store.assessments.summaries():
            from anninh_desktop.services.demo.builder import build_demo

            log.info("empty data folder %s: building demo data", data_dir)
            build_demo(ws, scale="commune", seed=2026)
    except Exception as exc:
        log.exception("cannot open %s", data_dir)
        from anninh_desktop.services.errors import UserError
        from anninh_desktop.storage.database import DatabaseTooNew

        if isinstance(exc, UserError):
            text = exc.message
        elif isinstance(exc, DatabaseTooNew):
            text = _(
                "The data in {path} was written by a newer version of An Ninh Desktop. "
                "Install the newer version to open it."
            ).format(path=data_dir)
        else:
            text = _(
                "The data folder {path} cannot be opened. Details are in the log file."
            ).format(path=data_dir)
        QMessageBox.critical(None, _("An Ninh Desktop"), text)
        return 1

    from anninh_desktop.ui.main_window import MainWindow

    window = MainWindow(ws)
    window.show()
    if args.exit_when_shown:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)
    code = app.exec()
    ws.close()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
