"""Putting the dossier together with pypdf: laid-out pages, photos, PDF evidence, attachments,
bookmarks, signature fields and metadata, written with a fixed /ID (same inputs, same bytes)."""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    Fit,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from anninh_desktop.domain.criteria import CriterionLevel
from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.dossier.evidence_pages import approval_key, image_key
from anninh_desktop.services.dossier.evidence_plan import PlannedItem, Treatment
from anninh_desktop.services.dossier.facts import DossierFacts
from anninh_desktop.services.dossier.fields import (
    FieldBox,
    add_signature_fields,
    commander_and_seal,
    signature_space,
)
from anninh_desktop.services.dossier.flowables import LayoutRecord
from anninh_desktop.services.dossier.layout import Rendered
from anninh_desktop.services.dossier.letter import signature_key
from anninh_desktop.services.dossier.photos import place_photo
from anninh_desktop.services.dossier.tables import criterion_key
from anninh_desktop.services.dossier.templates import Phrases
from anninh_desktop.services.dossier.texts import EDITABLE_KINDS, REQUEST
from anninh_desktop.services.errors import Cancelled

OUTLINE_TEXT_LIMIT = 90  # characters of a criterion's text shown in its bookmark


@dataclass(frozen=True)
class PdfInfo:
    title: str
    author: str
    subject: str
    created: datetime
    creator: str


def evidence_starts(front_pages: int, planned: Sequence[PlannedItem]) -> dict[str, int]:
    """The 1-based dossier page where each item starts, after `front_pages` pages."""
    starts: dict[str, int] = {}
    page = front_pages + 1
    for item in planned:
        starts[item.code] = page
        page += item.pages
    return starts


def _pdf_date(moment: datetime) -> str:
    offset = moment.strftime("%z") or "+0000"
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def _shorten(text: str, limit: int = OUTLINE_TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _drop_widgets(page: PageObject) -> None:
    """Form widgets of an appended PDF belong to a form we do not copy (a signature of the evidence
    cannot survive being copied): they are left out, links and notes stay."""
    annotations = page.get("/Annots")
    if annotations is None:
        return
    kept = ArrayObject(
        a for a in annotations.get_object() if a.get_object().get("/Subtype") != "/Widget"
    )
    if kept:
        page[NameObject("/Annots")] = kept
    else:
        del page["/Annots"]


class Assembler:
    def __init__(
        self,
        rendered: Rendered,
        front_pages: int,
        planned: Sequence[PlannedItem],
        facts: DossierFacts,
        labels: Phrases,
    ) -> None:
        self.rendered, self.front_pages, self.planned = rendered, front_pages, planned
        self.facts, self.labels = facts, labels
        self.record: LayoutRecord = rendered.record
        self.writer = PdfWriter()
        self.starts: dict[str, int] = {}

    def run(
        self,
        info: PdfInfo,
        out: BinaryIO,
        *,
        step: Callable[[], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> int:
        """Write the dossier to `out`; returns its page count."""
        writer = self.writer
        writer.pdf_header = "%PDF-1.7"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # odd evidence PDFs make pypdf chatty
            laid_out = PdfReader(io.BytesIO(self.rendered.pdf))
            for index in range(self.front_pages):
                writer.add_page(laid_out.pages[index])
            own = self.front_pages
            for item in self.planned:
                if cancel is not None and cancel():
                    raise Cancelled()
                self.starts[item.code] = len(writer.pages)
                if item.own_pages:
                    for frame in range(item.pages):
                        page = writer.add_page(laid_out.pages[own])
                        own += 1
                        if item.treatment is Treatment.PHOTO:
                            assert item.data is not None and item.jpeg is not None
                            area = self.record.areas[image_key(item.code, frame)]
                            place_photo(
                                writer,
                                page,
                                item.data,
                                item.jpeg,
                                area,
                                f"Photo{item.entry.number}",
                            )
                else:
                    assert item.pdf is not None
                    for source in item.pdf.pages:
                        _drop_widgets(source)  # before copying, so nothing of them is written
                        writer.add_page(source)
                if step is not None:
                    step()
            if own != len(laid_out.pages) - 1:
                raise RuntimeError(f"layout has {len(laid_out.pages)} pages, assembled {own + 1}")
            writer.add_page(laid_out.pages[own])  # the approval page
        self._attachments()
        self._outline()
        add_signature_fields(writer, self._field_boxes())
        self._metadata(info)
        writer.write(out)
        return len(writer.pages)

    # ---------------------------------------------------------------------------- parts

    def _attachments(self) -> None:
        for item in self.planned:
            if not item.attach or item.data is None or item.entry.revision is None:
                continue
            revision = item.entry.revision
            name = f"{item.code} {revision.filename}"
            embedded = self.writer.add_attachment(name, item.data)
            embedded.description = TextStringObject(item.entry.evidence.title)
            embedded.subtype = NameObject("/" + revision.media_type)
            embedded.size = NumberObject(len(item.data))
            embedded.pdf_object[NameObject("/UF")] = TextStringObject(name)

    def _front_page(self, key: str) -> int:
        return self.record.spots[key].page - 1

    def _outline(self) -> None:
        writer, labels, spots = self.writer, self.labels, self.record.spots
        for kind in EDITABLE_KINDS:
            writer.add_outline_item(
                title=labels.get(f"outline_{kind}"), page_number=self._front_page(kind)
            )
        table = writer.add_outline_item(
            title=labels.get("outline_table"), page_number=self._front_page("table")
        )
        parents: dict[str, IndirectObject] = {}
        for row in self.facts.rows:
            c = row.criterion
            spot = spots.get(criterion_key(c.ref))
            if spot is None:
                continue
            parent = parents.get(c.parent_ref or "", table)
            shown = (
                c.number if c.level is CriterionLevel.GROUP else c.ref
            )  # group refs are internal
            title = (
                labels.get("outline_criterion", ref=shown, text=_shorten(c.text))
                if shown
                else labels.get("outline_group", text=_shorten(c.text))
            )
            parents[c.ref] = writer.add_outline_item(
                title=title,
                page_number=spot.page - 1,
                parent=parent,
                fit=Fit.xyz(left=0, top=round(spot.y + 14, 2), zoom=None),
                is_open=False,
            )
        writer.add_outline_item(
            title=labels.get("outline_index"), page_number=self._front_page("index")
        )
        if self.planned:
            first = self.starts[self.planned[0].code]
            evidence = writer.add_outline_item(
                title=labels.get("outline_evidence"), page_number=first, is_open=False
            )
            for item in self.planned:
                writer.add_outline_item(
                    title=labels.get(
                        "outline_item", code=item.code, title=_shorten(item.entry.evidence.title)
                    ),
                    page_number=self.starts[item.code],
                    parent=evidence,
                )
        writer.add_outline_item(
            title=labels.get("outline_approval"), page_number=len(writer.pages) - 1
        )

    def _field_boxes(self) -> list[FieldBox]:
        areas = self.record.areas
        request = areas[signature_key(REQUEST, 0)]
        last = len(self.writer.pages) - 1
        boxes = commander_and_seal(request, request.page - 1)
        boxes.append(signature_space(SignerRole.APPRAISER, areas[approval_key("appraiser")], last))
        boxes.append(signature_space(SignerRole.APPROVER, areas[approval_key("approver")], last))
        return boxes

    def _metadata(self, info: PdfInfo) -> None:
        writer = self.writer
        stamp = _pdf_date(info.created)
        writer.add_metadata(
            {
                "/Title": info.title,
                "/Author": info.author,
                "/Subject": info.subject,
                "/Creator": info.creator,
                "/Producer": info.creator,
                "/CreationDate": stamp,
                "/ModDate": stamp,
            }
        )
        root = writer.root_object
        root[NameObject("/Lang")] = TextStringObject("vi")
        root[NameObject("/PageMode")] = NameObject("/UseOutlines")
        # A fixed file identifier from the content (pypdf would draw a random one).
        digest = hashlib.sha256(self.rendered.pdf)
        for item in self.planned:
            digest.update(item.entry.revision.sha256.encode() if item.entry.revision else b"-")
        identifier = ByteStringObject(digest.digest()[:16])
        writer._ID = ArrayObject([identifier, identifier])
