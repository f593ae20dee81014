"""The history as an Excel workbook: one row per change, with the chain's state above it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from anninh_desktop.i18n import _
from anninh_desktop.services.formatting import format_datetime
from anninh_desktop.services.history.log import ChainState, HistoryEntry
from anninh_desktop.services.xlsx_export import Column, Table, export_tables


def history_table(title: str, entries: Sequence[HistoryEntry], chain: ChainState) -> Table:
    columns = (
        Column(_("Seq"), width=8),
        Column(_("Time"), width=18),
        Column(_("Who"), width=26),
        Column(_("Computer"), width=18),
        Column(_("What"), width=30),
        Column(_("Subject"), width=36),
        Column(_("Change (before → after)"), width=60),
    )
    rows: list[list[str | int | None]] = [
        [e.seq, format_datetime(e.at), e.who, e.computer, e.what, e.subject, e.changes_text()]
        for e in entries
    ]
    rows.append([None, None, None, None, None, None, None])
    rows.append([None, None, None, None, _("Log check"), chain.message, None])
    return Table(title or _("History"), columns, rows)


def export_history(
    path: Path, title: str, entries: Sequence[HistoryEntry], chain: ChainState
) -> Path:
    """Write the entries (as filtered on screen) to `path`; UserError when it cannot be written."""
    return export_tables(path, [history_table(title, entries, chain)])
