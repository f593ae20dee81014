"""This office's unit and name as its sync identity records them, read without creating anything.

A light module (only the sync table's repository): the navigator asks for the office's unit at
every start. What the office may do with a unit is `services/office_settings.py`.
"""

from __future__ import annotations

from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.sync_repo import SyncRepository


def office_unit_id(ws: Workspace) -> str | None:
    """The unit of this office (a commune or a province), None when it is not set up as one.

    Read without creating the identity's keys (that happens when the office is set up).
    """
    record = SyncRepository(ws.store.db).identity()
    return record.office_unit_id if record is not None and record.office_unit_id else None


def office_name(ws: Workspace) -> str:
    record = SyncRepository(ws.store.db).identity()
    return record.office_name if record is not None else ""


def appraises_units(ws: Workspace) -> bool:
    """Whether units may be submitted to this office: it is set up as an office (a province
    appraises its communes, a commune its residential areas and establishments)."""
    return office_unit_id(ws) is not None
