"""The office's officers: the list, their PINs, and who is working (issue 17 item 5)."""
