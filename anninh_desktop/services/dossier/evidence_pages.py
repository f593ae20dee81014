"""The dossier's own evidence pages (photo, converted image, attachment, placeholder) and the
final page for the appraising and approving levels."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from babel.numbers import format_decimal
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from anninh_desktop.services.dossier.evidence_plan import (
    PROBLEM_OF_CHECK,
    PlannedItem,
    Problem,
    Treatment,
)
from anninh_desktop.services.dossier.flowables import (
    Area,
    Box,
    DotLine,
    LayoutRecord,
    Spot,
    StartDocument,
)
from anninh_desktop.services.dossier.letter import paragraph_text
from anninh_desktop.services.dossier.styles import FRAME_WIDTH, SIGNATURE_SPACE, faces, styles
from anninh_desktop.services.dossier.templates import Phrases
from anninh_desktop.services.evidence_pictures import PictureError, load_picture

log = logging.getLogger(__name__)

CAPTION_GAP = 4 * mm
MAX_CONVERTED_SIDE = 3600  # pixels; larger images are scaled down once when converted


def evidence_key(code: str) -> str:
    return f"evidence:{code}"


def image_key(code: str, frame: int) -> str:
    return f"image:{code}:{frame}"


def file_size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return format_decimal(round(size / (1024 * 1024), 1), locale="vi_VN") + " MB"
    if size >= 1024:
        return format_decimal(round(size / 1024, 1), locale="vi_VN") + " KB"
    return f"{size} B"


class EvidencePage(Flowable):  # type: ignore[misc]
    """One whole page: the item's caption, then its picture, note or placeholder text."""

    def __init__(
        self,
        record: LayoutRecord,
        item: PlannedItem,
        labels: Phrases,
        page: int,
        frame: int = 0,
    ) -> None:
        super().__init__()
        self.record, self.item, self.labels = record, item, labels
        self.page, self.frame = page, frame

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight - 1  # always fits a fresh page
        return self.width, self.height

    def _caption(self) -> list[tuple[str, str, float]]:
        """(text, font, size) lines: the heading, the details, the hash."""
        labels, entry, f = self.labels, self.item.entry, faces()
        revision = entry.revision
        lines = [
            (
                labels.get("evidence_heading", code=entry.code, title=entry.evidence.title),
                f.bold,
                12,
            ),
            (
                labels.get(
                    "evidence_details",
                    criteria=", ".join(entry.refs),
                    filename=revision.filename if revision else "",
                    page=self.page,
                ),
                f.regular,
                10,
            ),
        ]
        if revision is not None:
            lines.append((labels.get("evidence_hash", sha256=revision.sha256), f.regular, 10))
        return lines

    def draw(self) -> None:
        c: Any = self.canv
        page = c.getPageNumber()
        self.record.starts.append((page, False))  # evidence pages carry no document page number
        if self.frame == 0:
            x, y = c.absolutePosition(0, self.height)
            self.record.spots[evidence_key(self.item.code)] = Spot(page, x, y)
        top = self.height
        # Drawn line by line (no paragraphs): hundreds of these pages are laid out per dossier.
        for text, font, size in self._caption():
            for line in simpleSplit(text, font, size, self.width):
                top -= size * 1.25
                c.setFont(font, size)
                c.drawString(0, top + size * 0.25, line)
        top -= CAPTION_GAP
        c.setLineWidth(0.4)
        c.line(0, top + CAPTION_GAP / 2, self.width, top + CAPTION_GAP / 2)
        treatment = self.item.treatment
        if treatment is Treatment.PHOTO:
            x, y = c.absolutePosition(0, 0)
            self.record.areas[image_key(self.item.code, self.frame)] = Area(
                c.getPageNumber(), x, y, self.width, top
            )
        elif treatment is Treatment.IMAGE:
            self._draw_converted(c, top)
        else:
            self._draw_note(c, top)

    def _draw_converted(self, c: Any, top: float) -> None:
        picture = self.item.converted.get(self.frame)
        if picture is None:
            try:
                picture = converted_picture(self.item, self.frame)
            except PictureError as exc:  # checked when planned; never leave the page blank
                log.warning("evidence %s frame %d not shown: %s", self.item.code, self.frame, exc)
                self.item.problem = PROBLEM_OF_CHECK.get(exc.check, Problem.DAMAGED)
                self._draw_note(c, top)
                return
            self.item.converted[self.frame] = picture
        width, height = fit(picture.width, picture.height, self.width, top)
        c.drawImage(ImageReader(picture), (self.width - width) / 2, top - height, width, height)

    def _draw_note(self, c: Any, top: float) -> None:
        s, labels, item = styles(), self.labels, self.item
        if item.problem is not None:
            text = labels.get(f"problem_{item.problem.value}")
        else:
            revision = item.entry.revision
            text = labels.get(
                "attachment_note",
                filename=revision.filename if revision else "",
                size=file_size_text(revision.size if revision else 0),
            )
        box = Table(
            [[Paragraph(paragraph_text(text), s.note)]],
            colWidths=[self.width],
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), faces().regular),
                    ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            ),
        )
        _w, h = box.wrap(self.width, top)
        box.drawOn(c, 0, top - h - 4 * mm)


def converted_picture(item: PlannedItem, frame: int) -> Image.Image:
    """A frame of a picture, upright, in true tones (grey or RGB on white), at most 3600 pixels."""
    assert item.path is not None
    return load_picture(item.path, MAX_CONVERTED_SIDE, frame=frame)


def fit(width: float, height: float, box_width: float, box_height: float) -> tuple[float, float]:
    """The largest size with the picture's proportions inside the box."""
    scale = min(box_width / width, box_height / height)
    return width * scale, height * scale


def approval_key(role: str) -> str:
    return f"approval.{role}"


def approval_page(
    record: LayoutRecord, labels: Phrases, values: Mapping[str, str]
) -> list[Flowable]:
    """The page where the appraising and the approving levels write and sign (unnumbered)."""
    s = styles()
    out: list[Flowable] = [
        StartDocument(record, "approval", numbered=False),
        Paragraph(paragraph_text(labels.get("approval_title")), s.title),
        Paragraph(paragraph_text(labels.get("approval_scope", **values)), s.subtitle),
        Spacer(1, 5 * mm),
    ]
    half = FRAME_WIDTH / 2
    for role, heading, signer in (
        ("appraiser", "approval_appraiser_heading", "approval_appraiser_signer"),
        ("approver", "approval_approver_heading", "approval_approver_signer"),
    ):
        out.append(
            Paragraph(
                paragraph_text(labels.get(heading)), s.body_heading.clone("h", firstLineIndent=0)
            )
        )
        out.extend(DotLine() for _ in range(4))
        block = [
            Paragraph(paragraph_text(labels.get("approval_date_line")), s.subtitle),
            Paragraph(paragraph_text(labels.get(signer)), s.signer_title),
            Box(record, approval_key(role), half, SIGNATURE_SPACE - 6 * mm),
            Paragraph(paragraph_text(labels.get("approval_name_line")), s.subtitle),
        ]
        out.append(
            Table(
                [[[], block]],
                colWidths=[half, half],
                style=TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), faces().regular),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ]
                ),
            )
        )
        out.append(Spacer(1, 6 * mm))
    return out
