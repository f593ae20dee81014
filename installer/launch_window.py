"""Entry of the bundle's window program (`anninh-desktop`, windowed); see installer/anninh.spec."""

from anninh_desktop.app import main

raise SystemExit(main())
