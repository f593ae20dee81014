"""Entry of the bundle's command line (`anninh`, console); see installer/anninh.spec."""

from anninh_desktop.entry import cli

raise SystemExit(cli())
