"""Generators of demo evidence files: photos (JPEG with EXIF), PDF documents, Word and Excel files.

Every function is pure and reproducible: the same inputs (and, for photos, the same state of the
``random.Random`` passed in) give the same bytes. All text is normalised to NFC and drawn with the
bundled fonts, so Vietnamese renders correctly.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from xml.sax.saxutils import escape

from PIL import ExifTags, Image, ImageDraw, ImageFont, ImageOps, TiffImagePlugin

from anninh_desktop.domain.text import nfc
from anninh_desktop.services import fonts

# Used for document properties and zip entry times when the caller gives no date.
DEFAULT_DOCUMENT_DATE = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
DEMO_AUTHOR = "An Ninh Desktop (demo)"

PHONE_CAMERAS: tuple[tuple[str, str], ...] = (
    ("samsung", "SM-A525F"),
    ("samsung", "SM-A546E"),
    ("OPPO", "CPH2343"),
    ("Xiaomi", "Redmi Note 11"),
    ("vivo", "vivo Y22s"),
    ("Apple", "iPhone 11"),
)

JPEG_QUALITY = 82

CellValue = str | int | float | date | datetime | None

# How to store the upright picture so that a viewer applying the EXIF orientation shows it upright:
# the inverse of the transform that the orientation asks the viewer to apply.
_STORE_FOR_ORIENTATION: dict[int, Image.Transpose | None] = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


# ------------------------------------------------------------------------------ photos


def make_photo_jpeg(
    rng: random.Random,
    width: int,
    height: int,
    caption: str,
    *,
    orientation: int = 1,
    taken: datetime,
    gps: tuple[float, float] | None = None,
    camera: tuple[str, str] | None = None,
) -> bytes:
    """A plausible phone photo of a meeting or an outdoor event, as JPEG bytes with EXIF.

    `width` × `height` is the size as a viewer shows it. With an `orientation` other than 1 the
    pixels are stored transformed (for 6, rotated 90° counter-clockwise, so stored `height` ×
    `width`) and the EXIF Orientation tag tells the viewer how to turn them upright. `taken` goes
    to DateTime and DateTimeOriginal (its wall-clock time; an aware datetime also gives
    OffsetTimeOriginal). `gps` is (latitude, longitude) in degrees. `camera` is (Make, Model); by
    default one is picked with `rng`.
    """
    if orientation not in _STORE_FOR_ORIENTATION:
        raise ValueError(f"EXIF orientation must be 1-8, not {orientation}")
    if width < 64 or height < 64:
        raise ValueError("photo too small")
    make, model = camera if camera is not None else rng.choice(PHONE_CAMERAS)
    picture = _draw_scene(rng, width, height, nfc(caption), taken)
    transpose = _STORE_FOR_ORIENTATION[orientation]
    if transpose is not None:
        picture = picture.transpose(transpose)
    exif = _photo_exif(make, model, orientation, taken, gps)
    out = io.BytesIO()
    picture.save(
        out,
        format="JPEG",
        quality=JPEG_QUALITY,
        subsampling=2,
        optimize=False,
        progressive=False,
        exif=exif.tobytes(),
    )
    return out.getvalue()


def _photo_exif(
    make: str, model: str, orientation: int, taken: datetime, gps: tuple[float, float] | None
) -> Image.Exif:
    stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = make
    exif[ExifTags.Base.Model] = model
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = stamp
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = stamp
    details[ExifTags.Base.DateTimeDigitized] = stamp
    offset = taken.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "-"
        minutes = abs(minutes)
        details[ExifTags.Base.OffsetTimeOriginal] = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    if gps is not None:
        latitude, longitude = gps
        position = exif.get_ifd(ExifTags.IFD.GPSInfo)
        position[ExifTags.GPS.GPSVersionID] = b"\x02\x03\x00\x00"
        position[ExifTags.GPS.GPSLatitudeRef] = "N" if latitude >= 0 else "S"
        position[ExifTags.GPS.GPSLatitude] = _degrees(abs(latitude))
        position[ExifTags.GPS.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
        position[ExifTags.GPS.GPSLongitude] = _degrees(abs(longitude))
    return exif


def _degrees(value: float) -> tuple[TiffImagePlugin.IFDRational, ...]:
    whole = int(value)
    minutes_float = (value - whole) * 60
    minutes = int(minutes_float)
    hundredths = round((minutes_float - minutes) * 60 * 100)
    return (
        TiffImagePlugin.IFDRational(whole, 1),
        TiffImagePlugin.IFDRational(minutes, 1),
        TiffImagePlugin.IFDRational(hundredths, 100),
    )


def _rgb(rng: random.Random, base: tuple[int, int, int], spread: int) -> tuple[int, int, int]:
    r, g, b = (max(0, min(255, c + rng.randint(-spread, spread))) for c in base)
    return (r, g, b)


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = fonts.SERIF_BOLD if bold else fonts.SERIF_REGULAR
    # The basic layout does not depend on whether libraqm is installed: same pixels everywhere.
    return ImageFont.truetype(
        str(fonts.font_path(name)), size, layout_engine=ImageFont.Layout.BASIC
    )


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if current and font.getlength(candidate) > max_width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


def _draw_scene(
    rng: random.Random, width: int, height: int, caption: str, taken: datetime
) -> Image.Image:
    indoor = rng.random() < 0.5
    if indoor:
        picture = _gradient(
            width, height, _rgb(rng, (226, 214, 190), 15), _rgb(rng, (170, 150, 120), 15)
        )
    else:
        picture = _gradient(
            width, height, _rgb(rng, (120, 170, 225), 20), _rgb(rng, (215, 230, 240), 10)
        )
    draw = ImageDraw.Draw(picture)
    if indoor:
        _draw_meeting(rng, draw, width, height, caption)
    else:
        _draw_outdoor(rng, draw, width, height, caption)
    picture = _add_grain(rng, picture)
    # Date stamp in the corner, as some phone cameras add.
    stamp_font = _font(max(12, height // 32), bold=True)
    stamp = taken.strftime("%d/%m/%Y %H:%M")
    draw = ImageDraw.Draw(picture)
    margin = width // 40
    text_width = stamp_font.getlength(stamp)
    draw.text(
        (width - margin - text_width, height - margin - stamp_font.size),
        stamp,
        font=stamp_font,
        fill=(255, 150, 40),
    )
    return picture


def _gradient(
    width: int, height: int, top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    ramp = Image.linear_gradient("L").resize((width, height), Image.Resampling.BILINEAR)
    return ImageOps.colorize(ramp, black=top, white=bottom).convert("RGB")


def _add_grain(rng: random.Random, picture: Image.Image) -> Image.Image:
    """Soft, seeded sensor-like noise, so the JPEG has the texture (and size) of a real photo."""
    width, height = picture.size
    small = (max(1, width // 3), max(1, height // 3))
    noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    noise = noise.resize((width, height), Image.Resampling.BILINEAR).convert("RGB")
    return Image.blend(picture, noise, 0.07)


def _draw_person(
    rng: random.Random, draw: ImageDraw.ImageDraw, x: float, y: float, scale: float
) -> None:
    """A simple figure: head and shoulders, (x, y) the top of the head."""
    shirt = rng.choice([(62, 90, 60), (70, 95, 70), (230, 230, 225), (40, 60, 120), (200, 70, 60)])
    skin = _rgb(rng, (214, 170, 130), 20)
    hair = _rgb(rng, (30, 25, 20), 8)
    head = 18 * scale
    draw.ellipse((x - head, y + head * 0.2, x + head, y + head * 2.4), fill=skin)
    draw.chord((x - head, y, x + head, y + head * 1.6), 180, 360, fill=hair)
    draw.rounded_rectangle(
        (x - head * 2.2, y + head * 2.5, x + head * 2.2, y + head * 6.5),
        radius=int(head),
        fill=shirt,
    )


def _draw_banner(
    draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], caption: str
) -> None:
    left, top, right, bottom = box
    draw.rectangle(box, fill=(196, 30, 36))
    size = max(12, int((bottom - top) * 0.32))
    font = _font(size, bold=True)
    lines = _wrap(caption.upper(), font, (right - left) * 0.92)
    while len(lines) * size * 1.25 > (bottom - top) * 0.9 and size > 10:
        size -= 2
        font = _font(size, bold=True)
        lines = _wrap(caption.upper(), font, (right - left) * 0.92)
    y = top + ((bottom - top) - len(lines) * size * 1.25) / 2
    for line in lines:
        x = left + ((right - left) - font.getlength(line)) / 2
        draw.text((x, y), line, font=font, fill=(255, 222, 0))
        y += size * 1.25


def _draw_meeting(
    rng: random.Random, draw: ImageDraw.ImageDraw, width: int, height: int, caption: str
) -> None:
    _draw_banner(draw, (width * 0.08, height * 0.06, width * 0.92, height * 0.30), caption)
    # The presidium behind a table with a green cloth and flowers, then rows of attendees.
    for index in range(rng.randint(3, 5)):
        x = width * (0.25 + index * 0.13)
        _draw_person(rng, draw, x, height * 0.33, height / 600)
    draw.rectangle((width * 0.15, height * 0.46, width * 0.85, height * 0.58), fill=(40, 110, 60))
    draw.ellipse((width * 0.47, height * 0.41, width * 0.53, height * 0.49), fill=(230, 60, 50))
    for row in range(2):
        count = rng.randint(5, 8)
        for index in range(count):
            x = width * (0.06 + (index + 0.5) * 0.88 / count) + rng.uniform(-8, 8)
            _draw_person(rng, draw, x, height * (0.62 + row * 0.14), height / 480 * (1 + row * 0.2))


def _draw_outdoor(
    rng: random.Random, draw: ImageDraw.ImageDraw, width: int, height: int, caption: str
) -> None:
    horizon = height * rng.uniform(0.55, 0.65)
    draw.rectangle((0, horizon, width, height), fill=_rgb(rng, (150, 140, 120), 20))
    # Houses and trees along the horizon.
    x = -rng.uniform(0, 40)
    while x < width:
        house_width = rng.uniform(width * 0.08, width * 0.18)
        house_height = rng.uniform(height * 0.12, height * 0.3)
        colour = rng.choice([(235, 225, 200), (245, 240, 230), (250, 215, 150), (200, 215, 225)])
        draw.rectangle(
            (x, horizon - house_height, x + house_width, horizon), fill=_rgb(rng, colour, 10)
        )
        draw.polygon(
            [
                (x - 6, horizon - house_height),
                (x + house_width / 2, horizon - house_height - height * 0.06),
                (x + house_width + 6, horizon - house_height),
            ],
            fill=_rgb(rng, (150, 60, 45), 15),
        )
        for window in range(int(house_width // 40)):
            wx = x + 12 + window * 40
            draw.rectangle(
                (wx, horizon - house_height * 0.7, wx + 18, horizon - house_height * 0.45),
                fill=(60, 70, 80),
            )
        x += house_width + rng.uniform(10, 40)
        if rng.random() < 0.5:
            radius = rng.uniform(height * 0.04, height * 0.08)
            draw.ellipse(
                (x - radius, horizon - radius * 3, x + radius, horizon - radius),
                fill=_rgb(rng, (60, 120, 50), 20),
            )
            draw.rectangle((x - 4, horizon - radius * 1.2, x + 4, horizon), fill=(90, 60, 40))
            x += radius
    # A banner held by people in front, with the caption.
    _draw_banner(
        draw,
        (width * 0.12, horizon - height * 0.05, width * 0.88, horizon + height * 0.12),
        caption,
    )
    count = rng.randint(6, 10)
    for index in range(count):
        px = width * (0.05 + (index + 0.5) * 0.9 / count) + rng.uniform(-10, 10)
        _draw_person(rng, draw, px, horizon + height * 0.14 + rng.uniform(-6, 6), height / 420)


# ------------------------------------------------------------------------------------------ PDF


MOTTO_COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def make_pdf_document(
    title: str,
    paragraphs: Sequence[str],
    *,
    issuer: str,
    number: str,
    place_date: str,
    signer_title: str | None = None,
    signer_name: str | None = None,
) -> bytes:
    """A one- or two-page A4 administrative document (plan, report, minutes), NĐ 30/2020 layout.

    `issuer` is the issuing body, one line per level, parent first ("CÔNG AN TỈNH CÀ MAU\\nCÔNG AN
    XÃ CHÂU HƯNG"): the parent in regular capitals, the issuer itself in bold. `number` is the
    document number without "Số:" ("05/KH-CAX"). `place_date` is printed as given, in italics.
    `title` is printed in bold as given, one centred line per line of text (document kind in
    capitals, then the summary). The fonts are the bundled Liberation Serif, embedded; the bytes
    are reproducible.
    """
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm, mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

    family = fonts.register_reportlab_fonts()
    title, issuer, number, place_date = nfc(title), nfc(issuer), nfc(number), nfc(place_date)
    issuer_lines = [line.strip() for line in issuer.split("\n") if line.strip()]
    if not issuer_lines:
        raise ValueError("issuer is empty")

    body = ParagraphStyle(
        "body",
        fontName=family,
        fontSize=13,
        leading=18,
        alignment=TA_JUSTIFY,
        firstLineIndent=1 * cm,
        spaceAfter=6,
    )
    heading = ParagraphStyle(
        "title", fontName=f"{family}-Bold", fontSize=14, leading=18, alignment=TA_CENTER
    )
    signature = ParagraphStyle(
        "signature", fontName=f"{family}-Bold", fontSize=13, leading=17, alignment=TA_CENTER
    )

    header = _PdfHeader(family, issuer_lines, nfc(f"Số: {number}"), place_date)
    story: list[object] = [Spacer(1, header.height), Spacer(1, 8 * mm)]
    for line in title.split("\n"):
        story.append(Paragraph(escape(line), heading))
    story.append(Spacer(1, 6 * mm))
    for text in paragraphs:
        story.append(Paragraph(escape(nfc(text)), body))
    if signer_title or signer_name:
        block = [
            Paragraph(escape(nfc(signer_title or "")).replace("\n", "<br/>"), signature),
            Spacer(1, 22 * mm),
            Paragraph(escape(nfc(signer_name or "")), signature),
        ]
        story.append(Spacer(1, 6 * mm))
        story.append(KeepTogether(Table([["", block]], colWidths=[80 * mm, 85 * mm])))

    def first_page(canvas: Any, document: Any) -> None:
        header.draw(canvas)

    def later_pages(canvas: Any, document: Any) -> None:
        # Page numbers centred in the top margin, none on page 1.
        canvas.setFont(family, 13)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, str(canvas.getPageNumber()))

    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=30 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title.replace("\n", " "),
        author=issuer_lines[-1],
        subject=nfc(f"Số: {number}"),
        creator=DEMO_AUTHOR,
        lang="vi",
        # Without this the canvas starts in Helvetica, a font that is never embedded.
        initialFontName=family,
        initialFontSize=13,
        invariant=1,
    )
    document.build(story, onFirstPage=first_page, onLaterPages=later_pages)
    return out.getvalue()


class _PdfHeader:
    """The two-column block on top of page 1: issuing body and number left, motto and date right."""

    LEFT_WIDTH_MM = 75.0
    RIGHT_WIDTH_MM = 90.0
    LEADING = 15.5

    def __init__(
        self, family: str, issuer_lines: list[str], number_line: str, place_date: str
    ) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.lib.utils import simpleSplit

        self.family = family
        self.top = A4[1] - 20 * mm
        self.left_centre = 30 * mm + self.LEFT_WIDTH_MM * mm / 2
        self.right_centre = 30 * mm + self.LEFT_WIDTH_MM * mm + self.RIGHT_WIDTH_MM * mm / 2
        width = (self.LEFT_WIDTH_MM - 4) * mm
        self.left: list[tuple[str, str]] = []
        for index, line in enumerate(issuer_lines):
            own = index == len(issuer_lines) - 1
            font = f"{family}-Bold" if own else family
            for part in simpleSplit(line.upper(), font, 12.5, width):
                self.left.append((part, font))
        self.number_line = number_line
        self.place_date = place_date
        rows = max(len(self.left), 2) + 1
        self.height = rows * self.LEADING + 14

    def draw(self, c: Any) -> None:
        from reportlab.lib.units import mm
        from reportlab.pdfbase.pdfmetrics import stringWidth

        c.saveState()
        y = self.top - 12.5
        for text, font in self.left:
            c.setFont(font, 12.5)
            c.drawCentredString(self.left_centre, y, text)
            y -= self.LEADING
        # A short rule under the issuer's own name.
        c.setLineWidth(0.6)
        c.line(self.left_centre - 14 * mm, y + 8, self.left_centre + 14 * mm, y + 8)
        left_bottom = y

        y = self.top - 12.5
        c.setFont(f"{self.family}-Bold", 12.5)
        c.drawCentredString(self.right_centre, y, MOTTO_COUNTRY)
        y -= self.LEADING
        c.setFont(f"{self.family}-Bold", 13.5)
        c.drawCentredString(self.right_centre, y, MOTTO)
        half = stringWidth(MOTTO, f"{self.family}-Bold", 13.5) / 2
        c.line(self.right_centre - half, y - 3, self.right_centre + half, y - 3)
        y -= self.LEADING

        # Number (left) and place and date (right) on one line, below both blocks.
        y = min(y, left_bottom) - 8
        c.setFont(self.family, 13)
        c.drawCentredString(self.left_centre, y, self.number_line)
        c.setFont(f"{self.family}-Italic", 13)
        c.drawCentredString(self.right_centre, y, self.place_date)
        c.restoreState()


# ------------------------------------------------------------------------------------ Word, Excel


def make_docx(
    title: str, paragraphs: Sequence[str], *, created: datetime = DEFAULT_DOCUMENT_DATE
) -> bytes:
    """A Word document (A4, Times New Roman 13 pt): bold centred title, justified paragraphs.

    Core properties and zip entry times come from `created`, so the bytes are reproducible.
    """
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    title = nfc(title)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, line in enumerate(title.split("\n")):
        run = heading.add_run(line)
        run.bold = True
        run.font.size = Pt(14)
        if index < title.count("\n"):
            run.add_break()
    for text in paragraphs:
        paragraph = document.add_paragraph(nfc(text))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(6)

    utc = created.astimezone(UTC) if created.tzinfo else created
    properties = document.core_properties
    properties.title = title.replace("\n", " ")
    properties.author = DEMO_AUTHOR
    properties.last_modified_by = DEMO_AUTHOR
    properties.created = utc
    properties.modified = utc
    properties.last_printed = utc
    properties.revision = 1
    properties.comments = ""
    out = io.BytesIO()
    document.save(out)
    return _normalise_zip(out.getvalue(), created)


def make_xlsx(
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[CellValue]],
    *,
    created: datetime = DEFAULT_DOCUMENT_DATE,
) -> bytes:
    """An Excel workbook with one sheet: the title in A1 (bold), the header on row 3, then the rows.

    Core properties and zip entry times come from `created`, so the bytes are reproducible.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    title = nfc(title)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _sheet_name(title)
    sheet["A1"] = title
    sheet["A1"].font = Font(name="Times New Roman", size=14, bold=True)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="DDE6F0")
    widths = [len(nfc(str(name))) for name in header]
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(row=3, column=column, value=nfc(name))
        cell.font = Font(name="Times New Roman", size=12, bold=True)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row_index, row in enumerate(rows, start=4):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = nfc(value)
            cell = sheet.cell(row=row_index, column=column, value=value)
            cell.font = Font(name="Times New Roman", size=12)
            cell.border = border
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            if column > len(widths):
                widths.append(0)
            shown = "" if value is None else str(value)
            widths[column - 1] = max(widths[column - 1], len(shown))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(60, max(8, width + 2))
    sheet.freeze_panes = "A4"

    naive = created.astimezone(UTC).replace(tzinfo=None) if created.tzinfo else created
    workbook.properties.title = title
    workbook.properties.creator = DEMO_AUTHOR
    workbook.properties.lastModifiedBy = DEMO_AUTHOR
    workbook.properties.created = naive
    workbook.properties.modified = naive
    out = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook stamps "modified" with the current time.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return _normalise_zip(out.getvalue(), created)


def _sheet_name(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title.split("\n")[0])
    return " ".join(cleaned.split())[:31].strip() or "Sheet1"


def _normalise_zip(data: bytes, when: datetime) -> bytes:
    """The same zip with fixed entry times and attributes: equal content gives equal bytes."""
    stamp = (
        max(1980, when.year),
        when.month,
        when.day,
        when.hour,
        when.minute,
        when.second - when.second % 2,
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(entry), compresslevel=6)
    return out.getvalue()
