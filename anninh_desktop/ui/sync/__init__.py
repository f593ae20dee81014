"""USB sync in the window: this office and the others (cards, trust), export, import (docs/sync.md).

`SyncActions` is what the main window creates; the dialogs are imported when first opened.
"""

from anninh_desktop.ui.sync.actions import SyncActions

__all__ = ["SyncActions"]
