"""The program's two entry points (`anninh`, `anninh-desktop`, the bundle's launchers, `python -m`).

Warnings are routed to the log before anything else is imported, so that a third-party package's
warning at import time never reaches the user's terminal (anninh_desktop.logging_setup).
"""

from __future__ import annotations


def cli() -> int:
    from anninh_desktop.logging_setup import capture_warnings

    capture_warnings()
    from anninh_desktop.cli.main import main

    return main()


def window() -> int:
    from anninh_desktop.logging_setup import capture_warnings

    capture_warnings()
    from anninh_desktop.app import main

    return main()
