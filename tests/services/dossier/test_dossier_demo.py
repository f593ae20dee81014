"""Acceptance: the demo's exemplary-commune dossier (32/34, two remediation plans), checked with
independent tools (poppler's pdftotext, pdffonts, pdfimages; fontTools; pypdf).

The module builds the dossier once, after giving the assessment what the acceptance asks for and the
demo spreads over two assessments: the photo stored sideways (EXIF orientation 6) and a photo on two
criteria, plus a PNG, a PDF protected by an owner password only, and three bad files (a truncated
JPEG, a damaged PDF, a PDF locked with a user password).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from dossier_helpers import (
    EXEMPLARY_SET,
    PASSWORD,
    a_demo_pdf,
    add_evidence,
    demo_assessment,
    encrypted_pdf,
    jpeg_orientation,
    pdf_text,
    png_picture,
    run,
    squash,
    unit_photos,
    words_with_boxes,
)
from pypdf import PdfReader

from anninh_desktop.domain.assessments import Assessment, ResultValue
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.dossier import SIGNATURE_FIELD_NAMES
from anninh_desktop.services import evidence_service, fonts
from anninh_desktop.services.dossier import DossierBuild, build_dossier
from anninh_desktop.services.dossier.facts import gather
from anninh_desktop.services.workspace import Workspace

pytestmark = pytest.mark.slow


@dataclass
class Built:
    ws: Workspace
    assessment: Assessment
    build: DossierBuild
    reader: PdfReader
    photos: dict[str, bytes]  # title → original JPEG bytes of the photos in the dossier
    sideways_id: str
    shared_id: str


@pytest.fixture(scope="module")
def built(module_demo_ws: Workspace) -> Built:
    ws = module_demo_ws
    a = demo_assessment(ws, EXEMPLARY_SET)
    photos = dict((item.title, data) for item, data in unit_photos(ws, a.unit_id))
    sideways = next(
        item for item, data in unit_photos(ws, a.unit_id) if jpeg_orientation(data) == 6
    )
    evidence_service.link(ws, sideways.id, a.id, "4")
    shared = evidence_service.linked_items(ws, a.id, "1")[0]
    evidence_service.link(ws, shared.id, a.id, "6")
    pdf = a_demo_pdf(ws, a.unit_id)
    some_jpeg = next(iter(photos.values()))
    add_evidence(
        ws, a, png_picture(), "so-do.png", "Sơ đồ bố trí lực lượng", ["8"], EvidenceKind.PHOTO
    )
    add_evidence(ws, a, encrypted_pdf(pdf, ""), "chi-doc.pdf", "Kế hoạch chỉ đọc", ["9"])
    add_evidence(ws, a, some_jpeg[: len(some_jpeg) // 2], "hong.jpg", "Ảnh bị hỏng", ["10"])
    add_evidence(ws, a, b"%PDF-1.7\n" + bytes(range(256)) * 8, "hong.pdf", "Tệp PDF hỏng", ["12"])
    add_evidence(ws, a, encrypted_pdf(pdf, PASSWORD), "mat-khau.pdf", "Báo cáo có mật khẩu", ["16"])
    build = build_dossier(ws, a.id)
    return Built(
        ws=ws,
        assessment=a,
        build=build,
        reader=PdfReader(build.path),
        photos=photos,
        sideways_id=sideways.id,
        shared_id=shared.id,
    )


def _pages_of(built: Built, code: str) -> int:
    """The 1-based page where the index says the item starts."""
    return built_starts(built)[code]


_starts_cache: dict[Path, dict[str, int]] = {}
PAGE_COLUMN_X = (30 + 14 + 67 + 24 + 46) / 25.4 * 72  # where the index's "Trang" column begins


def built_starts(built: Built) -> dict[str, int]:
    """The page numbers printed in the index, read back from the PDF with pdftotext -bbox."""
    path = built.build.path
    if path in _starts_cache:
        return _starts_cache[path]
    facts = gather(built.ws, built.assessment.id)
    wanted = {e.code for e in facts.evidence}
    starts: dict[str, int] = {}
    page = next(
        n
        for n in range(1, len(built.reader.pages) + 1)
        if "DANH MỤC MINH CHỨNG" in pdf_text(path, n, n)
    )
    while wanted - set(starts):
        words = words_with_boxes(path, page)
        rows = sorted((w[2], w[0]) for w in words if re.fullmatch(r"MC\d\d", w[0]) and w[1] < 130)
        assert rows, f"index rows expected on page {page}"
        for index, (top, code) in enumerate(rows):
            bottom = rows[index + 1][0] if index + 1 < len(rows) else 10_000.0
            numbers = [
                w[0]
                for w in words
                if w[1] > PAGE_COLUMN_X and w[0].isdigit() and top - 8 <= w[2] < bottom - 8
            ]
            assert len(numbers) == 1, (code, numbers)
            starts[code] = int(numbers[0])
        page += 1
    _starts_cache[path] = starts
    return starts


# ------------------------------------------------------------------------------------ text


def test_the_documents_say_what_the_law_asks(built: Built) -> None:
    text = pdf_text(built.build.path)
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CÔNG AN TỈNH CÀ MAU",
        "CÔNG AN XÃ HỒ THỊ KỶ",
        "TỜ TRÌNH",
        "BÁO CÁO",
        "BIÊN BẢN",
        "BẢNG TỰ ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ",
        "DANH MỤC MINH CHỨNG",
        "Ý KIẾN THẨM ĐỊNH VÀ PHÊ DUYỆT",
        "Xã Hồ Thị Kỷ",
        "Kính gửi: Ủy ban nhân dân tỉnh Cà Mau",
        "Nơi nhận:",
        "- Lưu: VT, CAX.",
        "TRƯỞNG CÔNG AN XÃ",
    ):
        assert words in text, words
    for kind, number in built.build.numbers.items():
        assert f"Số: {number}" in text
        assert re.fullmatch(rf"\d\d/{kind}-CAX", number)
    assert re.search(r"Hồ Thị Kỷ, ngày \d\d tháng (0[12]|[3-9]|1[0-2]) năm \d{4}", text)
    assert unicodedata.is_normalized("NFC", text)


def test_every_criterion_text_is_in_the_table(built: Built) -> None:
    facts = gather(built.ws, built.assessment.id)
    text = pdf_text(built.build.path)
    for row in facts.rows:
        assert squash(row.criterion.text) in text, row.criterion.ref


def test_counts_and_both_remediation_plans_are_reported(built: Built) -> None:
    facts = gather(built.ws, built.assessment.id)
    p = facts.progress
    assert (p.met, p.applicable, p.not_met) == (32, 34, 2)
    text = pdf_text(built.build.path)
    assert "Tỷ lệ đạt: 32/34 tiêu chí áp dụng (94%)" in text
    unmet = [r for r in facts.results.values() if r.value is ResultValue.NOT_MET]
    assert len(unmet) == 2
    for result in unmet:
        assert squash(result.remediation) in text
        assert result.due_date is not None
        assert f"Thời hạn hoàn thành: {result.due_date:%d/%m/%Y}" in text


def test_page_numbers_start_on_each_documents_second_page(built: Built) -> None:
    path = built.build.path
    top_margin = 20 / 25.4 * 72
    for first in (1, 3, 5):  # Tờ trình, Báo cáo, Biên bản: two pages each in the demo
        numbers_on_first = [w for w in words_with_boxes(path, first) if w[2] < top_margin]
        assert numbers_on_first == [], first
        (word, x1, _y1, x2, y2) = next(
            w for w in words_with_boxes(path, first + 1) if w[2] < top_margin
        )
        assert word == "2"
        assert abs((x1 + x2) / 2 - 595.276 / 2) < 2  # centred
        assert y2 < top_margin


# ------------------------------------------------------------------------------------ fonts


def test_only_embedded_fonts(built: Built) -> None:
    lines = run("pdffonts", built.build.path).splitlines()[2:]
    assert lines
    for line in lines:
        columns = line.split()
        emb = columns[-5]
        assert emb == "yes", line


def test_every_character_drawn_has_a_glyph_in_the_bundled_fonts(built: Built) -> None:
    # Our own pages: the documents, table, index, evidence captions and the approval page.
    starts = built_starts(built)
    own_text = pdf_text(built.build.path, 1, min(starts.values()) - 1)
    own_text += pdf_text(built.build.path, len(built.reader.pages), len(built.reader.pages))
    assert len(set(own_text)) > 60
    for face in (
        fonts.SERIF_REGULAR,
        fonts.SERIF_BOLD,
        fonts.SERIF_ITALIC,
        fonts.SERIF_BOLD_ITALIC,
    ):
        assert fonts.missing_glyphs(fonts.font_path(face), own_text) == set(), face


# ------------------------------------------------------------------------------------ images


def test_photos_are_the_original_jpeg_bytes(built: Built, tmp_path: Path) -> None:
    listing = run("pdfimages", "-list", built.build.path).splitlines()[2:]
    encodings = {line.split()[8] for line in listing}
    assert "jpeg" in encodings
    run("pdfimages", "-all", built.build.path, tmp_path / "img")
    extracted = {hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.glob("img-*.jpg")}
    facts = gather(built.ws, built.assessment.id)
    in_dossier = {
        e.revision.sha256
        for e in facts.evidence
        if e.revision and e.revision.filename.endswith(".jpg") and e.evidence.title != "Ảnh bị hỏng"
    }
    assert len(in_dossier) >= 10
    assert in_dossier <= extracted


def test_the_sideways_photo_is_shown_upright(built: Built) -> None:
    facts = gather(built.ws, built.assessment.id)
    entry = next(e for e in facts.evidence if e.evidence.id == built.sideways_id)
    page = built.reader.pages[_pages_of(built, entry.code) - 1]
    contents = page.get_contents()
    assert contents is not None
    drawing = contents.get_data().decode("latin-1")
    match = re.search(r"q ([-\d. ]+) cm /Photo\d+ Do Q", drawing)
    assert match
    a, b, c, d, _e, _f = (float(v) for v in match.group(1).split())
    # Orientation 6: the stored picture is turned a quarter clockwise, its width drawn upright.
    assert a == 0 and d == 0 and b < 0 and c > 0
    assert abs(c) > abs(b)  # the stored 600×800 picture is seen 800 wide, 600 high


def test_a_photo_on_two_criteria_appears_once_and_names_both(built: Built) -> None:
    facts = gather(built.ws, built.assessment.id)
    entries = [e for e in facts.evidence if e.evidence.id == built.shared_id]
    assert len(entries) == 1
    assert set(entries[0].refs) == {"1", "6"}
    page_text = pdf_text(
        built.build.path, _pages_of(built, entries[0].code), _pages_of(built, entries[0].code)
    )
    assert "Tiêu chí: 1, 6." in page_text


# ------------------------------------------------------------------------------------ evidence


def test_bad_files_get_placeholders_and_warnings(built: Built) -> None:
    warnings = built.build.warnings
    assert len(warnings) == 3, warnings
    facts = gather(built.ws, built.assessment.id)
    codes = {e.evidence.title: e.code for e in facts.evidence}
    expected = {
        "Ảnh bị hỏng": ("cut short", "Tệp minh chứng bị cắt cụt"),
        "Tệp PDF hỏng": ("damaged", "Tệp minh chứng bị hỏng"),
        "Báo cáo có mật khẩu": ("password", "được đặt mật khẩu"),
    }
    for title, (english, vietnamese) in expected.items():
        code = codes[title]
        assert any(code in w and english in w for w in warnings), (title, warnings)
        page = _pages_of(built, code)
        assert vietnamese in pdf_text(built.build.path, page, page)


def test_attachments_hold_the_originals(built: Built) -> None:
    attachments = built.reader.attachments
    facts = gather(built.ws, built.assessment.id)
    by_code = {e.code: e for e in facts.evidence}
    names = sorted(attachments)
    kinds = {name.rsplit(".", 1)[-1] for name in names}
    assert {"docx", "xlsx", "pdf", "jpg"} <= kinds
    for name in names:
        entry = by_code[name.split(" ", 1)[0]]
        assert entry.revision is not None
        (content,) = attachments[name]
        assert hashlib.sha256(content).hexdigest() == entry.revision.sha256


def test_pdf_evidence_is_appended_page_for_page(built: Built) -> None:
    facts = gather(built.ws, built.assessment.id)
    starts = built_starts(built)
    owner_only = next(e for e in facts.evidence if e.evidence.title == "Kế hoạch chỉ đọc")
    checked = 0
    for entry in facts.evidence:
        if entry.revision is None or not entry.revision.filename.endswith(".pdf"):
            continue
        if entry.evidence.title in ("Tệp PDF hỏng", "Báo cáo có mật khẩu"):
            continue
        source = PdfReader(built.ws.store.blobs.path_for(entry.revision.sha256))
        if entry is owner_only:
            source.decrypt("")
        for offset, page in enumerate(source.pages):
            mine = built.reader.pages[starts[entry.code] - 1 + offset]
            assert squash(mine.extract_text()) == squash(page.extract_text())
        checked += 1
    assert checked >= 5


def test_index_pages_match_the_evidence_pages(built: Built) -> None:
    starts = built_starts(built)
    facts = gather(built.ws, built.assessment.id)
    for entry in facts.evidence:
        if entry.revision is not None and not entry.revision.filename.endswith(".pdf"):
            page = starts[entry.code]
            assert f"Minh chứng {entry.code}:" in pdf_text(built.build.path, page, page)
    ordered = [starts[e.code] for e in facts.evidence]
    assert ordered == sorted(ordered)


# ------------------------------------------------------------------------------------ structure


def _outline_titles(items: list[object], depth: int = 0) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for item in items:
        if isinstance(item, list):
            out.extend(_outline_titles(item, depth + 1))
        else:
            out.append((depth, str(item["/Title"])))  # type: ignore[index]
    return out


def test_bookmarks_for_documents_criteria_and_evidence(built: Built) -> None:
    titles = _outline_titles(built.reader.outline)
    top = [t for depth, t in titles if depth == 0]
    assert top == [
        "Tờ trình",
        "Báo cáo",
        "Biên bản",
        "Bảng tự đánh giá",
        "Danh mục minh chứng",
        "Minh chứng",
        "Ý kiến thẩm định, phê duyệt",
    ]
    facts = gather(built.ws, built.assessment.id)
    all_titles = " | ".join(t for _depth, t in titles)
    for row in facts.rows:
        if row.criterion.level.value != "group":
            assert f"{row.criterion.ref}. " in all_titles, row.criterion.ref
    for entry in facts.evidence:
        assert f"{entry.code}. " in all_titles


def test_empty_signature_fields_for_every_role(built: Built) -> None:
    fields = built.reader.get_fields()
    assert fields is not None
    sig = {name for name, f in fields.items() if f.get("/FT") == "/Sig"}
    assert sig == set(SIGNATURE_FIELD_NAMES.values())
    assert all(fields[name].get("/V") is None for name in sig)
    out = run("pdfsig", built.build.path)
    for name in SIGNATURE_FIELD_NAMES.values():
        assert f"Signature Field Name: {name}" in out


def test_metadata_and_record(built: Built) -> None:
    info = built.reader.metadata
    assert info is not None
    assert info.title == "Hồ sơ đề nghị công nhận Xã Hồ Thị Kỷ năm 2026"
    created = info.creation_date
    assert created is not None
    numbered = built.ws.store.documents.numbered(built.assessment.id, "TTr")
    assert numbered is not None and numbered.created_at == created
    rows = built.ws.store.documents.for_assessment(built.assessment.id, "dossier")
    assert [(r.sha256, r.filename) for r in rows] == [(built.build.sha256, built.build.path.name)]
    assert built.build.path.parent == built.ws.root / "dossiers"
    assert built.build.path.name == "ho-so-xa-ho-thi-ky-2026-qd9745-xa-dien-hinh.pdf"
    assert hashlib.sha256(built.build.path.read_bytes()).hexdigest() == built.build.sha256
    assert built.build.page_count == len(built.reader.pages)
    assert built.reader.pdf_header == "%PDF-1.7"
    assert io.BytesIO(built.build.path.read_bytes()).read(8) == b"%PDF-1.7"
