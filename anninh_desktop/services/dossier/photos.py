"""JPEG photos placed on a laid-out page as they are: the file's bytes become the image stream.

The picture is turned upright by its EXIF orientation in the drawing matrix, so its bytes stay the
camera's. (reportlab would do the byte-for-byte part too with file names and useA85 off, but it
names images after the file path and holds the whole PDF in memory twice while saving; putting the
stream in with pypdf keeps the output independent of where the data folder is.)
"""

from __future__ import annotations

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from anninh_desktop.services.dossier.evidence_pages import fit
from anninh_desktop.services.dossier.evidence_plan import JpegInfo
from anninh_desktop.services.dossier.flowables import Area

Matrix = tuple[float, float, float, float, float, float]


def displayed_size(info: JpegInfo) -> tuple[int, int]:
    """Width and height as the picture is seen (orientations 5–8 swap them)."""
    if info.orientation >= 5:
        return info.height, info.width
    return info.width, info.height


def orientation_matrix(orientation: int, x: float, y: float, w: float, h: float) -> Matrix:
    """The matrix that draws the stored image (unit square) upright into the box (x, y, w, h).

    The stored image's (u, v) — u rightwards, v upwards — lands at (a·u + c·v + e, b·u + d·v + f);
    each EXIF orientation says where the stored rows and columns are seen.
    """
    table: dict[int, Matrix] = {
        1: (w, 0, 0, h, x, y),
        2: (-w, 0, 0, h, x + w, y),  # mirrored left–right
        3: (-w, 0, 0, -h, x + w, y + h),  # turned 180°
        4: (w, 0, 0, -h, x, y + h),  # mirrored top–bottom
        5: (0, -h, -w, 0, x + w, y + h),  # transposed
        6: (0, -h, w, 0, x, y + h),  # to be turned 90° clockwise
        7: (0, h, w, 0, x, y),  # transversed
        8: (0, h, -w, 0, x + w, y),  # to be turned 90° counter-clockwise
    }
    return table.get(orientation, table[1])


def _number(value: float) -> str:
    text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-", "-0") else text


def image_stream(data: bytes, info: JpegInfo) -> StreamObject:
    stream = StreamObject()
    stream.set_data(data)
    entries: dict[str, object] = {
        "/Type": NameObject("/XObject"),
        "/Subtype": NameObject("/Image"),
        "/Width": NumberObject(info.width),
        "/Height": NumberObject(info.height),
        "/ColorSpace": NameObject(info.colour_space),
        "/BitsPerComponent": NumberObject(8),
        "/Filter": NameObject("/DCTDecode"),
    }
    if info.inverted:
        entries["/Decode"] = ArrayObject([NumberObject(v) for v in (1, 0) * 4])
    stream.update({NameObject(k): v for k, v in entries.items()})  # type: ignore[misc]
    return stream


def place_photo(
    writer: PdfWriter, page: PageObject, data: bytes, info: JpegInfo, area: Area, name: str
) -> None:
    """Draw the JPEG `data`, fitted and centred at the top of `area`, on an added page."""
    shown_w, shown_h = displayed_size(info)
    w, h = fit(shown_w, shown_h, area.width, area.height)
    x = area.x + (area.width - w) / 2
    y = area.y + area.height - h
    matrix = " ".join(_number(v) for v in orientation_matrix(info.orientation, x, y, w, h))
    reference = writer._add_object(image_stream(data, info))
    resources = page.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects.get_object()[NameObject(f"/{name}")] = reference
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(f"Q\nq {matrix} cm /{name} Do Q\n".encode("ascii"))
    contents = page.get("/Contents")
    parts = [writer._add_object(before)]
    if contents is not None:
        existing = contents.get_object()
        if isinstance(existing, ArrayObject):
            parts.extend(existing)
        else:
            parts.append(contents)
    parts.append(writer._add_object(after))
    page[NameObject("/Contents")] = ArrayObject(parts)
