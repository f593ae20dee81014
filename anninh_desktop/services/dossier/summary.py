"""What the dossier dialog says about a dossier file: the numbers and dates of its documents and who
signed it when, from the records (the numbers given at its first build, the last verification of
this very file), so a file built or signed earlier reads as well as one built a moment ago."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from anninh_desktop.domain.dossier import SIGNER_ROLE_LABELS, SignerRole
from anninh_desktop.i18n import _
from anninh_desktop.services.dossier.texts import DOCUMENT_LABELS, EDITABLE_KINDS
from anninh_desktop.services.formatting import format_date, format_datetime
from anninh_desktop.services.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NumberLine:
    document: str  # "Tờ trình đề nghị công nhận (Tờ trình)"
    number: str  # "05/TTr-CAX"
    date: str  # "02/03/2026"


@dataclass(frozen=True)
class SignerLine:
    role: str  # "Chỉ huy"
    signer: str  # the name in the certificate
    when: str  # the signing time as the signature says, "" when it does not
    good: bool  # the signature's overall verdict when it was last checked


@dataclass(frozen=True)
class DossierSummary:
    numbers: tuple[NumberLine, ...]
    signers: tuple[SignerLine, ...]
    checked: bool  # a verification of this file is on record


def _when(value: object) -> str:
    if not isinstance(value, str) or not value:
        return ""
    try:
        return format_datetime(datetime.fromisoformat(value))
    except ValueError:
        return ""


def _role(value: object) -> str:
    try:
        return _(SIGNER_ROLE_LABELS[SignerRole(str(value))])
    except ValueError:
        # A field this program did not create: its place in the file, not an internal name.
        return _("another signature")


def dossier_summary(ws: Workspace, assessment_id: str, sha256: str) -> DossierSummary:
    """Numbers and dates of the assessment's documents; the signers of the file with `sha256`."""
    numbers = []
    for kind in EDITABLE_KINDS:
        doc = ws.store.documents.numbered(assessment_id, kind)
        if doc is None:
            continue
        date = format_date(doc.created_at.date()) if doc.created_at else ""
        numbers.append(NumberLine(_(DOCUMENT_LABELS[kind]), doc.number, date))
    signers: list[SignerLine] = []
    record = ws.store.verifications.find_by_sha256(sha256) if sha256 else None
    checked = record is not None and bool(record.verified_at)
    if record is not None and record.signatures:
        try:
            rows = json.loads(record.signatures)
        except ValueError:
            log.warning("unreadable signature summary of document %s", record.id)
            rows = []
        for row in rows if isinstance(rows, list) else []:
            if not isinstance(row, dict):
                continue
            signers.append(
                SignerLine(
                    role=_role(row.get("role")),
                    signer=str(row.get("signer") or ""),
                    when=_when(row.get("signing_time")),
                    good=bool(row.get("bottom_line")),
                )
            )
    return DossierSummary(tuple(numbers), tuple(signers), checked)
