"""The "Phong trào" view: the movement of a commune or a province (docs/movement.md)."""

from anninh_desktop.ui.movement.page import MovementWidget

__all__ = ["MovementWidget"]
