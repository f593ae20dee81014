"""Movement service tests: a data folder with the little registry of fixtures/movement_data."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.movement_data import (
    H1_2025,
    H1_2026,
    add_organisations,
    add_sites,
    build_place,
    complete_dossier,
    register_exemplary,
    register_some,
)

from anninh_desktop.services.movement import figures


@pytest.fixture
def place(ws):
    place = build_place(ws)
    register_some(ws, place)
    add_organisations(ws, place)
    ids = add_sites(ws, place)
    complete_dossier(ws, ids["s1"], place.areas[0].id, date(2026, 2, 1))
    figures.set_figures(
        ws,
        place.main.id,
        H1_2026,
        {
            "ra-quan-xa": 1,
            "ra-quan-khu-dan-cu": 3,
            "luot-du-ra-quan": 1250,
            "tin-bao-toi-pham": 20,
            "tin-bao-vu-viec": 10,
            "tin-co-gia-tri": 12,
            "vu-pham-toi": 5,
            "doi-tuong-pham-toi": 6,
        },
    )
    figures.set_figures(ws, place.main.id, H1_2025, {"vu-pham-toi": 9, "doi-tuong-pham-toi": 9})
    figures.set_figures(ws, place.other.id, H1_2026, {"ra-quan-xa": 0, "vu-pham-toi": 3})
    figures.set_figures(ws, place.other.id, H1_2025, {"vu-pham-toi": 2})
    register_exemplary(
        ws, place.main, 2026, unmet={"31": ("Bố trí kinh phí cho phong trào", date(2026, 9, 30))}
    )
    register_exemplary(ws, place.other, 2026, unmet={"33": ("", None)})
    return place
