"""Evidence items, revisions and links to results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.evidence import Evidence, EvidenceLink, EvidenceRevision, FileCheck
from anninh_desktop.domain.text import fold, nfc
from anninh_desktop.storage.codec import (
    date_to_text,
    datetime_to_text,
    text_to_date,
    text_to_datetime,
)
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import ChangeStamp

_E_COLUMNS = "id, unit_id, title, kind, number, issue_date, issuer, effective_date"
_V_COLUMNS = "id, evidence_id, revision, sha256, size, filename, media_type, added_at, file_check"


def _row_to_evidence(row: Sequence[Any]) -> Evidence:
    return Evidence(
        id=row[0],
        unit_id=row[1],
        title=row[2],
        kind=EvidenceKind(row[3]),
        number=row[4],
        issue_date=text_to_date(row[5]),
        issuer=row[6],
        effective_date=text_to_date(row[7]),
    )


def _row_to_revision(row: Sequence[Any]) -> EvidenceRevision:
    added = text_to_datetime(row[7])
    assert added is not None
    return EvidenceRevision(
        id=row[0],
        evidence_id=row[1],
        revision=int(row[2]),
        sha256=row[3],
        size=int(row[4]),
        filename=row[5],
        media_type=row[6],
        added_at=added,
        check=_file_check(row[8]),
    )


def _file_check(value: str) -> FileCheck:
    try:
        return FileCheck(value)
    except ValueError:  # written by a newer program (a synced row): treat it as not checked
        return FileCheck.UNCHECKED


class EvidenceRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, e: Evidence, stamp: ChangeStamp) -> None:
        self._db["evidence"].upsert(
            {
                "id": e.id,
                "unit_id": e.unit_id,
                "title": nfc(e.title),
                "title_folded": fold(e.title),
                "kind": e.kind.value,
                "number": nfc(e.number),
                "issue_date": date_to_text(e.issue_date),
                "issuer": nfc(e.issuer),
                "effective_date": date_to_text(e.effective_date),
                **stamp.columns(),
            },
            pk="id",
        )

    def update(self, e: Evidence, stamp: ChangeStamp) -> bool:
        """Change an item's metadata (not its unit); False when there is no such item."""
        cursor = self._db.execute(
            "UPDATE evidence SET title = ?, title_folded = ?, kind = ?, number = ?, "
            "issue_date = ?, issuer = ?, effective_date = ?, changed_by = ?, change_seq = ? "
            "WHERE id = ? AND deleted = 0",
            [
                nfc(e.title),
                fold(e.title),
                e.kind.value,
                nfc(e.number),
                date_to_text(e.issue_date),
                nfc(e.issuer),
                date_to_text(e.effective_date),
                stamp.installation,
                stamp.seq,
                e.id,
            ],
        )
        return bool(cursor.rowcount)

    def add_revision(self, r: EvidenceRevision, stamp: ChangeStamp) -> None:
        self._db["evidence_revision"].insert(
            {
                "id": r.id,
                "evidence_id": r.evidence_id,
                "revision": r.revision,
                "sha256": r.sha256,
                "size": r.size,
                "filename": nfc(r.filename),
                "media_type": r.media_type,
                "added_at": datetime_to_text(r.added_at),
                "file_check": r.check.value,
                **stamp.columns(),
            }
        )

    def get(self, evidence_id: str) -> Evidence:
        row = self._db.execute(
            f"SELECT {_E_COLUMNS} FROM evidence WHERE id = ? AND deleted = 0", [evidence_id]
        ).fetchone()
        if row is None:
            raise KeyError(evidence_id)
        return _row_to_evidence(row)

    def for_unit(self, unit_id: str) -> list[Evidence]:
        rows = self._db.execute(
            f"SELECT {_E_COLUMNS} FROM evidence WHERE unit_id = ? AND deleted = 0 ORDER BY title",
            [unit_id],
        ).fetchall()
        return [_row_to_evidence(r) for r in rows]

    def revisions(self, evidence_id: str) -> list[EvidenceRevision]:
        rows = self._db.execute(
            f"SELECT {_V_COLUMNS} FROM evidence_revision WHERE evidence_id = ? AND deleted = 0 "
            "ORDER BY revision",
            [evidence_id],
        ).fetchall()
        return [_row_to_revision(r) for r in rows]

    def latest_revision(self, evidence_id: str) -> EvidenceRevision | None:
        revisions = self.revisions(evidence_id)
        return revisions[-1] if revisions else None

    def latest_revisions_for_unit(self, unit_id: str) -> dict[str, EvidenceRevision]:
        """Evidence id → its latest revision, for every item of a unit (one query)."""
        columns = ", ".join("v." + c.strip() for c in _V_COLUMNS.split(","))
        rows = self._db.execute(
            f"SELECT {columns} FROM evidence_revision v JOIN evidence e ON e.id = v.evidence_id "
            "WHERE e.unit_id = ? AND e.deleted = 0 AND v.deleted = 0 ORDER BY v.revision",
            [unit_id],
        ).fetchall()
        return {r[1]: _row_to_revision(r) for r in rows}  # later revisions overwrite earlier

    def holding_content(self, unit_id: str, sha256: str) -> list[tuple[Evidence, int, bool]]:
        """Items of a unit with a revision of this content: (item, revision, is it the latest).

        Items whose latest revision holds it come first, then by title.
        """
        columns = ", ".join("e." + c.strip() for c in _E_COLUMNS.split(","))
        rows = self._db.execute(
            f"SELECT {columns}, v.revision, v.revision = (SELECT max(w.revision) "
            "FROM evidence_revision w WHERE w.evidence_id = e.id AND w.deleted = 0) AS latest "
            "FROM evidence_revision v JOIN evidence e ON e.id = v.evidence_id "
            "WHERE v.sha256 = ? AND e.unit_id = ? AND v.deleted = 0 AND e.deleted = 0 "
            "ORDER BY latest DESC, e.title, v.revision DESC",
            [sha256, unit_id],
        ).fetchall()
        found: dict[str, tuple[Evidence, int, bool]] = {}
        for row in rows:
            item = _row_to_evidence(row)
            found.setdefault(item.id, (item, int(row[8]), bool(row[9])))
        return list(found.values())

    def linked_refs(self, evidence_id: str, assessment_id: str) -> list[str]:
        """The criterion refs of one assessment that an item is linked to, sorted."""
        rows = self._db.execute(
            "SELECT r.criterion_ref FROM evidence_link l JOIN result r ON r.id = l.result_id "
            "WHERE l.evidence_id = ? AND l.deleted = 0 AND r.assessment_id = ? AND r.deleted = 0 "
            "ORDER BY r.criterion_ref",
            [evidence_id, assessment_id],
        ).fetchall()
        return [r[0] for r in rows]

    def link(self, link: EvidenceLink, stamp: ChangeStamp) -> bool:
        """Link an item to a result; False when it was linked already (an unlinked one revives)."""
        row = self._db.execute(
            "SELECT id, deleted FROM evidence_link WHERE evidence_id = ? AND result_id = ?",
            [link.evidence_id, link.result_id],
        ).fetchone()
        if row is not None:
            if not row[1]:
                return False
            self._db.execute(
                "UPDATE evidence_link SET deleted = 0, changed_by = ?, change_seq = ? WHERE id = ?",
                [stamp.installation, stamp.seq, row[0]],
            )
            return True
        self._db["evidence_link"].insert(
            {
                "id": link.id,
                "evidence_id": link.evidence_id,
                "result_id": link.result_id,
                **stamp.columns(),
            }
        )
        return True

    def unlink(self, evidence_id: str, result_id: str, stamp: ChangeStamp) -> bool:
        cursor = self._db.execute(
            "UPDATE evidence_link SET deleted = 1, changed_by = ?, change_seq = ? "
            "WHERE evidence_id = ? AND result_id = ? AND deleted = 0",
            [stamp.installation, stamp.seq, evidence_id, result_id],
        )
        return bool(cursor.rowcount)

    def for_result(self, result_id: str) -> list[Evidence]:
        rows = self._db.execute(
            f"SELECT {', '.join('e.' + c.strip() for c in _E_COLUMNS.split(','))} "
            "FROM evidence e JOIN evidence_link l ON l.evidence_id = e.id "
            "WHERE l.result_id = ? AND l.deleted = 0 AND e.deleted = 0 ORDER BY e.title",
            [result_id],
        ).fetchall()
        return [_row_to_evidence(r) for r in rows]

    def counts_by_criterion(self, assessment_id: str) -> dict[str, int]:
        """Criterion ref → number of evidence items linked, for one assessment."""
        rows = self._db.execute(
            "SELECT r.criterion_ref, count(l.id) FROM result r "
            "JOIN evidence_link l ON l.result_id = r.id AND l.deleted = 0 "
            "WHERE r.assessment_id = ? GROUP BY r.criterion_ref",
            [assessment_id],
        ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def all_blob_hashes(self) -> list[tuple[str, int]]:
        rows = self._db.execute(
            "SELECT DISTINCT sha256, size FROM evidence_revision WHERE deleted = 0"
        ).fetchall()
        return [(r[0], int(r[1])) for r in rows]

    def count(self) -> int:
        return int(
            self._db.execute("SELECT count(*) FROM evidence WHERE deleted = 0").fetchone()[0]
        )
