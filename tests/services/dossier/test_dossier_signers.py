"""The signers printed in the documents (issue 15, item 6): names from the office settings (or
the first commander certificate), and a signature block that never stands alone on a page."""

from __future__ import annotations

import pytest
from dossier_helpers import TT124_COMMUNE_SET, demo_assessment, pdf_text
from pypdf import PdfReader

from anninh_desktop.services.dossier import build_dossier, default_text, save_document_text
from anninh_desktop.services.dossier.signers import (
    SignerNames,
    fill_signer_names,
    remember_commander,
    save_signer_names,
    signer_names,
)
from anninh_desktop.services.dossier.texts import DocumentText, Signer, parse_document_text
from anninh_desktop.services.workspace import Workspace

DOTS = "……………………………"


def _text(*signers: Signer) -> DocumentText:
    return DocumentText("BB", ("BIÊN BẢN",), (), ("Nội dung.",), signers, ())


def test_each_empty_name_gets_its_signer() -> None:
    names = SignerNames(
        commander="Nguyễn Thị Hường", deputy="Trần Văn Bình", secretary="Lê Thị Lan"
    )
    filled = fill_signer_names(
        _text(
            Signer(("THƯ KÝ",), (DOTS,)),
            Signer(("CHỦ TRÌ",), (DOTS,)),
            Signer(("KT. TRƯỞNG CÔNG AN XÃ", "PHÓ TRƯỞNG CÔNG AN XÃ"), ("...",)),
            Signer(("TRƯỞNG CÔNG AN XÃ",), ("Đỗ Văn Khác",)),  # a name written by hand stays
            Signer(("TRƯỞNG CÔNG AN XÃ",), ()),
        ),
        names,
    )
    assert [s.name for s in filled.signers] == [
        ("Lê Thị Lan",),
        ("Nguyễn Thị Hường",),
        ("Trần Văn Bình",),
        ("Đỗ Văn Khác",),
        ("Nguyễn Thị Hường",),
    ]
    # nothing set: the dots stay
    assert fill_signer_names(_text(Signer(("CHỦ TRÌ",), (DOTS,))), SignerNames()).signers[
        0
    ].name == (DOTS,)


def test_names_are_kept_in_the_data_folder(ws: Workspace) -> None:
    assert signer_names(ws) == SignerNames()
    assert remember_commander(ws, "Nguyễn  Thị Hường")
    assert signer_names(ws).commander == "Nguyễn Thị Hường"
    assert not remember_commander(ws, "Người Khác")  # an office's own choice is never replaced
    save_signer_names(ws, SignerNames(commander="Lê Văn Tám", secretary=" Lê Thị  Lan "))
    assert signer_names(ws) == SignerNames(commander="Lê Văn Tám", secretary="Lê Thị Lan")


@pytest.mark.slow
def test_names_are_printed_and_a_missing_one_is_a_warning(demo_ws: Workspace, tmp_path) -> None:
    ws = demo_ws
    a = demo_assessment(ws, TT124_COMMUNE_SET)
    save_signer_names(ws, SignerNames(commander="Nguyễn Thị Hường", secretary="Lê Thị Lan"))
    built = build_dossier(ws, a.id, tmp_path / "a.pdf")
    front = pdf_text(built.path, 1, 6)
    assert front.count("Nguyễn Thị Hường") >= 3  # Tờ trình, Báo cáo, Biên bản (chủ trì)
    assert "Lê Thị Lan" in front and DOTS not in front
    assert not any("signer's name is not set" in w for w in built.warnings)

    save_signer_names(ws, SignerNames(commander="Nguyễn Thị Hường"))
    again = build_dossier(ws, a.id, tmp_path / "b.pdf")
    (warning,) = [w for w in again.warnings if "signer's name is not set" in w]
    assert "Minutes of the assessment meeting" in warning and "Recognition request" not in warning


def _pages_with(path, needle: str) -> list[int]:
    pages = len(PdfReader(path).pages)
    return [p for p in range(1, pages + 1) if needle in pdf_text(path, p, p)]


@pytest.mark.slow
def test_the_signature_block_never_stands_alone(demo_ws: Workspace, tmp_path) -> None:
    """Paragraphs are added to the Tờ trình one by one, across the page end: on whichever page
    the signer's name lands, the last paragraph of the text is there too."""
    ws = demo_ws
    a = demo_assessment(ws, TT124_COMMUNE_SET)
    save_signer_names(ws, SignerNames(commander="Người Ký Thử Nghiệm"))
    base = default_text(ws, a.id, "TTr")
    body_end = "Kính trình Ủy ban nhân dân tỉnh Cà Mau xem xét, quyết định./."
    assert body_end in base
    extra = "Đoạn bổ sung số {n}: " + "nội dung kéo dài để đẩy khối chữ ký xuống cuối trang. " * 3
    seen_pages = set()
    for count in range(0, 14, 2):
        lines = "\n".join(extra.format(n=n) for n in range(count))
        text = base.replace(body_end, f"{lines}\n{body_end}" if lines else body_end)
        save_document_text(ws, a.id, "TTr", text)
        parse_document_text("TTr", text)
        built = build_dossier(ws, a.id, tmp_path / f"ttr-{count}.pdf")
        (name_page,) = _pages_with(built.path, "Người Ký Thử Nghiệm")[:1]
        seen_pages.add(name_page)
        assert "xem xét, quyết định./." in pdf_text(built.path, name_page, name_page), count
    assert len(seen_pages) > 1  # the block did move to the next page on the way
