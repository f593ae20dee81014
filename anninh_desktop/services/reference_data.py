"""Reference data every data folder has: the official units and the shipped criterion sets."""

from __future__ import annotations

import logging

from anninh_desktop.services.shipped_sets import SHIPPED_KEY, shipped_fingerprint
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import transaction
from anninh_desktop.storage.meta import set_meta

log = logging.getLogger(__name__)

UNITS_KEY = "reference_units"


def ensure_reference_data(ws: Workspace) -> None:
    """Load the units snapshot into a new data folder, and any shipped set version not yet stored."""
    store = ws.store
    if store.meta(UNITS_KEY) is None:
        from anninh_desktop.services.unit_catalog import load_catalog

        catalog = load_catalog()
        units = [*catalog.current_units(), *catalog.historic_units()]
        with transaction(store.db):
            count = store.units.bulk_insert_reference(units)
            set_meta(store.db, UNITS_KEY, catalog.source)
        log.info("loaded %d reference units (%s)", count, catalog.source)
    # An ordinary start only hashes the shipped files; the YAML library loads when they changed.
    if store.meta(SHIPPED_KEY) != shipped_fingerprint():
        from anninh_desktop.services.criteria_service import import_shipped_sets

        import_shipped_sets(ws)
