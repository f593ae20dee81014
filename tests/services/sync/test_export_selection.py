"""An export reads a peer's rows with indexed queries (storage/sync_export_rows.py, issue 14): by
version or by the peer's units, it must choose exactly the rows the old way chose (every changed
row of the store, then the echo and "concerns the peer" filters of services/sync/plan.py), with
their kept signatures."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.movement_data import movement_demo_template
from fixtures.workspaces import copy_folder, open_folder

from anninh_desktop.services.sync.plan import Scopes, concerns
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import Database, transaction
from anninh_desktop.storage.sync_export_rows import rows_for_peer, tables_changed_in_range
from anninh_desktop.storage.sync_rows import SYNCED_TABLES, changed_rows, current_counter
from anninh_desktop.storage.sync_signatures import RowSignature, save_signatures, signature_for

PEER = "ee" * 16
OTHER = "dd" * 16


def _old_way(db: Database, after: int, upto: int, peer: str, peer_unit: str) -> dict[str, list]:
    found = {
        table: [
            {**row, "_v": vector}
            for row, vector in changed_rows(db, table, after, upto)
            if not set(vector) <= {peer}
        ]
        for table in SYNCED_TABLES
    }
    scopes = Scopes(db, found)
    return {
        table: [r["id"] for r in rows if concerns(scopes, table, r, peer_unit)]
        for table, rows in found.items()
    }


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    folder = copy_folder(
        movement_demo_template(tmp_path_factory), tmp_path_factory.mktemp("sel") / "data"
    )
    ws = open_folder(folder)
    db = ws.store.db
    rng = random.Random(14)
    versions = db.execute("SELECT tbl, row_id FROM row_version ORDER BY tbl, row_id").fetchall()
    picked = rng.sample(versions, 120)
    with transaction(db):
        # Some versions came from the peer only (echoes: never sent back), some were seen by both.
        for tbl, row_id in picked[:60]:
            db.execute(
                "UPDATE row_version SET vector = json_object(?, 5) WHERE tbl = ? AND row_id = ?",
                [PEER, tbl, row_id],
            )
        for tbl, row_id in picked[60:]:
            db.execute(
                "UPDATE row_version SET vector = json_set(vector, ?, 7) WHERE tbl = ? AND "
                "row_id = ?",
                [f'$."{PEER}"', tbl, row_id],
            )
        save_signatures(
            db,
            [
                RowSignature(tbl, row_id, OTHER, 3, "ab" * 32, "cd" * 64, n % 2 == 0)
                for n, (tbl, row_id) in enumerate(rng.sample(versions, 40))
            ],
        )
    yield ws
    ws.close()


def _peer_units(ws: Workspace) -> dict[str, str]:
    db = ws.store.db
    commune = db.execute("SELECT id, parent_id FROM unit WHERE code = '32092'").fetchone()
    area = db.execute(
        "SELECT id FROM unit WHERE parent_id = ? AND kind = 'residential_area' ORDER BY id",
        [commune[0]],
    ).fetchone()[0]
    other = db.execute("SELECT id FROM unit WHERE code = '32152'").fetchone()[0]
    return {
        "province": commune[1],
        "commune": commune[0],
        "area": area,
        "other commune": other,
        "unknown office unit": "",
        "unit not in this store": "ff" * 16,
    }


@pytest.mark.parametrize(
    "peer_kind",
    [
        "province",
        "commune",
        "area",
        "other commune",
        "unknown office unit",
        "unit not in this store",
    ],
)
def test_both_ways_choose_what_the_old_way_chose(ws: Workspace, peer_kind: str) -> None:
    db = ws.store.db
    peer_unit = _peer_units(ws)[peer_kind]
    upto = current_counter(db)
    middle = int(db.execute("SELECT max(local_seq) / 2 FROM row_version").fetchone()[0])
    chosen = 0
    for after in (0, middle, upto):
        expected = _old_way(db, after, upto, PEER, peer_unit)
        for way in ("scope", "version", ""):
            for table in SYNCED_TABLES:
                got = list(
                    rows_for_peer(
                        db,
                        table,
                        after,
                        upto,
                        peer_id=PEER,
                        peer_unit=peer_unit,
                        way=way,
                    )
                )
                assert [o.row["id"] for o in got] == expected[table], (table, after, way)
                for o in got:
                    assert o.signature == signature_for(db, table, str(o.row["id"]))
                    assert set(o.vector) - {PEER}
                chosen += len(got)
    if peer_kind != "unit not in this store":
        assert chosen > 0


def test_the_selection_is_not_empty_for_the_main_cases(ws: Workspace) -> None:
    """The fixture has rows for each side (a test that compares empty lists proves nothing)."""
    db = ws.store.db
    units = _peer_units(ws)
    upto = current_counter(db)
    counts = {
        kind: sum(
            len(list(rows_for_peer(db, t, 0, upto, peer_id=PEER, peer_unit=units[kind])))
            for t in SYNCED_TABLES
        )
        for kind in ("province", "commune", "area", "other commune")
    }
    assert counts["province"] > counts["commune"] > counts["area"] > 0
    assert 0 < counts["other commune"] < counts["province"]
    movement = sum(
        len(list(rows_for_peer(db, t, 0, upto, peer_id=PEER, peer_unit=units["commune"])))
        for t in ("model_site", "model_team", "mass_organisation")
    )
    assert movement > 0


def test_a_row_moved_to_another_unit_reaches_the_new_units_peer_only(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """Scope comes from the row as it is now: an assessment moved from an area of the commune to
    another commune goes to the other commune (and to the province), not to the area."""
    ws = open_folder(copy_folder(movement_demo_template(tmp_path_factory), tmp_path / "data"))
    try:
        db = ws.store.db
        units = _peer_units(ws)
        assessment = db.execute(
            "SELECT id FROM assessment WHERE unit_id = ? ORDER BY id", [units["area"]]
        ).fetchone()[0]
        before = current_counter(db)
        with ws.store.change() as stamp:
            db.execute(
                "UPDATE assessment SET unit_id = ?, changed_by = ?, change_seq = ? WHERE id = ?",
                [units["other commune"], stamp.installation, stamp.seq, assessment],
            )
        upto = current_counter(db)
        for way in ("scope", "version", ""):
            for kind, wanted in (
                ("other commune", [assessment]),
                ("area", []),
                ("province", [assessment]),
            ):
                got = [
                    o.row["id"]
                    for o in rows_for_peer(
                        db,
                        "assessment",
                        before,
                        upto,
                        peer_id=PEER,
                        peer_unit=units[kind],
                        way=way,
                    )
                ]
                assert got == wanted, (kind, way)
    finally:
        ws.close()


def test_the_tables_changed_in_a_range_are_those_with_a_version_in_it(ws: Workspace) -> None:
    """An export reads only these tables (one query says which); the others have nothing."""
    db = ws.store.db
    upto = current_counter(db)
    middle = int(db.execute("SELECT max(local_seq) / 2 FROM row_version").fetchone()[0])
    for after in (0, middle, upto - 1, upto):
        expected = {
            str(r[0])
            for r in db.execute(
                "SELECT DISTINCT tbl FROM row_version WHERE local_seq > ? AND local_seq <= ?",
                [after, upto],
            )
        }
        assert tables_changed_in_range(db, after, upto) == expected & set(SYNCED_TABLES)
        for table in set(SYNCED_TABLES) - expected:
            assert not list(rows_for_peer(db, table, after, upto, peer_id=PEER, peer_unit=""))
    assert len(tables_changed_in_range(db, 0, upto)) > 3
    assert tables_changed_in_range(db, upto, upto) == set()
