"""The recognition dossier: one PDF per assessment, laid out per Nghị định 30/2020 (docs/dossier.md)."""

from __future__ import annotations

from anninh_desktop.services.dossier.build import DossierBuild, build_dossier, default_output_path
from anninh_desktop.services.dossier.completeness import (
    EvidenceFileWarning,
    MissingEvidence,
    completeness_problems,
    evidence_file_warnings,
)
from anninh_desktop.services.dossier.texts import (
    EDITABLE_KINDS,
    default_text,
    document_text,
    editable_documents,
    is_edited,
    reset_document_text,
    save_document_text,
)

__all__ = [
    "EDITABLE_KINDS",
    "DossierBuild",
    "EvidenceFileWarning",
    "MissingEvidence",
    "build_dossier",
    "completeness_problems",
    "default_output_path",
    "default_text",
    "document_text",
    "editable_documents",
    "evidence_file_warnings",
    "is_edited",
    "reset_document_text",
    "save_document_text",
]
