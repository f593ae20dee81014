"""Backups as the officer sees them: which exist in a folder, when the last one was made, and
whether it is time for another (the window's reminder and `anninh backup list`)."""
