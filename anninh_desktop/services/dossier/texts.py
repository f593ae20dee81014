"""The editable documents of a dossier (Tờ trình, Báo cáo, Biên bản): default text, the user's text.

The default text is the document's template filled with the assessment's data; the user may edit
it in the window and save it per assessment (it is then used as saved, without refilling).
A text keeps the template's sections: [TIÊU ĐỀ] (title lines), [KÍNH GỬI] (addressees),
[NỘI DUNG] (one paragraph a line), [KÝ] (signers) and [NƠI NHẬN] (distribution list).
"""

from __future__ import annotations

from dataclasses import dataclass

from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import N_, _
from anninh_desktop.services.dossier.facts import (
    DossierFacts,
    gather,
    placeholder_lists,
    placeholder_values,
)
from anninh_desktop.services.dossier.templates import fill_lines, load, split_sections
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace

REQUEST, REPORT, MINUTES = "TTr", "BC", "BB"
EDITABLE_KINDS: tuple[str, ...] = (REQUEST, REPORT, MINUTES)

DOCUMENT_LABELS: dict[str, str] = {
    REQUEST: N_("Recognition request (Tờ trình)"),
    REPORT: N_("Results report (Báo cáo)"),
    MINUTES: N_("Minutes of the assessment meeting (Biên bản)"),
}

TEMPLATE_FILES: dict[str, str] = {
    REQUEST: "to-trinh.txt",
    REPORT: "bao-cao.txt",
    MINUTES: "bien-ban.txt",
}

# Section markers as the user sees them in the text (Vietnamese, compared in upper case NFC).
TITLE, RECIPIENT, BODY, SIGNATURE, DISTRIBUTION = (
    "TIÊU ĐỀ",
    "KÍNH GỬI",
    "NỘI DUNG",
    "KÝ",
    "NƠI NHẬN",
)
SECTIONS = (TITLE, RECIPIENT, BODY, SIGNATURE, DISTRIBUTION)
SIGNATURE_SPACE = "---"


@dataclass(frozen=True)
class Signer:
    titles: tuple[str, ...]  # "KT. TRƯỞNG CÔNG AN", "PHÓ TRƯỞNG CÔNG AN"
    name: tuple[str, ...]  # below the space for the signature


@dataclass(frozen=True)
class DocumentText:
    kind: str
    title: tuple[str, ...]
    recipient: tuple[str, ...]
    body: tuple[str, ...]
    signers: tuple[Signer, ...]
    distribution: tuple[str, ...]


def editable_documents() -> list[tuple[str, str]]:
    """(kind, translated label) of the documents whose text the user may edit, in dossier order."""
    return [(kind, _(DOCUMENT_LABELS[kind])) for kind in EDITABLE_KINDS]


def _check_kind(kind: str) -> None:
    if kind not in EDITABLE_KINDS:
        raise ValueError(f"not an editable dossier document: {kind!r}")


def default_text_for(facts: DossierFacts, kind: str) -> str:
    """The template of `kind` filled with the assessment's data, sections kept."""
    _check_kind(kind)
    values, lists = placeholder_values(facts), placeholder_lists(facts)
    source = TEMPLATE_FILES[kind]
    parts: list[str] = []
    for name, lines in load(source):
        parts.append(f"[{name}]\n" + "\n".join(fill_lines(lines, values, lists, source=source)))
    return "\n\n".join(parts) + "\n"


def default_text(ws: Workspace, assessment_id: str, kind: str) -> str:
    return default_text_for(gather(ws, assessment_id), kind)


def document_text(ws: Workspace, assessment_id: str, kind: str) -> str:
    """The text the dossier will use: the user's saved text, else the filled template."""
    _check_kind(kind)
    saved = ws.store.document_texts.get(assessment_id, kind)
    return saved if saved is not None else default_text(ws, assessment_id, kind)


def is_edited(ws: Workspace, assessment_id: str, kind: str) -> bool:
    _check_kind(kind)
    return ws.store.document_texts.get(assessment_id, kind) is not None


def save_document_text(ws: Workspace, assessment_id: str, kind: str, text: str) -> None:
    """Keep the user's text of one document; refused when it lacks what the layout needs."""
    _check_kind(kind)
    text = nfc(text)
    parse_document_text(kind, text)
    assessment = ws.store.assessments.get(assessment_id)
    if assessment.locked:
        raise UserError(_("This assessment is read-only; the dossier's texts cannot change now."))
    old = ws.store.document_texts.get(assessment_id, kind)
    if old == text:
        return
    with ws.store.change() as stamp:
        ws.store.document_texts.save(new_id(), assessment_id, kind, text, ws.clock(), stamp)
        ws.record(stamp, "dossier.text", "assessment", assessment_id, None, {"kind": kind})


def reset_document_text(ws: Workspace, assessment_id: str, kind: str) -> None:
    """Forget the user's text: the dossier uses the template again."""
    _check_kind(kind)
    assessment = ws.store.assessments.get(assessment_id)
    if assessment.locked:
        raise UserError(_("This assessment is read-only; the dossier's texts cannot change now."))
    with ws.store.change() as stamp:
        if ws.store.document_texts.reset(assessment_id, kind, stamp):
            ws.record(
                stamp, "dossier.text_reset", "assessment", assessment_id, {"kind": kind}, None
            )


# ------------------------------------------------------------------------------ parsing


def parse_document_text(kind: str, text: str) -> DocumentText:
    """The parts of a document text; UserError names what is wrong (unknown or missing sections)."""
    label = _(DOCUMENT_LABELS[kind])
    found: dict[str, list[str]] = {}
    for name, lines in split_sections(text, comments=False):
        key = nfc(name).upper()
        if key not in SECTIONS:
            raise UserError(
                _("{document}: unknown section [{name}]; the sections are {sections}.").format(
                    document=label, name=name, sections=", ".join(f"[{s}]" for s in SECTIONS)
                )
            )
        if key in found:
            raise UserError(
                _("{document}: the section [{name}] appears twice.").format(
                    document=label, name=name
                )
            )
        found[key] = lines
    for required in (TITLE, BODY):
        if not any(line.strip() for line in found.get(required, [])):
            raise UserError(
                _("{document}: the section [{name}] is missing or empty.").format(
                    document=label, name=required
                )
            )
    signers = _signers(found.get(SIGNATURE, []))
    if kind == REQUEST and not signers:
        raise UserError(
            _(
                "{document}: the section [{name}] needs at least one signer (title, “---”, name)."
            ).format(document=label, name=SIGNATURE)
        )
    return DocumentText(
        kind=kind,
        title=_nonblank(found.get(TITLE, [])),
        recipient=_nonblank(found.get(RECIPIENT, [])),
        body=_nonblank(found.get(BODY, [])),
        signers=signers,
        distribution=_nonblank(found.get(DISTRIBUTION, [])),
    )


def format_document_text(doc: DocumentText) -> str:
    """The text of a document's parts, in the sections `parse_document_text` reads back.

    The window edits a document as a form (title, addressees, paragraphs and headings, signers,
    recipients) and saves it through this: the stored format stays the one of the templates.
    Sections without content are left out, except the title and the body, which are required.
    """
    parts = [f"[{TITLE}]\n" + "\n".join(doc.title)]
    if doc.recipient:
        parts.append(f"[{RECIPIENT}]\n" + "\n".join(doc.recipient))
    parts.append(f"[{BODY}]\n" + "\n".join(doc.body))
    if doc.signers:
        blocks = [
            "\n".join([*signer.titles, SIGNATURE_SPACE, *signer.name]) for signer in doc.signers
        ]
        parts.append(f"[{SIGNATURE}]\n" + "\n\n".join(blocks))
    if doc.distribution:
        parts.append(f"[{DISTRIBUTION}]\n" + "\n".join(doc.distribution))
    return nfc("\n\n".join(parts) + "\n")


def _nonblank(lines: list[str]) -> tuple[str, ...]:
    return tuple(line.strip() for line in lines if line.strip())


def _signers(lines: list[str]) -> tuple[Signer, ...]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    signers = []
    for block in blocks:
        if not block:
            continue
        if SIGNATURE_SPACE in block:
            cut = block.index(SIGNATURE_SPACE)
            titles, name = block[:cut], block[cut + 1 :]
        else:
            titles, name = block, []
        signers.append(Signer(titles=tuple(titles), name=tuple(name)))
    return tuple(signers)
