"""`build_dossier`: one PDF for one assessment, written safely, with its numbers recorded."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from anninh_desktop import __version__
from anninh_desktop.domain.documents import Document
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.text import fold
from anninh_desktop.i18n import _
from anninh_desktop.services.document_blobs import keep_pdf_blob
from anninh_desktop.services.dossier.assemble import Assembler
from anninh_desktop.services.dossier.content import DossierContent
from anninh_desktop.services.dossier.evidence_plan import plan_evidence
from anninh_desktop.services.dossier.facts import DossierFacts, gather
from anninh_desktop.services.dossier.layout import lay_out
from anninh_desktop.services.dossier.numbers import dossier_numbers, record_numbers, still_free
from anninh_desktop.services.dossier.signed import is_signed
from anninh_desktop.services.dossier.signers import fill_signer_names, is_empty_name, signer_names
from anninh_desktop.services.dossier.templates import labels
from anninh_desktop.services.dossier.texts import (
    DOCUMENT_LABELS,
    EDITABLE_KINDS,
    default_text_for,
    parse_document_text,
)
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.workspace import Workspace

log = logging.getLogger(__name__)

DOSSIERS_DIR = "dossiers"
DOSSIER_KIND = "dossier"
_ATTEMPTS = 3
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DossierBuild:
    path: Path
    sha256: str
    page_count: int
    warnings: list[str] = field(default_factory=list)  # translated, one sentence each
    numbers: dict[str, str] = field(default_factory=dict)  # kind → printed number ("05/TTr-CAX")


def slug(text: str) -> str:
    """An ASCII file-name part: "Xã Hồ Thị Kỷ" → "xa-ho-thi-ky"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "don-vi"


def default_output_path(ws: Workspace, assessment_id: str) -> Path:
    """Where the dossier goes unless the user chooses one.

    ``<data folder>/dossiers/ho-so-<unit>-<year>-<set code>.pdf``, ASCII only.
    """
    return _default_path(ws, gather(ws, assessment_id))


def _default_path(ws: Workspace, facts: DossierFacts) -> Path:
    name = f"ho-so-{slug(facts.unit_title)}-{facts.assessment.year}-{slug(facts.criterion_set.code)}.pdf"
    return ws.root / DOSSIERS_DIR / name


def build_dossier(
    ws: Workspace,
    assessment_id: str,
    out_path: Path | None = None,
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> DossierBuild:
    """Build the assessment's dossier PDF (see docs/dossier.md); nothing is left behind on cancel."""
    for _attempt in range(_ATTEMPTS):
        built = _build_once(ws, assessment_id, out_path, progress, cancel)
        if built is not None:
            return built
        log.info("dossier numbers of %s were taken meanwhile; building again", assessment_id)
    raise UserError(_("Other dossiers kept taking the same document numbers; build again."))


class _Steps:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done, self.total, self.progress = 0, total, progress

    def __call__(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)


def dossier_content(
    ws: Workspace,
    facts: DossierFacts,
    *,
    step: Callable[[], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> tuple[DossierContent, list[str]]:
    """What the dossier's pages hold (texts, numbers, the evidence planned), and the warnings."""
    assessment_id = facts.assessment.id
    texts = {}
    names = signer_names(ws)
    unnamed: list[str] = []
    for kind in EDITABLE_KINDS:
        saved = ws.store.document_texts.get(assessment_id, kind)
        parsed = parse_document_text(
            kind, saved if saved is not None else default_text_for(facts, kind)
        )
        texts[kind] = fill_signer_names(parsed, names)
        if any(is_empty_name(s) for s in texts[kind].signers):
            unnamed.append(_(DOCUMENT_LABELS[kind]))
    numbers = dossier_numbers(ws, assessment_id, facts.office)
    planned, warnings = plan_evidence(ws, facts.evidence, step=step, cancel=cancel)
    if unnamed:
        warnings.append(
            _(
                "The signer's name is not set in: {documents}; it prints as a dotted line. Set "
                "the signers' names (Dossier ▸ Signers…, or `anninh dossier signers`) and build "
                "again."
            ).format(documents="; ".join(unnamed))
        )
    return DossierContent(facts, texts, numbers, planned, labels()), warnings


def _build_once(
    ws: Workspace,
    assessment_id: str,
    out_path: Path | None,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
) -> DossierBuild | None:
    facts = gather(ws, assessment_id)
    steps = _Steps(2 * len(facts.evidence) + 3, progress)
    if progress is not None:
        progress(0, steps.total)
    content, warnings = dossier_content(ws, facts, step=steps, cancel=cancel)
    numbers, planned = content.numbers, content.planned
    rendered, front_pages = lay_out(
        content.lead, content.index, content.after, content.reportlab_meta(), cancel
    )
    steps()
    target = Path(out_path) if out_path is not None else _default_path(ws, facts)
    _check_target(target)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".~", suffix=".pdf.part", dir=target.parent)
    except OSError as exc:
        raise _write_error(target, exc) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            pages = Assembler(rendered, front_pages, planned, facts, labels()).run(
                content.pdf_info(f"An Ninh Desktop {__version__}"), out, step=steps, cancel=cancel
            )
            out.flush()
            os.fsync(out.fileno())
        steps()
        digest = _sha256(temp)
        if cancel is not None and cancel():
            raise Cancelled()
        with ws.store.change() as stamp:
            if not still_free(ws, numbers, facts.office):
                temp.unlink(missing_ok=True)
                return None
            record_numbers(ws, stamp, assessment_id, numbers, facts.office)
            if (
                ws.store.documents.find_file(assessment_id, DOSSIER_KIND, digest, target.name)
                is None
            ):
                ws.store.documents.add(
                    Document(
                        id=new_id(),
                        assessment_id=assessment_id,
                        kind=DOSSIER_KIND,
                        number="",
                        year=facts.assessment.year,
                        issuer=facts.office.numbering_key,
                        sha256=digest,
                        filename=target.name,
                        created_at=ws.clock(),
                    ),
                    stamp,
                )
                ws.record(
                    stamp,
                    "dossier.build",
                    "assessment",
                    assessment_id,
                    None,
                    {"file": target.name, "sha256": digest, "pages": pages},
                )
            os.replace(temp, target)
        keep_pdf_blob(ws, target, digest)
        steps()
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _write_error(target, exc) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return DossierBuild(
        path=target, sha256=digest, page_count=pages, warnings=warnings, numbers=numbers.printed()
    )


def _check_target(target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            _("Cannot create the folder {path}: {reason}").format(
                path=target.parent, reason=exc.strerror
            )
        ) from exc
    if target.is_dir():
        raise UserError(
            _("{path} is a folder; choose a file name for the dossier.").format(path=target)
        )
    if target.exists() and is_signed(target):
        raise UserError(
            _(
                "{path} is a signed dossier; building again would remove its signatures. Move it "
                "away or choose another file name."
            ).format(path=target)
        )


def _write_error(target: Path, exc: OSError) -> UserError:
    log.warning("cannot write the dossier %s", target, exc_info=True)
    if exc.errno == errno.ENOSPC:
        return UserError(
            _(
                "The disk is full; the dossier {path} was not written. Free some space and try again."
            ).format(path=target)
        )
    return UserError(
        _(
            "Cannot write the dossier {path} ({reason}). If it is open in another program, close it "
            "and build again."
        ).format(path=target, reason=exc.strerror or exc)
    )


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
