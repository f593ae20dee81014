"""Offices for the sync benchmarks: the province's PC on the province-scale data, communes' PCs on
new data folders, their cards exchanged, and a commune's self-assessment to send.

- `fresh_data()`: a new data folder (official units and shipped criterion sets only), built once
  into bench/out/fresh/; a commune's PC is a copy of it made its own installation
  (`new_installation_id_for_copy`: its own id and keys), so 100 communes cost 100 copies of
  ~7 MB instead of 100 new folders.
- `province_office(dest, data)`: a copy of `data` (bench/out/province by default) whose
  installation becomes the office of the province that holds its first assessed commune.
- `commune_office(dest, unit_id, name)`: a commune's PC.
- `self_assessment(ws, …)`: the commune registers a year of the TT124 commune set, assesses every
  criterion with a note, attaches evidence files (random bytes: no deduplication) and submits.
"""

from __future__ import annotations

import random
import shutil
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from province_data import OUT_DIR, province_data

from anninh_desktop.domain.assessments import Assessment, AssessmentState, ResultValue
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services import assessment_service, evidence_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import identity
from anninh_desktop.services.workspace import Workspace, open_workspace

FRESH_DIR = OUT_DIR / "fresh"
DONE_MARK = "BUILT"


def fresh_data() -> Path:
    """A new data folder (official units, shipped criterion sets), built once."""
    if (FRESH_DIR / DONE_MARK).exists():
        return FRESH_DIR
    shutil.rmtree(FRESH_DIR, ignore_errors=True)
    ws = open_workspace(FRESH_DIR)
    ws.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ws.close()
    (FRESH_DIR / DONE_MARK).write_text("built\n")
    return FRESH_DIR


def _copy(source: Path, dest: Path) -> None:
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(DONE_MARK, "logs"))


def assessed_communes(ws: Workspace) -> list[str]:
    """Communes with assessments, in a fixed order."""
    rows = ws.store.db.execute(
        "SELECT u.id FROM unit u WHERE u.kind = 'commune' AND EXISTS "
        "(SELECT 1 FROM assessment a WHERE a.unit_id = u.id) ORDER BY u.code, u.id"
    ).fetchall()
    return [str(r[0]) for r in rows]


def province_office(dest: Path, data: Path | None = None) -> Workspace:
    """A copy of the data whose installation is the office of its communes' province."""
    _copy(data or province_data(quiet=True), dest)
    ws = open_workspace(dest)
    commune = assessed_communes(ws)[0]
    province = ws.store.units.get(commune).parent_id
    assert province is not None
    identity.set_office(ws, f"Phòng PV05 {ws.store.units.get(province).display_name}", province)
    return ws


def commune_office(dest: Path, unit_id: str) -> Workspace:
    """A commune's own PC: a new data folder made its own installation."""
    _copy(fresh_data(), dest)
    ws = open_workspace(dest)
    identity.new_installation_id_for_copy(ws)
    identity.set_office(ws, f"Công an {ws.store.units.get(unit_id).display_name}", unit_id)
    return ws


def introduce(a: Workspace, b: Workspace, folder: Path) -> None:
    """Exchange cards both ways, each trusted (the fingerprints compared by phone)."""
    folder.mkdir(parents=True, exist_ok=True)
    for x, y in ((a, b), (b, a)):
        card = folder / f"{identity.ensure_identity(x).installation_id}.card"
        if not card.exists():
            identity.export_card(x, card)
        identity.import_card(y, card, trust=True)


def commune_set(ws: Workspace):  # type: ignore[no-untyped-def]
    for s in ws.store.criteria.all():
        if (
            UnitKind.COMMUNE in s.unit_kinds
            and s.complete
            and "124" in " ".join(b.document for b in s.legal_basis)
        ):
            return s
    raise SystemExit("no TT124 commune set")


def self_assessment(
    ws: Workspace,
    unit_id: str,
    *,
    year: int,
    evidence_files: int,
    evidence_bytes: int,
    seed: int,
) -> Assessment:
    """Register, assess every criterion, attach evidence, submit (the commune's year of work)."""
    rng = random.Random(seed)
    s = commune_set(ws)
    a = assessment_service.register(ws, unit_id, s, year)
    refs = [c.ref for c in s.assessable_criteria() if c.computed is None]
    for ref in refs:
        assessment_service.update_result(
            ws, a.id, ref, value=ResultValue.MET, note=f"Đã thực hiện tiêu chí {ref} năm {year}"
        )
    for i in range(evidence_files):
        evidence_service.add_content(
            ws,
            unit_id,
            rng.randbytes(evidence_bytes),
            f"bien-ban-{year}-{i + 1:02d}.pdf",
            evidence_service.EvidenceMetadata(
                title=f"Biên bản kiểm tra số {i + 1}/{year}", kind=EvidenceKind.MINUTES
            ),
            link_to=[(a.id, refs[i % len(refs)])],
        )
    for state in (AssessmentState.SELF_ASSESSED, AssessmentState.SUBMITTED):
        try:
            assessment_service.transition(ws, a.id, state)
        except UserError:
            # The set asks for evidence kinds the benchmark does not make: moved as the demo does.
            with ws.store.change() as stamp:
                current = ws.store.assessments.get(a.id)
                ws.store.assessments.update(replace(current, state=state), stamp)
    return ws.store.assessments.get(a.id)


# The demo's province folder wrote every commune's rows itself. In a real round those rows came
# from each commune's PC: `as_received_from` gives them that author (the commune's installation,
# vector {commune: change_seq}), as if imported from it (bench only: plain SQL on the copy).
_AREA_SQL = {
    "unit": "id IN area",
    "assessment": "unit_id IN area",
    "evidence": "unit_id IN area",
    "result": "assessment_id IN (SELECT id FROM assessment WHERE unit_id IN area)",
    "document": "assessment_id IN (SELECT id FROM assessment WHERE unit_id IN area)",
    "document_text": "assessment_id IN (SELECT id FROM assessment WHERE unit_id IN area)",
    "evidence_revision": "evidence_id IN (SELECT id FROM evidence WHERE unit_id IN area)",
    "evidence_link": "evidence_id IN (SELECT id FROM evidence WHERE unit_id IN area)",
}


def as_received_from(ws: Workspace, unit_id: str, installation: str) -> int:
    """Give the rows of a commune's area (the commune, its units, their assessments, results,
    evidence) the commune's PC as their author; the number of rows."""
    db = ws.store.db
    area = (
        "(WITH RECURSIVE sub(id) AS (SELECT :unit UNION SELECT u.id FROM unit u "
        "JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub)"
    )
    count = 0
    db.execute("BEGIN IMMEDIATE")
    try:
        for table, where in _AREA_SQL.items():
            condition = where.replace("area", area)
            ids = [
                r[0]
                for r in db.execute(
                    f"SELECT id FROM {table} WHERE {condition} AND changed_by != ''",
                    {"unit": unit_id},
                )
            ]
            db.conn.executemany(
                f"UPDATE {table} SET changed_by = ? WHERE id = ?", [(installation, i) for i in ids]
            )
            db.conn.executemany(
                "UPDATE row_version SET vector = json_object(?, "
                f"(SELECT change_seq FROM {table} WHERE id = ?)) WHERE tbl = ? AND row_id = ?",
                [(installation, i, table, i) for i in ids],
            )
            count += len(ids)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return count
