"""The visible signature (Nghị định 30, Phụ lục I): placement rules, text, and the rendered page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image
from signing_fixtures import COMMANDER_BOX, NOW, ORGANISATION_BOX, seal_png

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.fonts import (
    STAMP_REGULAR,
    VIETNAMESE_LETTERS,
    font_path,
    missing_glyphs,
)
from anninh_desktop.services.signing.appearance import (
    Appearance,
    build_style,
    load_images,
    signing_time_text,
)
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.stamp import MM, Rect, StampImages, place_images, text_width

A4_HEIGHT = 842


def test_seal_real_size_from_the_png_resolution(tmp_path: Path) -> None:
    images = load_images(
        Appearance(seal_image=seal_png(tmp_path / "s.png", dpi=300, diameter_mm=38))
    )
    assert images.seal_size == pytest.approx(38 * MM, abs=0.3)
    told = load_images(Appearance(seal_image=tmp_path / "s.png", seal_diameter_mm=40))
    assert told.seal_size == pytest.approx(40 * MM)
    no_dpi = tmp_path / "no-dpi.png"
    Image.new("RGBA", (200, 200)).save(no_dpi)
    assert load_images(Appearance(seal_image=no_dpi)).seal_size == pytest.approx(35 * MM)


def test_the_seal_covers_the_left_third_of_the_signature() -> None:
    signature = Image.new("RGBA", (500, 200))
    seal = Image.new("RGBA", (400, 400))
    area = Rect(0, 20, 300, 100)
    (_sig_image, sig), (_seal_image, placed) = place_images(
        StampImages(signature, seal, 90.0), area
    )
    assert (sig.w, sig.h) == (250, 100)  # as wide as the area's height allows
    assert placed.w == placed.h == 90.0  # real size: it fits
    assert placed.x + placed.w == pytest.approx(sig.x + sig.w / 3)
    assert placed.y + placed.h / 2 == pytest.approx(sig.y + sig.h / 2)
    # a seal bigger than the field is shrunk to fit, never cut off
    (_sig, _s), (_seal, shrunk) = place_images(StampImages(signature, seal, 500.0), area)
    assert shrunk.h == 100 and shrunk.x >= 0


def test_stamp_text_is_the_name_and_iso_time_and_fits() -> None:
    assert signing_time_text(NOW) == "2026-03-02T09:00:00+07:00"
    name = "Nguyễn Thị Hường"
    style = build_style(
        Appearance(), role=SignerRole.COMMANDER, signer_name=name, signed_at=NOW, field_width=200
    )
    assert style.text_lines == (name, "2026-03-02T09:00:00+07:00")
    size = style.text_box_style.font_size
    assert all(text_width(line, size) <= 200 for line in style.text_lines)
    assert missing_glyphs(font_path(STAMP_REGULAR), VIETNAMESE_LETTERS + name) == set()
    long_name = "CÔNG AN XÃ HỒ THỊ KỶ, TỈNH CÀ MAU — ĐƠN VỊ THỬ NGHIỆM KÝ SỐ"
    small = build_style(
        Appearance(),
        role=SignerRole.ORGANISATION,
        signer_name=long_name,
        signed_at=NOW,
        field_width=107,
    )
    assert small.text_on_top
    assert small.text_box_style.font_size < size


def test_a_bad_image_is_refused_before_signing(
    tmp_path: Path, unsigned: Path, commander_p12: Pkcs12Source
) -> None:
    bad = tmp_path / "chu-ky.png"
    bad.write_text("not an image", encoding="utf-8")
    with pytest.raises(UserError, match="cannot be read as an image"):
        sign_pdf(
            unsigned,
            tmp_path / "out.pdf",
            signer=commander_p12,
            role=SignerRole.COMMANDER,
            appearance=Appearance(signature_image=bad),
            now=NOW,
        )
    assert not (tmp_path / "out.pdf").exists()


def _colour_box(
    image: Image.Image, box: tuple[int, int, int, int], want: str
) -> tuple[int, int, int, int] | None:
    """The bounding box (in page points, PDF orientation) of strongly red or blue pixels in `box`."""
    x0, y0, x1, y1 = box
    found = []
    for x in range(x0, x1):
        for y in range(A4_HEIGHT - y1, A4_HEIGHT - y0):
            r, g, b = image.getpixel((x, y))[:3]
            if (
                (want == "red" and r > 150 and g < 90 and b < 90)
                or (want == "blue" and b > 150 and r < 90)
                or (want == "dark" and r < 80 and g < 80 and b < 80)
            ):
                found.append((x, A4_HEIGHT - y))
    if not found:
        return None
    xs, ys = [p[0] for p in found], [p[1] for p in found]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.slow
def test_the_rendered_signatures(
    tmp_path: Path,
    unsigned: Path,
    commander_p12: Pkcs12Source,
    organisation_p12: Pkcs12Source,
    images: tuple[Path, Path],
) -> None:
    signature, seal = images
    first = sign_pdf(
        unsigned,
        tmp_path / "1.pdf",
        signer=commander_p12,
        role=SignerRole.COMMANDER,
        appearance=Appearance(signature_image=signature),
        now=NOW,
    )
    second = sign_pdf(
        first.path,
        tmp_path / "2.pdf",
        signer=organisation_p12,
        role=SignerRole.ORGANISATION,
        appearance=Appearance(seal_image=seal),
        now=NOW,
    )
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "72",
            "-f",
            "3",
            "-l",
            "3",
            "-png",
            "-singlefile",
            str(second.path),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    page = Image.open(tmp_path / "page.png").convert("RGB")
    assert page.size[1] == A4_HEIGHT  # 72 dpi: one pixel per point
    blue = _colour_box(page, COMMANDER_BOX, "blue")
    red = _colour_box(page, ORGANISATION_BOX, "red")
    assert blue is not None and red is not None
    # the seal at its real size (35 mm ≈ 99 pt) …
    assert red[2] - red[0] == pytest.approx(35 * MM, abs=4)
    # … over the left third of the signature image
    blue_width = blue[2] - blue[0]
    assert blue[0] < red[2] <= blue[0] + blue_width / 3 + 4
    # the commander's name and time below the signature, the organisation's above its seal
    commander_text = _colour_box(
        page, (COMMANDER_BOX[0] + 70, COMMANDER_BOX[1], COMMANDER_BOX[2], blue[1]), "dark"
    )
    assert commander_text is not None
    organisation_text = _colour_box(
        page, (ORGANISATION_BOX[0], red[3], ORGANISATION_BOX[2], ORGANISATION_BOX[3]), "dark"
    )
    assert organisation_text is not None


@pytest.mark.slow
def test_stamp_text_extracts_with_its_diacritics_and_the_font_is_embedded(
    tmp_path: Path, unsigned: Path, organisation_p12: Pkcs12Source, images: tuple[Path, Path]
) -> None:
    signed = sign_pdf(
        unsigned,
        tmp_path / "1.pdf",
        signer=organisation_p12,
        role=SignerRole.ORGANISATION,
        appearance=Appearance(seal_image=images[1]),
        now=NOW,
    ).path
    text = subprocess.run(
        ["pdftotext", "-f", "3", "-l", "3", str(signed), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "Công an xã Hồ Thị Kỷ\n2026-03-02T09:00:00+07:00" in text
    fonts = subprocess.run(
        ["pdffonts", "-f", "3", "-l", "3", str(signed)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    (noto,) = [line for line in fonts.splitlines() if "NotoSerif" in line]
    assert noto.split()[-5:-3] == ["yes", "yes"]  # embedded, subset


def test_text_stamp_lines_in_the_form_officials_know() -> None:
    from anninh_desktop.services.signing.appearance import text_stamp_lines

    assert text_stamp_lines(
        "Nguyễn Thị Hường", "Trưởng Công an xã", "Công an xã Hồ Thị Kỷ", NOW
    ) == [
        "Ký bởi: Nguyễn Thị Hường",
        "Chức vụ: Trưởng Công an xã",
        "Cơ quan: Công an xã Hồ Thị Kỷ",
        "Thời gian ký: 2026-03-02T09:00:00+07:00",
    ]
    # what is not known is left out, never printed empty
    assert text_stamp_lines("Lê Văn Tám", " ", "", NOW) == [
        "Ký bởi: Lê Văn Tám",
        "Thời gian ký: 2026-03-02T09:00:00+07:00",
    ]


@pytest.mark.slow
def test_a_text_stamp_takes_title_and_office_from_the_certificate_or_the_settings(
    tmp_path: Path, unsigned: Path
) -> None:
    from fixtures.pki import make_leaf, make_pki, write_p12

    from anninh_desktop.services.signing.appearance import StampKind

    pki = make_pki()
    with_title = Pkcs12Source(
        write_p12(tmp_path / "a.p12", pki.signer, [pki.intermediate.cert, pki.root.cert], "1"), "1"
    )
    plain = make_leaf(pki.intermediate, "Lê Văn Tám", title=None, organisation=None)
    without = Pkcs12Source(
        write_p12(tmp_path / "b.p12", plain, [pki.intermediate.cert, pki.root.cert], "1"), "1"
    )
    settings = Appearance(
        kind=StampKind.TEXT, title="Phó Trưởng Công an xã", organisation="Công an xã Tân Hưng"
    )

    def stamp_text(source: Pkcs12Source, name: str) -> str:
        signed = sign_pdf(
            unsigned,
            tmp_path / name,
            signer=source,
            role=SignerRole.COMMANDER,
            appearance=settings,
            now=NOW,
        ).path
        return subprocess.run(
            ["pdftotext", "-f", "3", "-l", "3", str(signed), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout

    first = stamp_text(with_title, "1.pdf")  # the certificate says title and organisation
    assert (
        "Ký bởi: Nguyễn Thị Hường\nChức vụ: Trưởng Công an xã\nCơ quan: Công an xã Hồ Thị Kỷ"
        in first
    )
    assert "Thời gian ký: 2026-03-02T09:00:00+07:00" in first
    second = stamp_text(without, "2.pdf")  # the office settings fill in
    assert (
        "Ký bởi: Lê Văn Tám\nChức vụ: Phó Trưởng Công an xã\nCơ quan: Công an xã Tân Hưng" in second
    )
