"""A JPEG photo goes in byte for byte and is seen upright for every EXIF orientation."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter

from anninh_desktop.services.dossier.evidence_plan import JpegInfo
from anninh_desktop.services.dossier.flowables import Area
from anninh_desktop.services.dossier.photos import displayed_size, place_photo

QUADRANTS = ((230, 20, 20), (20, 200, 20), (20, 20, 230), (240, 220, 30))  # TL, TR, BL, BR


def _stored_jpeg(orientation: int) -> bytes:
    """An upright 120×80 picture with four coloured quadrants, stored as EXIF `orientation` asks."""
    upright = Image.new("RGB", (120, 80))
    for index, colour in enumerate(QUADRANTS):
        x, y = (index % 2) * 60, (index // 2) * 40
        upright.paste(colour, (x, y, x + 60, y + 40))
    inverse = {
        1: None,
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_90,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_270,
    }[orientation]
    stored = upright.transpose(inverse) if inverse is not None else upright
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=95, exif=exif.tobytes())
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # PIL agrees the picture is upright when turned
        assert ImageOps.exif_transpose(check).size == (120, 80)
    return data


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_is_seen_upright(orientation: int, tmp_path: Path) -> None:
    data = _stored_jpeg(orientation)
    with Image.open(io.BytesIO(data)) as im:
        info = JpegInfo(im.width, im.height, "/DeviceRGB", False, orientation)
    assert displayed_size(info) == (120, 80)
    writer = PdfWriter()
    page = writer.add_blank_page(width=240, height=200)
    place_photo(writer, page, data, info, Area(1, 0, 0, 240, 200), "Photo1")
    path = tmp_path / "photo.pdf"
    writer.write(path)

    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-singlefile", str(path), str(tmp_path / "p")], check=True
    )
    with Image.open(tmp_path / "p.png") as shown:
        rgb = shown.convert("RGB")
        # Fitted into 240×200: 240 wide, 160 high, at the top of the area.
        for index, colour in enumerate(QUADRANTS):
            x, y = 60 + (index % 2) * 120, 40 + (index // 2) * 80
            got = rgb.getpixel((x, y))
            assert all(abs(a - b) < 40 for a, b in zip(got, colour, strict=True)), (
                index,
                got,
                colour,
            )
        assert rgb.getpixel((120, 190)) == (255, 255, 255)  # below the picture: nothing

    stream = PdfReader(path).pages[0]["/Resources"]["/XObject"]["/Photo1"].get_object()
    assert stream["/Filter"] == "/DCTDecode"
    assert stream.get_data() == data  # the camera's bytes, untouched
