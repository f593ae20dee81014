"""The signature field a role signs into: the dossier's own empty field, or a new one.

Our dossiers come with an empty field per role (domain/dossier.py). A received or foreign PDF
has none: a new field is then added on the last page — bottom right for the commander, over the
left third of the commander's place for the organisation, bottom left for the appraising levels —
or an invisible one when the signature has no appearance.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigFieldSpec, enumerate_sig_fields

from anninh_desktop.domain.dossier import SIGNATURE_FIELD_NAMES, SIGNER_ROLE_LABELS, SignerRole
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

MM = 72 / 25.4
# Width and height of a new field, and its distance from the page's right and bottom edges.
NEW_FIELD_SIZE = (200.0, 100.0)
RIGHT_MARGIN = 20 * MM
BOTTOM_MARGIN = 20 * MM
LEFT_MARGIN = 30 * MM
SEAL_BOX = 110.0


@dataclass(frozen=True)
class FieldPlan:
    name: str
    width: float  # 0 for an invisible field
    new_spec: SigFieldSpec | None  # None: the field is already in the document


def _rect_width(field: generic.DictionaryObject) -> float:
    """The width of a field's widget (the field itself, or its first kid)."""
    candidates = [field]
    kids = field.get("/Kids")
    if kids:
        candidates.extend(kid.get_object() for kid in kids)
    for candidate in candidates:
        rect = candidate.get("/Rect")
        if rect is not None and len(rect) == 4:
            return abs(float(rect[2]) - float(rect[0]))
    return 0.0


def _page_box(page: generic.DictionaryObject) -> tuple[float, float, float, float]:
    """The page's visible box, looking up the page tree for an inherited MediaBox."""
    node: generic.DictionaryObject | None = page
    while node is not None:
        box = node.get("/CropBox") or node.get("/MediaBox")
        if box is not None and len(box) == 4:
            return float(box[0]), float(box[1]), float(box[2]), float(box[3])
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return 0.0, 0.0, 595.0, 842.0  # A4


def _new_box(
    reader: PdfFileReader, role: SignerRole, *, seal_only: bool
) -> tuple[int, tuple[int, int, int, int]]:
    count = int(reader.root["/Pages"]["/Count"])
    if count < 1:
        raise UserError(_("The PDF has no pages, so it cannot be signed."))
    page_ref, _resources = reader.find_page_for_modification(count - 1)
    left, bottom, right, _top = _page_box(page_ref.get_object())
    width, height = NEW_FIELD_SIZE
    commander_x = right - RIGHT_MARGIN - width
    y = bottom + BOTTOM_MARGIN
    if role is SignerRole.COMMANDER or (role is SignerRole.ORGANISATION and not seal_only):
        rect = (commander_x, y, commander_x + width, y + height)
    elif role is SignerRole.ORGANISATION:
        # The seal's right edge a third of the way into the commander's field.
        x1 = commander_x + width / 3
        rect = (x1 - SEAL_BOX, y - 5, x1, y + SEAL_BOX - 5)
    else:
        x = left + LEFT_MARGIN
        rise = 0.0 if role is SignerRole.APPRAISER else height + 10
        rect = (x, y + rise, x + width, y + rise + height)
    return count - 1, (round(rect[0]), round(rect[1]), round(rect[2]), round(rect[3]))


def plan_field(
    reader: PdfFileReader, role: SignerRole, *, visible: bool, seal_only: bool = False
) -> FieldPlan:
    """The field to sign into for `role`; UserError when that role has signed already.

    A new organisation field is seal-sized over the commander's left third when the signature
    shows only the seal (`seal_only`); with a signature image it takes the commander's place.
    """
    name = SIGNATURE_FIELD_NAMES[role]
    for fq_name, value, field_ref in enumerate_sig_fields(reader, with_name=name):
        if fq_name != name:
            continue
        if value is not None:
            raise UserError(
                _(
                    "This PDF is already signed in the place of the {role} (field “{field}”). "
                    "Open the signed file instead, or sign as another role."
                ).format(role=_(SIGNER_ROLE_LABELS[role]).lower(), field=name)
            )
        return FieldPlan(name=name, width=_rect_width(field_ref.get_object()), new_spec=None)
    if not visible:
        return FieldPlan(name=name, width=0.0, new_spec=SigFieldSpec(sig_field_name=name))
    page_index, box = _new_box(reader, role, seal_only=seal_only)
    return FieldPlan(
        name=name,
        width=float(box[2] - box[0]),
        new_spec=SigFieldSpec(sig_field_name=name, on_page=page_index, box=box),
    )
