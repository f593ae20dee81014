"""The data folder: database, blob store and repositories, opened together."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from anninh_desktop.storage.blobstore import BlobStore
from anninh_desktop.storage.database import Database, open_database, transaction
from anninh_desktop.storage.meta import ChangeStamp, get_meta, installation_id, next_stamp, set_meta

if TYPE_CHECKING:
    from anninh_desktop.storage.appraisal_repo import AppraisalRepository
    from anninh_desktop.storage.assessments_repo import AssessmentRepository
    from anninh_desktop.storage.audit_repo import AuditRepository
    from anninh_desktop.storage.criteria_repo import CriterionSetRepository
    from anninh_desktop.storage.document_texts_repo import DocumentTextRepository
    from anninh_desktop.storage.documents_repo import DocumentRepository
    from anninh_desktop.storage.evidence_repo import EvidenceRepository
    from anninh_desktop.storage.movement_repo import MovementRepository
    from anninh_desktop.storage.officers_repo import OfficerRepository
    from anninh_desktop.storage.statistics_repo import StatisticsRepository
    from anninh_desktop.storage.units_repo import UnitRepository
    from anninh_desktop.storage.verifications_repo import VerificationRepository

DATABASE_NAME = "anninh.sqlite3"
BLOBS_DIR = "blobs"


class Store:
    """The database, the blob store and one repository per kind of row.

    A repository (and the modules of its row types) is made on first use: the window's first
    screen needs units and assessments only, and a start pays for what it uses.
    """

    def __init__(self, root: Path, db: Database, blobs: BlobStore) -> None:
        self.root = root
        self.db = db
        self.blobs = blobs

    @cached_property
    def units(self) -> UnitRepository:
        from anninh_desktop.storage.units_repo import UnitRepository

        return UnitRepository(self.db)

    @cached_property
    def criteria(self) -> CriterionSetRepository:
        from anninh_desktop.storage.criteria_repo import CriterionSetRepository

        return CriterionSetRepository(self.db)

    @cached_property
    def assessments(self) -> AssessmentRepository:
        from anninh_desktop.storage.assessments_repo import AssessmentRepository

        return AssessmentRepository(self.db)

    @cached_property
    def evidence(self) -> EvidenceRepository:
        from anninh_desktop.storage.evidence_repo import EvidenceRepository

        return EvidenceRepository(self.db)

    @cached_property
    def documents(self) -> DocumentRepository:
        from anninh_desktop.storage.documents_repo import DocumentRepository

        return DocumentRepository(self.db)

    @cached_property
    def document_texts(self) -> DocumentTextRepository:
        from anninh_desktop.storage.document_texts_repo import DocumentTextRepository

        return DocumentTextRepository(self.db)

    @cached_property
    def audit(self) -> AuditRepository:
        from anninh_desktop.storage.audit_repo import AuditRepository

        return AuditRepository(self.db)

    @cached_property
    def statistics(self) -> StatisticsRepository:
        from anninh_desktop.storage.statistics_repo import StatisticsRepository

        return StatisticsRepository(self.db)

    @cached_property
    def verifications(self) -> VerificationRepository:
        from anninh_desktop.storage.verifications_repo import VerificationRepository

        return VerificationRepository(self.db)

    @cached_property
    def appraisals(self) -> AppraisalRepository:
        from anninh_desktop.storage.appraisal_repo import AppraisalRepository

        return AppraisalRepository(self.db)

    @cached_property
    def movement(self) -> MovementRepository:
        from anninh_desktop.storage.movement_repo import MovementRepository

        return MovementRepository(self.db)

    @cached_property
    def officers(self) -> OfficerRepository:
        from anninh_desktop.storage.officers_repo import OfficerRepository

        return OfficerRepository(self.db)

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
    return Store(root=root, db=db, blobs=blobs)
