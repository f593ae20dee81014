"""Printing through the system's print dialog with a preview (docs/printing.md)."""
