"""One administrative document of the dossier (Tờ trình, Báo cáo, Biên bản) as reportlab flowables."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from anninh_desktop.services.dossier.flowables import (
    Box,
    Heading,
    HeadingBlock,
    LayoutRecord,
    StartDocument,
    TitleRule,
)
from anninh_desktop.services.dossier.styles import (
    FOOT_LEFT,
    FOOT_RIGHT,
    FRAME_WIDTH,
    SIGNATURE_SPACE,
    faces,
    styles,
)
from anninh_desktop.services.dossier.texts import DocumentText, Signer


def paragraph_text(text: str) -> str:
    """Plain text as reportlab paragraph markup (no markup of the user's passes through)."""
    return escape(text)


def signature_key(document: str, index: int) -> str:
    """The recorded area of the space for signer `index` (0-based) of a document."""
    return f"{document}.signature.{index}"


def letter(
    record: LayoutRecord,
    key: str,
    text: DocumentText,
    heading: Heading,
    distribution_heading: str,
) -> list[Flowable]:
    """The flowables of one document, starting on a new page of its own numbering."""
    s = styles()
    out: list[Flowable] = [StartDocument(record, key), HeadingBlock(heading), Spacer(1, 8 * mm)]
    for index, line in enumerate(text.title):
        out.append(Paragraph(paragraph_text(line), s.title if index == 0 else s.summary))
    out.append(TitleRule())
    out.append(Spacer(1, 2 * mm))
    for line in text.recipient:
        out.append(Paragraph(paragraph_text(line), s.recipient))
    out.append(Spacer(1, 2 * mm))
    body: list[Flowable] = []
    for line in text.body:
        if len(line) > 4 and line.startswith("**") and line.endswith("**"):
            body.append(Paragraph(paragraph_text(line[2:-2].strip()), s.body_heading))
        else:
            body.append(Paragraph(paragraph_text(line), s.body))
    closing = [Spacer(1, 4 * mm), *_closing(record, key, text, distribution_heading)]
    # The signature block stays with the end of the text: never alone on a page (a signature
    # under no text could be moved onto another document).
    tail = body[-1:]
    out.extend(body[: len(body) - len(tail)])
    out.append(KeepTogether([*tail, *closing]))
    return out


def _signer_cell(record: LayoutRecord, key: str, signer: Signer, width: float) -> list[Flowable]:
    s = styles()
    cell: list[Flowable] = [Paragraph(paragraph_text(t), s.signer_title) for t in signer.titles]
    cell.append(Box(record, key, width, SIGNATURE_SPACE))
    cell.extend(Paragraph(paragraph_text(n), s.signer_name) for n in signer.name)
    return cell


def _distribution_cell(text: DocumentText, heading: str) -> list[Flowable]:
    s = styles()
    if not text.distribution:
        return []
    cell: list[Flowable] = [Paragraph(paragraph_text(heading), s.distribution_heading)]
    cell.extend(Paragraph(paragraph_text(item), s.distribution_item) for item in text.distribution)
    return cell


def _block_style() -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), faces().regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )


def _closing(record: LayoutRecord, key: str, text: DocumentText, heading: str) -> list[Flowable]:
    """Signers and the distribution list: one signer on the right with the list on its left;
    several signers side by side in pairs (the first on the left), the list below them."""
    distribution = _distribution_cell(text, heading)
    signers = list(text.signers)
    if len(signers) <= 1:
        right: list[Flowable] = (
            _signer_cell(record, signature_key(key, 0), signers[0], FOOT_RIGHT) if signers else []
        )
        if not right and not distribution:
            return []
        return [
            Table([[distribution, right]], colWidths=[FOOT_LEFT, FOOT_RIGHT], style=_block_style())
        ]
    half = FRAME_WIDTH / 2
    rows = []
    for start in range(0, len(signers), 2):
        pair = signers[start : start + 2]
        rows.append(
            [
                _signer_cell(record, signature_key(key, start + i), signer, half)
                for i, signer in enumerate(pair)
            ]
            + [[]] * (2 - len(pair))
        )
    out: list[Flowable] = [Table(rows, colWidths=[half, half], style=_block_style())]
    if distribution:
        out.append(Spacer(1, 4 * mm))
        out.extend(distribution)
    return out
