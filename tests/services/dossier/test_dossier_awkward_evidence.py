"""Awkward evidence in a built dossier: pictures in true tones on their pages (read back from
poppler's rendering, pixel by pixel), very large ones scaled down, and a placeholder page with the
original attached — never a blank page — for what cannot be shown."""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from dossier_helpers import pdf_text
from fixtures import awkward_files as af
from fixtures.work import child, register
from fixtures.workspaces import copy_folder, open_folder, seeded_template
from PIL import Image
from pypdf import PdfReader

from anninh_desktop.domain.evidence import FileCheck
from anninh_desktop.services import evidence_service
from anninh_desktop.services.dossier import build_dossier, evidence_file_warnings
from anninh_desktop.services.dossier.facts import gather
from anninh_desktop.services.evidence_service import EvidenceMetadata
from anninh_desktop.services.workspace import Workspace

# title → (file name, content, what the page must show)
PICTURES = {
    "Bản quét 16 bit": ("quet-16bit.png", af.grey16_png(40000), (156, 156, 156)),
    "Sơ đồ bảng màu": ("so-do.png", af.palette_png((10, 200, 30)), (10, 200, 30)),
    "Con dấu trong suốt": ("con-dau.png", af.rgba_png((255, 0, 0, 128)), (255, 127, 127)),
    "Bản in CMYK": ("in-an.tif", af.cmyk_tiff((0, 255, 255, 0)), (255, 0, 0)),
    # Passed through as DeviceCMYK: poppler's colour conversion makes print red (236, 28, 36);
    # stored inverted (Adobe) and read as is, it would come out cyan.
    "Ảnh CMYK": ("anh-cmyk.jpg", af.cmyk_jpeg((0, 255, 255, 0)), (236, 28, 36)),
    "Bản đồ khổ lớn": ("ban-do.jpg", af.huge_grey_jpeg(30000, 30000), (128, 128, 128)),
}
# title → (file name, content, the check on arrival, words of its placeholder page)
PLACEHOLDERS = {
    "Báo cáo có mật khẩu": (
        "bao-cao.pdf",
        af.encrypted_pdf(af.pdf("Báo cáo")),
        FileCheck.ENCRYPTED,
        "được đặt mật khẩu",
    ),
    "Ảnh bị cắt": ("anh-cat.jpg", af.photo(6)[:-400], FileCheck.TRUNCATED, "bị cắt cụt"),
    "Kế hoạch bị cắt": (
        "ke-hoach.pdf",
        af.pdf("Kế hoạch", pages=3)[:2500],
        FileCheck.TRUNCATED,
        "bị cắt cụt",
    ),
    "Tệp PDF hỏng": (
        "hong.pdf",
        b"%PDF-1.7\n" + bytes(range(256)) * 8,
        FileCheck.DAMAGED,
        "bị hỏng",
    ),
    "Ảnh điện thoại": ("iphone.heic", af.heic(), FileCheck.UNRENDERABLE, "HEIC"),
}


@dataclass(frozen=True)
class Built:
    ws: Workspace
    path: Path
    warnings: list[str]
    pages: dict[str, int]  # title → its evidence page (1-based)
    folder: Path


def _evidence_pages(path: Path, titles: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, page in enumerate(PdfReader(path).pages, start=1):
        text = " ".join(page.extract_text().split())
        for title in titles:
            if title not in found and f": {title} Tiêu chí:" in text:
                found[title] = number
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    folder = tmp_path_factory.mktemp("awkward")
    ws = open_folder(copy_folder(seeded_template(tmp_path_factory), folder / "data"))
    area = child(ws, "Ấp Cây Khô")
    a = register(ws, area)
    sources = folder / "in"
    sources.mkdir()
    every = {title: (name, data) for title, (name, data, *_rest) in PICTURES.items()}
    every.update({title: (name, data) for title, (name, data, *_r) in PLACEHOLDERS.items()})
    for title, (name, data) in every.items():
        source = sources / name
        source.write_bytes(data)
        evidence_service.add_file(
            ws, area.id, source, EvidenceMetadata(title), link_to=[(a.id, "4.2")]
        )
    build = build_dossier(ws, a.id, folder / "ho-so.pdf")
    yield Built(
        ws, build.path, list(build.warnings), _evidence_pages(build.path, list(every)), folder
    )
    ws.close()


def _render(built: Built, page: int) -> Image.Image:
    prefix = built.folder / f"page-{page}"
    subprocess.run(
        [
            *("pdftoppm", "-r", "40", "-png", "-singlefile"),
            *("-f", str(page), "-l", str(page), str(built.path), str(prefix)),
        ],
        check=True,
    )
    with Image.open(f"{prefix}.png") as image:
        return image.convert("RGB")


def _picture_colour(image: Image.Image) -> tuple[int, int, int]:
    """The colour covering most of the page apart from white paper and black text."""
    counts = Counter(image.get_flattened_data())
    for colour, _count in counts.most_common():
        if colour != (255, 255, 255) and sum(colour) > 60:
            return colour
    raise AssertionError("the page shows no picture")


@pytest.mark.slow
@pytest.mark.parametrize("title", list(PICTURES))
def test_pictures_keep_their_tones_on_their_page(built: Built, title: str) -> None:
    wanted = PICTURES[title][2]
    image = _render(built, built.pages[title])
    colour = _picture_colour(image)
    assert all(abs(a - b) <= 8 for a, b in zip(colour, wanted, strict=True)), (title, colour)
    share = sum(1 for c in image.get_flattened_data() if c == colour) / (image.width * image.height)
    assert share > 0.25, (title, share)  # a real picture fills the page, not a speck


@pytest.mark.slow
def test_a_30000_pixel_photo_is_scaled_down_in_the_pdf(built: Built) -> None:
    page = PdfReader(built.path).pages[built.pages["Bản đồ khổ lớn"] - 1]
    (image,) = page.images
    assert max(image.image.size) <= 3600  # not 30000: every reader would choke


@pytest.mark.slow
@pytest.mark.parametrize("title", list(PLACEHOLDERS))
def test_what_cannot_be_shown_gets_a_placeholder_page(built: Built, title: str) -> None:
    name, data, _check, words = PLACEHOLDERS[title]
    page = built.pages[title]
    assert words in pdf_text(built.path, page, page)
    attachments = PdfReader(built.path).attachments
    (attached,) = [files for key, files in attachments.items() if key.endswith(f" {name}")]
    assert attached == [data]  # the original travels with the dossier
    assert any(title in w for w in built.warnings)


@pytest.mark.slow
def test_no_evidence_page_is_blank(built: Built) -> None:
    assert set(built.pages) == set(PICTURES) | set(PLACEHOLDERS)
    for title, page in built.pages.items():
        image = _render(built, page)
        dark = sum(1 for c in image.get_flattened_data() if sum(c) < 600)
        assert dark > 200, title  # text or a picture, not an empty page


@pytest.mark.slow
def test_the_completeness_check_names_the_files_with_a_warning(built: Built) -> None:
    a_id = next(iter(built.ws.store.assessments.for_unit(_area_id(built))), None)
    assert a_id is not None
    warnings = evidence_file_warnings(built.ws, a_id.id)
    assert {w.title: w.check for w in warnings} == {
        title: check for title, (_n, _d, check, _w) in PLACEHOLDERS.items()
    }
    codes = {e.evidence.title: e.code for e in gather(built.ws, a_id.id).evidence}
    assert [w.code for w in warnings] == sorted(w.code for w in warnings)
    assert all(codes[w.title] == w.code and w.refs == ("4.2",) for w in warnings)


def _area_id(built: Built) -> str:
    (area,) = built.ws.store.units.search("cay kho")
    return area.id
