from __future__ import annotations

import hashlib
import io
import random
import subprocess
import sys
import unicodedata
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from PIL import ExifTags, Image, ImageChops, ImageOps, ImageStat
from pypdf import PdfReader

from anninh_desktop.services.demo import files

VN = timezone(timedelta(hours=7))
TAKEN = datetime(2025, 3, 14, 8, 30, 5, tzinfo=VN)
CAPTION = "Hội nghị triển khai phong trào Toàn dân bảo vệ an ninh Tổ quốc năm 2025"

PDF_TITLE = "Kế hoạch bảo đảm an ninh, trật tự dịp Tết Nguyên đán Ất Tỵ"
PDF_PARAGRAPHS = [
    "Thực hiện Thông tư số 124/2021/TT-BCA của Bộ trưởng Bộ Công an, Công an xã Châu Hưng xây "
    "dựng kế hoạch bảo đảm an ninh, trật tự trên địa bàn như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Chủ động nắm tình hình, phòng ngừa, đấu tranh với các loại tội phạm & tệ nạn xã hội; "
    "không để xảy ra đột xuất, bất ngờ <nhất là> trong dịp Tết.",
]
PDF_KWARGS = {
    "issuer": "CÔNG AN TỈNH CÀ MAU\nCÔNG AN XÃ CHÂU HƯNG",
    "number": "05/KH-CAX",
    "place_date": "Châu Hưng, ngày 05 tháng 01 năm 2025",
}
DOC_TITLE = "BIÊN BẢN\nHọp đánh giá kết quả thực hiện tiêu chí năm 2025"
DOC_PARAGRAPHS = [
    "Hôm nay, vào lúc 08 giờ 00 phút, tại trụ sở Công an xã Châu Hưng.",
    "Thành phần: đủ.",
]
XLSX_HEADER = ["STT", "Tên mô hình", "Ngày thành lập", "Số thành viên"]
XLSX_ROWS: list[list[files.CellValue]] = [
    [1, "Tổ tự quản an ninh trật tự ấp Đầu Sấu", date(2023, 5, 1), 12],
    [2, "Camera an ninh khu dân cư", datetime(2024, 1, 2, 8, 0), None],
]


def _photo(
    seed: int = 7,
    orientation: int = 1,
    gps: tuple[float, float] | None = None,
    camera: tuple[str, str] | None = None,
) -> bytes:
    return files.make_photo_jpeg(
        random.Random(seed),
        800,
        600,
        CAPTION,
        orientation=orientation,
        taken=TAKEN,
        gps=gps,
        camera=camera,
    )


def _pdf() -> bytes:
    return files.make_pdf_document(PDF_TITLE, PDF_PARAGRAPHS, **PDF_KWARGS)


# ------------------------------------------------------------------------------------------ photos


def test_photo_is_a_jpeg_with_exif() -> None:
    data = _photo()
    assert 30_000 <= len(data) <= 120_000
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert image.size == (800, 600)
    exif = image.getexif()
    assert exif[ExifTags.Base.Orientation] == 1
    assert exif[ExifTags.Base.Make]
    assert exif[ExifTags.Base.Model]
    assert exif[ExifTags.Base.DateTime] == "2025:03:14 08:30:05"
    details = exif.get_ifd(ExifTags.IFD.Exif)
    assert details[ExifTags.Base.DateTimeOriginal] == "2025:03:14 08:30:05"
    assert details[ExifTags.Base.OffsetTimeOriginal] == "+07:00"
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)


def test_rotated_photo_is_stored_sideways_and_shown_upright() -> None:
    upright = Image.open(io.BytesIO(_photo(orientation=1))).convert("RGB")
    sideways = Image.open(io.BytesIO(_photo(orientation=6)))
    assert sideways.getexif()[ExifTags.Base.Orientation] == 6
    assert sideways.size == (600, 800)
    shown = ImageOps.exif_transpose(sideways).convert("RGB")
    assert shown.size == (800, 600)
    # Same scene (same seed): after honouring EXIF the pixels match up to JPEG noise.
    difference = ImageStat.Stat(ImageChops.difference(shown, upright)).mean
    assert max(difference) < 6


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_round_trips(orientation: int) -> None:
    image = Image.open(io.BytesIO(_photo(orientation=orientation)))
    assert image.getexif()[ExifTags.Base.Orientation] == orientation
    assert ImageOps.exif_transpose(image).size == (800, 600)


def test_photo_gps_and_camera() -> None:
    data = _photo(gps=(9.1769, 105.1524), camera=("samsung", "SM-A525F"))
    exif = Image.open(io.BytesIO(data)).getexif()
    assert (exif[ExifTags.Base.Make], exif[ExifTags.Base.Model]) == ("samsung", "SM-A525F")
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert gps[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert gps[ExifTags.GPS.GPSLongitudeRef] == "E"
    degrees, minutes, seconds = (float(v) for v in gps[ExifTags.GPS.GPSLatitude])
    assert degrees + minutes / 60 + seconds / 3600 == pytest.approx(9.1769, abs=1e-5)


def test_photo_is_reproducible_and_depends_on_the_seed() -> None:
    assert _photo(seed=3) == _photo(seed=3)
    assert _photo(seed=3, orientation=6) == _photo(seed=3, orientation=6)
    assert _photo(seed=3) != _photo(seed=4)


def test_photo_rejects_bad_orientation() -> None:
    with pytest.raises(ValueError, match="EXIF orientation must be 1-8, not 9"):
        _photo(orientation=9)


# -------------------------------------------------------------------------------------------- PDF


def test_pdf_text_is_vietnamese_nfc() -> None:
    reader = PdfReader(io.BytesIO(_pdf()))
    assert 1 <= len(reader.pages) <= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert unicodedata.normalize("NFC", text) == text
    assert PDF_TITLE in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 05/KH-CAX" in text
    assert "Châu Hưng, ngày 05 tháng 01 năm 2025" in text
    assert "CÔNG AN XÃ CHÂU HƯNG" in text
    assert "<nhất là>" in " ".join(text.split())
    assert reader.metadata is not None
    assert reader.metadata.title == PDF_TITLE


def test_pdf_decomposed_input_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", PDF_TITLE)
    data = files.make_pdf_document(decomposed, PDF_PARAGRAPHS, **PDF_KWARGS)
    assert data == _pdf()


def test_pdf_fonts_are_all_embedded() -> None:
    reader = PdfReader(io.BytesIO(_pdf()))
    seen = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font: Any = ref.get_object()
            assert "/FontDescriptor" in font, f"{font['/BaseFont']} is not embedded"
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            seen.add(str(font["/BaseFont"]).split("+", 1)[1])
    assert {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"} <= seen


def test_long_pdf_has_a_second_page_with_its_number() -> None:
    paragraphs = PDF_PARAGRAPHS * 8
    data = files.make_pdf_document(
        PDF_TITLE,
        paragraphs,
        signer_title="TRƯỞNG CÔNG AN XÃ",
        signer_name="Nguyễn Văn An",
        **PDF_KWARGS,
    )
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    second = reader.pages[1].extract_text()
    assert second.lstrip().startswith("2")
    assert "Nguyễn Văn An" in second


def test_pdf_is_reproducible() -> None:
    assert _pdf() == _pdf()


# ---------------------------------------------------------------------------------- Word, Excel


def test_docx_opens_and_holds_the_text() -> None:
    from docx import Document

    data = files.make_docx(DOC_TITLE, DOC_PARAGRAPHS)
    document = Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == DOC_TITLE
    assert texts[1:] == DOC_PARAGRAPHS
    assert document.core_properties.created == files.DEFAULT_DOCUMENT_DATE


def test_xlsx_opens_and_holds_the_cells() -> None:
    from openpyxl import load_workbook

    data = files.make_xlsx("Danh sách mô hình: tự quản [2025]", XLSX_HEADER, XLSX_ROWS)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet["A1"].value == "Danh sách mô hình: tự quản [2025]"
    assert [cell.value for cell in sheet[3]] == XLSX_HEADER
    assert sheet["B4"].value == "Tổ tự quản an ninh trật tự ấp Đầu Sấu"
    assert sheet["C4"].value == datetime(2023, 5, 1)
    assert sheet["D4"].value == 12
    assert sheet["D5"].value is None
    assert sheet.title == "Danh sách mô hình tự quản 2025"


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_office_files_are_reproducible(kind: str) -> None:
    def make() -> bytes:
        if kind == "docx":
            return files.make_docx(DOC_TITLE, DOC_PARAGRAPHS)
        return files.make_xlsx("Mô hình", XLSX_HEADER, XLSX_ROWS)

    first = make()
    assert make() == first
    created = datetime(2025, 6, 2, 9, 15, 20, tzinfo=VN)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 1, 1, 8, 0, 0)}
    later = (
        files.make_docx(DOC_TITLE, DOC_PARAGRAPHS, created=created)
        if kind == "docx"
        else files.make_xlsx("Mô hình", XLSX_HEADER, XLSX_ROWS, created=created)
    )
    with zipfile.ZipFile(io.BytesIO(later)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 6, 2, 9, 15, 20)}
        core = archive.read("docProps/core.xml").decode()
    assert "2025-06-02T02:15:20Z" in core


# ------------------------------------------------------------------------- across processes

_DIGESTS = """
import hashlib, random, sys
sys.path.insert(0, sys.argv[1])
import test_demo_files as t
for data in (t._photo(), t._photo(orientation=6), t._pdf(),
             t.files.make_docx(t.DOC_TITLE, t.DOC_PARAGRAPHS),
             t.files.make_xlsx("Mô hình", t.XLSX_HEADER, t.XLSX_ROWS)):
    print(hashlib.sha256(data).hexdigest())
"""


@pytest.mark.slow
def test_bytes_are_the_same_in_a_fresh_process() -> None:
    """reportlab and the zip writers keep global state; a new process must give the same bytes."""
    here = Path(__file__).resolve().parent
    expected = [
        hashlib.sha256(data).hexdigest()
        for data in (
            _photo(),
            _photo(orientation=6),
            _pdf(),
            files.make_docx(DOC_TITLE, DOC_PARAGRAPHS),
            files.make_xlsx("Mô hình", XLSX_HEADER, XLSX_ROWS),
        )
    ]
    result = subprocess.run(
        [sys.executable, "-c", _DIGESTS, str(here)],
        capture_output=True,
        text=True,
        check=True,
        cwd=here.parent.parent,
        timeout=120,
    )
    assert result.stdout.split() == expected
