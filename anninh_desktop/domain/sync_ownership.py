"""Round-3 names of the ownership rules; the rules themselves live in domain/authority.py."""

from __future__ import annotations

from anninh_desktop.domain.authority import (
    APPRAISER_STATES,
    DECISION_FIELDS,
    Overstep,
    UnitLookup,
    ancestors,
    owning_office_unit,
)

Refusal = Overstep

__all__ = [
    "APPRAISER_STATES",
    "DECISION_FIELDS",
    "Refusal",
    "UnitLookup",
    "ancestors",
    "owning_office_unit",
]
