"""Entry of the bundle's window program (`anninh-desktop`, windowed); see installer/anninh.spec."""

from anninh_desktop.entry import window

raise SystemExit(window())
