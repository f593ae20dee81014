"""The `anninh` command line: the same services as the window, for tests, scripts and power users."""
