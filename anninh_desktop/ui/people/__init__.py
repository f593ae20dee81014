"""The office's officers in the window: the list, and who is working (issue 17 item 5)."""
