"""Row version vectors kept by the m006 triggers, and the sync tables' repository."""

from __future__ import annotations

from pathlib import Path

from anninh_desktop.storage.database import transaction
from anninh_desktop.storage.store import open_store
from anninh_desktop.storage.sync_rows import changed_rows, current_counter, local_row, write_row


def _unit(db: object, uid: str, by: str, seq: int, name: str = "Ấp Một") -> None:
    db.execute(  # type: ignore[attr-defined]
        "INSERT INTO unit (id, kind, name, name_folded, changed_by, change_seq) "
        "VALUES (?, 'residential_area', ?, 'ap mot', ?, ?)",
        [uid, name, by, seq],
    )


def test_triggers_keep_one_entry_per_installation(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        db = store.db
        with store.change() as stamp:
            _unit(db, "u1", stamp.installation, stamp.seq)
            _unit(db, "ref", "", 0)  # reference rows get no version
        assert local_row(db, "unit", "u1")[1] == {stamp.installation: stamp.seq}  # type: ignore[index]
        assert local_row(db, "unit", "ref")[1] == {}  # type: ignore[index]
        with store.change() as second:
            db.execute(
                "UPDATE unit SET name = 'Ấp Hai', changed_by = ?, change_seq = ? WHERE id = 'u1'",
                [second.installation, second.seq],
            )
        with store.change():
            db.execute("UPDATE unit SET changed_by = 'peer', change_seq = 7 WHERE id = 'u1'")
        assert local_row(db, "unit", "u1")[1] == {  # type: ignore[index]
            second.installation: second.seq,
            "peer": 7,
        }
        # An update that does not restamp the row leaves its version alone.
        with store.change():
            db.execute("UPDATE unit SET name = 'Ấp Ba' WHERE id = 'u1'")
        assert [r["id"] for r, _v in changed_rows(db, "unit", second.seq, 10**9)] == ["u1"]
        assert list(changed_rows(db, "unit", current_counter(db), 10**9)) == []
    finally:
        store.close()


def test_write_row_sets_the_given_vector_and_only_changed_columns(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        db = store.db
        row = {
            "id": "u2",
            "kind": "residential_area",
            "name": "Ấp Một",
            "name_folded": "ap mot",
            "changed_by": "peer",
            "change_seq": 3,
            "deleted": 0,
            "successors": [],
        }
        with transaction(db):
            write_row(db, "unit", row, None, {"peer": 3, "other": 9}, 55)
        stored, vector = local_row(db, "unit", "u2")  # type: ignore[misc]
        assert vector == {"other": 9, "peer": 3}
        assert stored["name"] == "Ấp Một"
        assert (
            db.execute("SELECT local_seq FROM row_version WHERE row_id = 'u2'").fetchone()[0] == 55
        )
    finally:
        store.close()
