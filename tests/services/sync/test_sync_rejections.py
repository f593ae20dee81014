"""Every refused package leaves the store exactly as it was (tables, blobs, staging folder)."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sync_helpers import (
    Offices,
    commune_and_province,
    craft_package,
    introduce,
    store_state,
)

from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.container import FORMAT
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.payload import Entry
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace


@dataclass
class Sent:
    offices: Offices
    package: Path  # an honest package from A for P


@pytest.fixture
def sent(offices: Offices) -> Sent:
    return Sent(offices, export_package(offices.a, offices.p_id, offices.usb).path)


def _refused(ws: Workspace, path: Path, match: str, **kw: str) -> str:
    """`path` is refused for the reason `match` names, and the store is left exactly as it was."""
    before = store_state(ws)
    with pytest.raises(UserError, match=match) as info:
        read_package(ws, path, **kw)
    assert store_state(ws) == before
    return info.value.message


def _staged(ws: Workspace) -> list[str]:
    temp = ws.store.blobs.temp_dir
    return sorted(p.name for p in temp.iterdir()) if temp.exists() else []


def _each_refused(ws: Workspace, cases: list[tuple[Path, str]]) -> None:
    """Every file refused for the reason its pattern names. The whole store is compared once for
    the loop (a snapshot of the province's store costs about a second); after each file, the
    connection has written no row and no staged file is left."""
    before = store_state(ws)
    conn = ws.store.db.conn
    for path, match in cases:
        writes, staged = conn.total_changes, _staged(ws)
        with pytest.raises(UserError, match=match):
            read_package(ws, path)
        assert (conn.total_changes, _staged(ws)) == (writes, staged), path.name
    assert store_state(ws) == before


def _copy_with(src: Path, dest: Path, data: bytes) -> Path:
    dest.write_bytes(data)
    return dest


DAMAGED = "is damaged or incomplete"
FORGED = "is not signed by a trusted office"
NOT_A_PACKAGE = "is not an An Ninh sync package"
TOO_NEW = "was made by a newer version"


@pytest.mark.slow
def test_a_flipped_byte_anywhere_is_refused(sent: Sent, tmp_path: Path) -> None:
    data = sent.package.read_bytes()
    (header_len,) = struct.unpack(">I", data[10:14])
    positions = {
        0: NOT_A_PACKAGE,  # the magic
        7: NOT_A_PACKAGE,
        9: TOO_NEW,  # the format number: 2 becomes 3
        12: DAMAGED,  # the header's length
        20: DAMAGED,  # the header itself
        14 + header_len + 2: DAMAGED,  # a chunk's length
        14 + header_len + 40: DAMAGED,  # the encrypted data
        len(data) // 2: DAMAGED,
        len(data) - 80: DAMAGED,
        len(data) - 65: DAMAGED,  # the last byte of the encryption's tag
        # A byte of the signature itself: the encryption is intact, the signature is not the
        # sender's. No file can tell a damaged signature from a wrong one: it is refused as not
        # signed by the office it names.
        len(data) - 64: FORGED,
        len(data) - 1: FORGED,
    }
    cases = []
    for pos, reason in positions.items():
        flipped = bytearray(data)
        flipped[pos] ^= 0x01
        path = _copy_with(sent.package, tmp_path / f"flip-{pos}.ansync", bytes(flipped))
        cases.append((path, reason))
    _each_refused(sent.offices.p, cases)


@pytest.mark.slow
def test_a_truncated_file_is_refused(sent: Sent, tmp_path: Path) -> None:
    data = sent.package.read_bytes()
    cases = []
    for length in (0, 5, 40, len(data) // 3, len(data) - 65, len(data) - 64, len(data) - 1):
        path = _copy_with(sent.package, tmp_path / f"cut-{length}.ansync", data[:length])
        cases.append((path, DAMAGED))
    # Two packages glued together are not one package either.
    glued = _copy_with(sent.package, tmp_path / "glued.ansync", data + data[:100])
    _each_refused(sent.offices.p, [*cases, (glued, DAMAGED)])


def test_unknown_sender(offices: Offices, third: Workspace, tmp_path: Path) -> None:
    card = tmp_path / "p.card.json"
    identity.export_card(offices.p, card)
    identity.import_card(third, card, trust=True)  # C knows P, P does not know C
    path = craft_package(third, offices.p, tmp_path / "c.ansync", tables={})
    message = _refused(offices.p, path, "unknown office")
    assert identity.ensure_identity(third).installation_id in message


def test_untrusted_sender_shows_the_fingerprint(
    offices: Offices, third: Workspace, tmp_path: Path
) -> None:
    introduce(third, offices.p, tmp_path / "cards", trust=False)
    path = craft_package(third, offices.p, tmp_path / "c.ansync", tables={})
    message = _refused(offices.p, path, "does not trust")
    assert identity.ensure_identity(third).fingerprint in message
    identity.trust_peer(offices.p, identity.ensure_identity(third).installation_id)
    assert read_package(offices.p, path).totals() == {}


def test_package_for_another_recipient(sent: Sent, third: Workspace, tmp_path: Path) -> None:
    introduce(third, sent.offices.a, tmp_path / "cards")
    _refused(third, sent.package, "another office")


def test_wrong_or_missing_passphrase(offices: Offices) -> None:
    out = export_package(offices.a, offices.p_id, offices.usb, passphrase="đúng")
    _refused(offices.p, out.path, "Wrong passphrase", passphrase="sai")
    _refused(offices.p, out.path, "passphrase")


def _blob() -> tuple[str, bytes]:
    content = b"%PDF-1.4 evidence " * 50
    return hashlib.sha256(content).hexdigest(), content


@pytest.mark.parametrize(
    "name",
    [
        "blobs/../../anninh.sqlite3",
        "../evil",
        "/etc/passwd",
        "blobs/ABC",
        "blobs\\..\\x",
        "rows/meta.jsonl",
    ],
)
def test_paths_escaping_the_data_folder(offices: Offices, tmp_path: Path, name: str) -> None:
    sha, content = _blob()

    def rename(entries: list[Entry]) -> list[Entry]:
        return [replace(e, name=name) for e in entries]

    path = craft_package(
        offices.a, offices.p, tmp_path / "x.ansync", blobs={sha: content}, entry_edit=rename
    )
    _refused(offices.p, path, "damaged")
    assert not any(p.name == "evil" for p in tmp_path.rglob("*"))


def test_rows_for_a_table_that_does_not_travel(offices: Offices, tmp_path: Path) -> None:
    def to_meta(entries: list[Entry]) -> list[Entry]:
        return [replace(e, table="meta", name="rows/meta.jsonl") for e in entries]

    rows = {"unit": [{"id": "0" * 32, "_v": {"x": 1}}]}
    path = craft_package(
        offices.a, offices.p, tmp_path / "x.ansync", tables=rows, entry_edit=to_meta
    )
    _refused(offices.p, path, "damaged")


def test_manifest_that_lies_about_sizes(offices: Offices, tmp_path: Path) -> None:
    # A decompression bomb: 50 MB of JSON lines declared as 1 kB.
    bomb_rows = [{"id": f"{i:032x}", "note": "x" * 1000, "_v": {"a": 1}} for i in range(50_000)]

    def shrink(entries: list[Entry]) -> list[Entry]:
        return [replace(e, size=1000) for e in entries]

    bomb = craft_package(
        offices.a,
        offices.p,
        tmp_path / "bomb.ansync",
        tables={"unit": bomb_rows},
        entry_edit=shrink,
    )

    # A blob longer than declared, and one shorter.
    sha, content = _blob()
    longer, shorter = (
        craft_package(
            offices.a, offices.p, tmp_path / name, blobs={sha: content}, payload_edit=edit
        )
        for name, edit in (
            ("longer.ansync", lambda n, b: b + b"more"),
            ("shorter.ansync", lambda n, b: b[:-10]),
        )
    )

    # Compressed data that is not what the manifest's hash says.
    def other_rows(name: str, data: bytes) -> bytes:
        return zlib.compress(json.dumps({"id": "1" * 32, "_v": {}}).encode() + b"\n")

    swapped = craft_package(
        offices.a,
        offices.p,
        tmp_path / "swap.ansync",
        tables={"unit": [{"id": "0" * 32, "_v": {}}]},
        payload_edit=other_rows,
    )
    _each_refused(offices.p, [(p, DAMAGED) for p in (bomb, longer, shorter, swapped)])


def test_newer_format_version(sent: Sent, tmp_path: Path) -> None:
    data = bytearray(sent.package.read_bytes())
    data[8:10] = struct.pack(">H", FORMAT + 1)
    path = _copy_with(sent.package, tmp_path / "new.ansync", bytes(data))
    _refused(sent.offices.p, path, "newer version")


def test_rows_the_sender_does_not_own(sent: Sent, tmp_path: Path) -> None:
    offices = sent.offices
    # P has A's data; then P tries to change one of A's results.
    from anninh_desktop.services.sync.apply import apply_package

    apply_package(offices.p, read_package(offices.p, sent.package))
    row = offices.a.store.db.execute(
        "SELECT * FROM result r WHERE assessment_id IN (SELECT a.id FROM assessment a JOIN unit "
        "u ON u.id = a.unit_id WHERE u.code = '32092') LIMIT 1"
    )
    columns = [d[0] for d in row.description]
    result = dict(zip(columns, row.fetchone(), strict=True))
    changed = {
        **result,
        "note": "sửa trái phép",
        "changed_by": offices.p_id,
        "change_seq": 999,
        "_v": {offices.a_id: 10_000, offices.p_id: 999},
    }
    path = craft_package(offices.p, offices.a, tmp_path / "p.ansync", tables={"result": [changed]})
    message = _refused(offices.a, path, "may not make")
    assert "result" in message

    # An appraisal from the commune itself is refused too (appraisals are the province's).
    appraisal = {
        "id": "a" * 32,
        "result_id": result["id"],
        "level": "province",
        "verdict": "agree",
        "comment": "",
        "appraiser": "",
        "at": None,
        "changed_by": offices.a_id,
        "change_seq": 5000,
        "deleted": 0,
        "_v": {offices.a_id: 5000},
    }
    path = craft_package(
        offices.a, offices.p, tmp_path / "a.ansync", tables={"appraisal": [appraisal]}
    )
    _refused(offices.p, path, "may not make")


def test_province_may_return_an_assessment_but_not_edit_it(sent: Sent, tmp_path: Path) -> None:
    offices = sent.offices
    from anninh_desktop.services.sync.apply import apply_package

    apply_package(offices.p, read_package(offices.p, sent.package))
    commune, _ = commune_and_province(offices.a)
    cur = offices.p.store.db.execute(
        "SELECT * FROM assessment WHERE unit_id = ? LIMIT 1", [commune]
    )
    columns = [d[0] for d in cur.description]
    base = dict(zip(columns, cur.fetchone(), strict=True))
    vector = {offices.a_id: base["change_seq"], offices.p_id: 77}
    stamp = {"changed_by": offices.p_id, "change_seq": 77, "_v": vector}
    returned = {**base, **stamp, "state": "returned"}
    ok = craft_package(
        offices.p, offices.a, tmp_path / "ok.ansync", tables={"assessment": [returned]}
    )
    assert read_package(offices.a, ok).totals() == {"updated": 1}
    edited = {**base, **stamp, "year": base["year"] + 1}
    bad = craft_package(
        offices.p, offices.a, tmp_path / "bad.ansync", tables={"assessment": [edited]}
    )
    _refused(offices.a, bad, "may not make")


def test_rows_with_columns_this_version_does_not_know(offices: Offices, tmp_path: Path) -> None:
    commune, _ = commune_and_province(offices.a)
    row = {
        "id": "5" * 32,
        "kind": "residential_area",
        "name": "Ấp Mới",
        "name_folded": "ap moi",
        "parent_id": commune,
        "changed_by": offices.a_id,
        "change_seq": 9999,
        "deleted": 0,
        "successors": [],
        "population": 1200,
        "_v": {offices.a_id: 9999},
    }
    path = craft_package(offices.a, offices.p, tmp_path / "x.ansync", tables={"unit": [row]})
    message = _refused(offices.p, path, "newer version")
    assert "population" in message
    del row["population"]
    path = craft_package(offices.a, offices.p, tmp_path / "y.ansync", tables={"unit": [row]})
    assert read_package(offices.p, path).totals() == {"new": 1}


def test_an_evidence_revision_without_its_file_is_refused(offices: Offices, tmp_path: Path) -> None:
    sent = export_package(offices.a, offices.p_id, offices.usb)
    from anninh_desktop.services.sync.apply import apply_package

    apply_package(offices.p, read_package(offices.p, sent.path))
    evidence = offices.a.store.db.execute(
        "SELECT evidence_id, sha256 FROM evidence_revision WHERE changed_by = ? LIMIT 1",
        [offices.a_id],
    ).fetchone()
    seq = 10_000
    revision = {
        "id": "e" * 32,
        "evidence_id": evidence[0],
        "revision": 99,
        "sha256": hashlib.sha256(b"never sent").hexdigest(),
        "size": 10,
        "filename": "bien-ban.pdf",
        "media_type": "application/pdf",
        "added_at": "2026-03-02T09:00:00+07:00",
        "changed_by": offices.a_id,
        "change_seq": seq,
        "deleted": 0,
        "_v": {offices.a_id: seq},
    }
    path = craft_package(
        offices.a, offices.p, tmp_path / "x.ansync", tables={"evidence_revision": [revision]}
    )
    _refused(offices.p, path, "evidence files it does not hold")
