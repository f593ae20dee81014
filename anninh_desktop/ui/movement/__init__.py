"""The "Phong trào" view: the movement of a commune or a province (docs/movement.md).

`TAB_TITLE` costs nothing to import (the main window needs it at start-up); `MovementWidget` and
its modules (reportlab for the report among them) are imported when first asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from anninh_desktop.i18n import N_

if TYPE_CHECKING:
    from anninh_desktop.ui.movement.page import MovementWidget

# The main window's tab title for the view (translated where it is shown: _(TAB_TITLE)).
TAB_TITLE = N_("&Movement")

__all__ = ["TAB_TITLE", "MovementWidget"]


def __getattr__(name: str) -> Any:
    if name == "MovementWidget":
        from anninh_desktop.ui.movement.page import MovementWidget

        return MovementWidget
    raise AttributeError(name)
