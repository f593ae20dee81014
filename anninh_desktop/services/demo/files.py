"""Generators of demo evidence files: PDF documents, Word and Excel files (photos: photos.py,
re-exported here as `make_photo_jpeg`).

Every function is pure and reproducible: the same inputs (and, for photos, the same state of the
``random.Random`` passed in) give the same bytes. All text is normalised to NFC and drawn with the
bundled fonts, so Vietnamese renders correctly.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from xml.sax.saxutils import escape

from anninh_desktop.domain.text import nfc
from anninh_desktop.services import fonts
from anninh_desktop.services.demo.photos import make_photo_jpeg as make_photo_jpeg  # re-exported

# Used for document properties and zip entry times when the caller gives no date.
DEFAULT_DOCUMENT_DATE = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
DEMO_AUTHOR = "An Ninh Desktop (demo)"

CellValue = str | int | float | date | datetime | None

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
