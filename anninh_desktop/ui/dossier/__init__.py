"""The dossier in the window: build, preview, sign and verify an assessment's dossier (issue 4).

`DossierDialog(workspace, assessment_id, tasks, preferences=None, parent=None)` is opened from the
assessment header's "Dossier…" button; `open_received_dossier(...)` verifies any PDF (File menu).
"""

from __future__ import annotations

from anninh_desktop.ui.dossier.dialog import DossierDialog
from anninh_desktop.ui.dossier.received import ReceivedDossier
from anninh_desktop.ui.dossier.verify_view import VerificationDialog, VerificationView

__all__ = ["DossierDialog", "ReceivedDossier", "VerificationDialog", "VerificationView"]
