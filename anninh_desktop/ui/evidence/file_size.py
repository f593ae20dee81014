"""File sizes as people read them: "820 bytes", "14,2 KB", "3,5 MB" (numbers in the user's locale)."""

from __future__ import annotations

from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.formatting import format_number


def format_size(size: int) -> str:
    """A byte count with the largest unit that keeps the number at 1 or more (1 KB = 1024 bytes)."""
    if size < 1024:
        return ngettext("{count} byte", "{count} bytes", size).format(count=format_number(size))
    value = size / 1024
    unit = _("KB")
    for larger in (_("MB"), _("GB")):
        if value < 1024:
            break
        value /= 1024
        unit = larger
    return _("{value} {unit}").format(value=format_number(round(value, 1)), unit=unit)
