"""Empty signature fields, created in the dossier before anyone signs it.

Placement (docs/dossier.md): the commander's visible field fills the middle of the space left for
the signature in the Tờ trình's (first) signature block; the organisation's field is the round seal
at real size, a square whose right third overlaps the left third of the commander's field (Phụ lục I,
Nghị định 30/2020/NĐ-CP); the appraiser's and the approver's fields are the signature spaces of the
last page ("Ý kiến thẩm định và phê duyệt"). Field names come from domain/dossier.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from anninh_desktop.domain.dossier import SIGNATURE_FIELD_NAMES, SignerRole
from anninh_desktop.services.dossier.flowables import Area
from anninh_desktop.services.dossier.styles import SEAL_DIAMETER, SIGNATURE_WIDTH

_PRINT = 4  # annotation flag: print the widget with the page


@dataclass(frozen=True)
class FieldBox:
    role: SignerRole
    page: int  # 0-based page of the final dossier
    rect: tuple[float, float, float, float]  # x1, y1, x2, y2 in points


def commander_and_seal(area: Area, page: int) -> list[FieldBox]:
    """The commander's field centred in the signature space, the seal over its left third."""
    width = min(SIGNATURE_WIDTH, area.width)
    x1 = area.x + (area.width - width) / 2
    y1, y2 = area.y + 2, area.y + area.height - 2
    middle = (y1 + y2) / 2
    seal_right = x1 + width / 3
    seal = (
        seal_right - SEAL_DIAMETER,
        middle - SEAL_DIAMETER / 2,
        seal_right,
        middle + SEAL_DIAMETER / 2,
    )
    return [
        FieldBox(SignerRole.COMMANDER, page, (x1, y1, x1 + width, y2)),
        FieldBox(SignerRole.ORGANISATION, page, seal),
    ]


def signature_space(role: SignerRole, area: Area, page: int) -> FieldBox:
    """A field centred in a signature space (the appraising and approving levels)."""
    width = min(SIGNATURE_WIDTH, area.width)
    x1 = area.x + (area.width - width) / 2
    return FieldBox(role, page, (x1, area.y + 2, x1 + width, area.y + area.height - 2))


def add_signature_fields(writer: PdfWriter, boxes: list[FieldBox]) -> None:
    """Unsigned /Sig fields with an empty appearance, listed in the AcroForm in role order."""
    root = writer.root_object
    form = DictionaryObject({NameObject("/Fields"): ArrayObject()})
    root[NameObject("/AcroForm")] = writer._add_object(form)
    for box in sorted(boxes, key=lambda b: list(SignerRole).index(b.role)):
        page = writer.pages[box.page]
        x1, y1, x2, y2 = box.rect
        appearance = StreamObject()
        appearance.set_data(b"")
        appearance.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    [
                        FloatObject(0),
                        FloatObject(0),
                        FloatObject(round(x2 - x1, 2)),
                        FloatObject(round(y2 - y1, 2)),
                    ]
                ),
            }
        )
        widget = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Sig"),
                NameObject("/T"): TextStringObject(SIGNATURE_FIELD_NAMES[box.role]),
                NameObject("/F"): NumberObject(_PRINT),
                NameObject("/Rect"): ArrayObject([FloatObject(round(v, 2)) for v in box.rect]),
                NameObject("/P"): page.indirect_reference,
                NameObject("/AP"): DictionaryObject(
                    {NameObject("/N"): writer._add_object(appearance)}
                ),
            }
        )
        reference = writer._add_object(widget)
        annotations = page.get("/Annots")
        if annotations is None:
            page[NameObject("/Annots")] = ArrayObject([reference])
        else:
            annotations.get_object().append(reference)
        form["/Fields"].append(reference)
