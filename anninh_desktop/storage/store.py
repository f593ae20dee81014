"""The data folder: database, blob store and repositories, opened together."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from anninh_desktop.storage.assessments_repo import AssessmentRepository
from anninh_desktop.storage.audit_repo import AuditRepository
from anninh_desktop.storage.blobstore import BlobStore
from anninh_desktop.storage.criteria_repo import CriterionSetRepository
from anninh_desktop.storage.database import Database, open_database, transaction
from anninh_desktop.storage.document_texts_repo import DocumentTextRepository
from anninh_desktop.storage.documents_repo import DocumentRepository
from anninh_desktop.storage.evidence_repo import EvidenceRepository
from anninh_desktop.storage.meta import ChangeStamp, get_meta, installation_id, next_stamp, set_meta
from anninh_desktop.storage.statistics_repo import StatisticsRepository
from anninh_desktop.storage.units_repo import UnitRepository
from anninh_desktop.storage.verifications_repo import VerificationRepository

DATABASE_NAME = "anninh.sqlite3"
BLOBS_DIR = "blobs"


@dataclass
class Store:
    root: Path
    db: Database
    blobs: BlobStore
    units: UnitRepository
    criteria: CriterionSetRepository
    assessments: AssessmentRepository
    evidence: EvidenceRepository
    documents: DocumentRepository
    document_texts: DocumentTextRepository
    audit: AuditRepository
    statistics: StatisticsRepository
    verifications: VerificationRepository

    @property
    def database_path(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def installation(self) -> str:
        return installation_id(self.db)

    @contextmanager
    def change(self) -> Iterator[ChangeStamp]:
        """One transaction with a fresh change stamp; everything in it commits or nothing does."""
        with transaction(self.db):
            yield next_stamp(self.db)

    def meta(self, key: str, default: str | None = None) -> str | None:
        return get_meta(self.db, key, default)

    def set_meta(self, key: str, value: str) -> None:
        with transaction(self.db):
            set_meta(self.db, key, value)

    def close(self) -> None:
        self.db.conn.close()


def open_store(root: Path, *, clean: bool = True) -> Store:
    """Open the data folder, creating and migrating the database as needed.

    `clean=False` for a second connection opened while the program runs (a worker thread): the
    temporary files it would clean may belong to an import running at that moment.
    """
    root.mkdir(parents=True, exist_ok=True)
    db = open_database(root / DATABASE_NAME)
    blobs = BlobStore(root / BLOBS_DIR)
    if clean:
        blobs.clean_temporary_files()
    return Store(
        root=root,
        db=db,
        blobs=blobs,
        units=UnitRepository(db),
        criteria=CriterionSetRepository(db),
        assessments=AssessmentRepository(db),
        evidence=EvidenceRepository(db),
        documents=DocumentRepository(db),
        document_texts=DocumentTextRepository(db),
        audit=AuditRepository(db),
        statistics=StatisticsRepository(db),
        verifications=VerificationRepository(db),
    )
