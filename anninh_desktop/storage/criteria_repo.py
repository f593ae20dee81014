"""Criterion set versions: stored once, never changed once an assessment uses them."""

from __future__ import annotations

from datetime import datetime

from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.storage.criteria_codec import set_from_json, set_to_json
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import ChangeStamp


class SetVersionExists(Exception):
    def __init__(self, code: str, version: int, same_content: bool) -> None:
        super().__init__(f"{code} v{version}")
        self.code = code
        self.version = version
        self.same_content = same_content


class CriterionSetRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache: dict[str, CriterionSet] = {}

    def add(self, s: CriterionSet, source_text: str, at: datetime, stamp: ChangeStamp) -> None:
        """Store a new set version; raises SetVersionExists when code and version are taken."""
        row = self._db.execute(
            "SELECT source_sha256 FROM criterion_set WHERE code = ? AND version = ?",
            [s.code, s.version],
        ).fetchone()
        if row is not None:
            raise SetVersionExists(s.code, s.version, row[0] == s.source_sha256)
        self._db["criterion_set"].insert(
            {
                "id": s.id,
                "code": s.code,
                "version": s.version,
                "title": s.title,
                "definition": set_to_json(s),
                "source_text": source_text,
                "source_sha256": s.source_sha256,
                "complete": int(s.complete),
                "imported_at": at.isoformat(),
                **stamp.columns(),
            }
        )

    def get(self, set_id: str) -> CriterionSet:
        cached = self._cache.get(set_id)
        if cached is not None:
            return cached
        row = self._db.execute(
            "SELECT definition FROM criterion_set WHERE id = ?", [set_id]
        ).fetchone()
        if row is None:
            raise KeyError(set_id)
        result = set_from_json(row[0])
        self._cache[set_id] = result  # versions are immutable, so caching is safe
        return result

    def source_text(self, set_id: str) -> str:
        row = self._db.execute(
            "SELECT source_text FROM criterion_set WHERE id = ?", [set_id]
        ).fetchone()
        if row is None:
            raise KeyError(set_id)
        return str(row[0])

    def all(self) -> list[CriterionSet]:
        rows = self._db.execute(
            "SELECT id FROM criterion_set WHERE deleted = 0 ORDER BY code, version"
        ).fetchall()
        return [self.get(r[0]) for r in rows]

    def latest(self, code: str) -> CriterionSet | None:
        row = self._db.execute(
            "SELECT id FROM criterion_set WHERE code = ? AND deleted = 0 "
            "ORDER BY version DESC LIMIT 1",
            [code],
        ).fetchone()
        return self.get(row[0]) if row else None

    def in_use(self, set_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM assessment WHERE set_id = ? LIMIT 1", [set_id])
        return row.fetchone() is not None

    def has_version(self, code: str, version: int) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM criterion_set WHERE code = ? AND version = ?", [code, version]
        ).fetchone()
        return row is not None

    def latest_matching(self, code: str, version: int) -> CriterionSet:
        row = self._db.execute(
            "SELECT id FROM criterion_set WHERE code = ? AND version = ?", [code, version]
        ).fetchone()
        if row is None:
            raise KeyError(f"{code} v{version}")
        return self.get(row[0])
