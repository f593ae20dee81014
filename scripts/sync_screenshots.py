#!/usr/bin/env python3
"""Screenshots of the sync window: the office card trust question and the import preview (Vietnamese).

Run under a screen or Xvfb:  xvfb-run -a .venv/bin/python scripts/sync_screenshots.py
(scripts/screenshots.py calls `save_sync_views` with its demo data folder too.)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from anninh_desktop import i18n
from anninh_desktop.services.clock import fixed_clock
from anninh_desktop.services.demo.builder import DEMO_NOW, build_demo
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.workspace import Workspace, open_workspace
from anninh_desktop.ui.qt_catalog import install_qt_translator
from anninh_desktop.ui.sync.import_dialog import ImportDialog
from anninh_desktop.ui.sync.office_dialog import OfficeDialog
from anninh_desktop.ui.tasks import InlineTaskRunner

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
COMMUNE_CODE = "32092"  # Xã Hồ Thị Kỷ, the demo's commune


def _settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _save(widget: QWidget, name: str) -> None:
    target = OUT / name
    widget.grab().save(str(target))
    print(target)


def save_sync_views(app: QApplication, commune_ws: Workspace, folder: Path) -> None:
    """A province office (new data folder under `folder`) adds the commune's card, is asked
    whether to trust it, trusts it, and previews the commune's first package."""
    province_ws = open_workspace(folder / "province", clock=fixed_clock(DEMO_NOW))
    try:
        commune = commune_ws.store.units.by_code(COMMUNE_CODE)
        assert commune is not None and commune.parent_id
        identity.set_office(commune_ws, "Công an xã Hồ Thị Kỷ", commune.id)
        identity.set_office(province_ws, "Phòng PV05 Công an tỉnh Cà Mau", commune.parent_id)
        cards = folder / "cards"
        cards.mkdir(parents=True, exist_ok=True)
        identity.export_card(province_ws, cards / "province.json")
        identity.import_card(commune_ws, cards / "province.json", trust=True)
        identity.export_card(commune_ws, cards / "commune.json")

        offices = OfficeDialog(province_ws)
        offices.show()
        question = offices.add_card(cards / "commune.json")
        assert question is not None
        _settle(app)
        _save(question, "sync-trust-vi.png")
        question.trust_button.click()
        offices.close()

        package = export_package(
            commune_ws, identity.ensure_identity(province_ws).installation_id, folder / "usb"
        )
        dialog = ImportDialog(province_ws, InlineTaskRunner(), package.path)
        dialog.resize(820, 560)
        dialog.show()
        dialog.start()
        _settle(app)
        _save(dialog, "sync-import-vi.png")
        dialog.close()  # discards the staged files
    finally:
        province_ws.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    i18n.set_language("vi")
    app = QApplication(sys.argv[:1])
    install_qt_translator(app)
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(Path(tmp) / "commune", clock=fixed_clock(DEMO_NOW))
        try:
            build_demo(ws, seed=2026)
            save_sync_views(app, ws, Path(tmp))
        finally:
            ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
