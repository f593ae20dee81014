from anninh_desktop.entry import cli

raise SystemExit(cli())
