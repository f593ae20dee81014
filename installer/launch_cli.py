"""Entry of the bundle's command line (`anninh`, console); see installer/anninh.spec."""

from anninh_desktop.cli.main import main

raise SystemExit(main())
