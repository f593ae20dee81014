"""The one picture decoder of thumbnails, preview and dossier: true tones checked pixel by pixel,
and large pictures scaled down within bounded memory instead of being called damaged."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fixtures import awkward_files as af
from PIL import Image, ImageChops

from anninh_desktop.domain.evidence import FileCheck
from anninh_desktop.services import evidence_png
from anninh_desktop.services.evidence_pictures import (
    PictureError,
    check_picture,
    load_picture,
    picture_info,
)

REPO = Path(__file__).resolve().parents[2]


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _centre(picture: Image.Image) -> object:
    return picture.getpixel((picture.width // 2, picture.height // 2))


def _near(found: object, wanted: tuple[int, ...], tolerance: int = 3) -> bool:
    values = found if isinstance(found, tuple) else (found,)
    return len(values) == len(wanted) and all(
        abs(a - b) <= tolerance for a, b in zip(values, wanted, strict=True)
    )


@pytest.mark.parametrize(
    ("name", "data", "mode", "wanted"),
    [
        # 40000/65535 of white is grey 156, not the white page Pillow's own conversion gives.
        ("scan-16bit.png", af.grey16_png(40000), "L", (156,)),
        ("so-do.png", af.palette_png((10, 200, 30)), "RGB", (10, 200, 30)),
        # Index 1 fully transparent: white paper shows through.
        ("logo.png", af.palette_png((10, 200, 30), transparent=True), "RGB", (255, 255, 255)),
        # Half-transparent red over white paper.
        ("con-dau.png", af.rgba_png((255, 0, 0, 128)), "RGB", (255, 127, 127)),
        ("in-an.tif", af.cmyk_tiff((0, 255, 255, 0)), "RGB", (255, 0, 0)),
        ("in-an.jpg", af.cmyk_jpeg((0, 255, 255, 0)), "RGB", (255, 0, 0)),
        ("xam.png", af.picture(Image.new("LA", (20, 10), (100, 255)), "PNG"), "L", (100,)),
        ("den-trang.png", af.picture(Image.new("1", (20, 10), 1), "PNG"), "L", (255,)),
    ],
)
def test_tones_are_true(tmp_path: Path, name: str, data: bytes, mode: str, wanted) -> None:
    path = _file(tmp_path, name, data)
    picture = load_picture(path, 2048)
    assert picture.mode == mode
    tolerance = 6 if name.endswith(".jpg") else 1  # JPEG is lossy
    assert _near(_centre(picture), wanted, tolerance), (_centre(picture), wanted)
    assert check_picture(path) is FileCheck.OK


def test_a_picture_is_upright_and_bounded(tmp_path: Path) -> None:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # stored on its side, to be turned 90° clockwise
    Image.new("RGB", (300, 100), (0, 0, 255)).save(out, "JPEG", exif=exif.tobytes())
    picture = load_picture(_file(tmp_path, "xoay.jpg", out.getvalue()), 60)
    assert picture.size == (20, 60)


def test_a_30000_pixel_jpeg_is_scaled_down_not_damaged(tmp_path: Path) -> None:
    path = _file(tmp_path, "ban-do.jpg", af.huge_grey_jpeg(30000, 30000))
    before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(Image.DecompressionBombError):  # what Pillow alone does with it
        Image.open(path)

    picture = load_picture(path, 3600)

    assert max(picture.size) == 3600 and picture.mode == "L"
    assert _near(_centre(picture), (128,), 1)
    assert check_picture(path) is FileCheck.OK
    assert Image.MAX_IMAGE_PIXELS == before  # Pillow's own guard is left as it was
    assert (picture_info(path).width, picture_info(path).height) == (30000, 30000)


@pytest.mark.slow
def test_a_30000_pixel_png_is_scaled_down_in_bounded_memory(tmp_path: Path) -> None:
    """Decoded whole it would be 900 MB; band by band the whole process stays far below that."""
    path = _file(tmp_path, "ban-quet.png", af.huge_grey_png(30000, 30000, grey=200))
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from anninh_desktop.services.evidence_pictures import load_picture
        picture = load_picture(Path({str(path)!r}), 3600)
        # VmHWM: this process's own peak (ru_maxrss also counts the parent's pages at fork).
        status = Path("/proc/self/status").read_text().split("VmHWM:")[1].split()
        peak = int(status[0]) // 1024
        print(picture.size[0], picture.size[1], picture.getpixel((1800, 1800)), peak)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    width, height, grey, peak_mb = (int(v) for v in out.split())
    assert (width, height, grey) == (3600, 3600, 200)
    assert peak_mb < 300, f"peak {peak_mb} MB"


def _png_kinds() -> list[tuple[str, bytes]]:
    width, height = 37, 23  # odd sizes: rows do not divide into bands evenly
    kinds = []
    for depth, colour, sample in ((8, 0, 1), (8, 2, 3), (8, 4, 2), (8, 6, 4), (16, 0, 1)):
        rows = af.noise_rows(width, height, sample * depth // 8, seed=depth + colour)
        kinds.append(
            (
                f"{depth}-bit colour type {colour}",
                af.png_from_rows(width, rows, depth, colour, filters=(0, 1, 2, 3, 4)),
            )
        )
    for depth, colour, sample in ((16, 2, 6), (16, 6, 8), (16, 4, 4)):
        rows = af.noise_rows(width, height, sample, seed=depth * colour)
        kinds.append(
            (
                f"{depth}-bit colour type {colour}",
                af.png_from_rows(width, rows, depth, colour, filters=(4, 3, 2, 1, 0)),
            )
        )
    for depth in (1, 2, 4, 8):
        row_bytes = (width * depth + 7) // 8
        rows = af.noise_rows(row_bytes, height, 1, seed=depth)
        palette = bytes((7 * i) % 256 for i in range(3 * (1 << depth)))
        kinds.append(
            (
                f"{depth}-bit palette",
                af.png_from_rows(width, rows, depth, 3, filters=(2, 4, 1), palette=palette),
            )
        )
    return kinds


@pytest.mark.parametrize(("kind", "data"), _png_kinds(), ids=[k for k, _d in _png_kinds()])
def test_png_bands_give_what_a_whole_decode_gives(tmp_path: Path, kind: str, data: bytes) -> None:
    """Every PNG filter across band edges, for every bit depth and colour type."""
    path = _file(tmp_path, "png.png", data)
    with Image.open(path) as whole:
        whole.load()
        from anninh_desktop.services.evidence_pictures import display_tones

        expected = display_tones(whole)
    for band_bytes in (1, 50, 10_000):  # one row a band, a few rows, the whole picture
        banded = evidence_png.decode_scaled(path, 1.0, band_bytes=band_bytes)
        assert banded.mode == expected.mode
        assert ImageChops.difference(banded, expected).getbbox() is None, (kind, band_bytes)


def test_the_budget_sends_a_big_png_through_bands(tmp_path: Path) -> None:
    rows = [bytes(min(255, 4 * x + 3 * y) for x in range(40) for _c in range(3)) for y in range(30)]
    data = af.png_from_rows(40, rows, 8, 2, filters=(1, 2, 3, 4))
    path = _file(tmp_path, "so-do.png", data)
    small_budget = load_picture(path, 20, budget=100)  # 40 × 30 RGB would need 4800 bytes
    whole = load_picture(path, 20)
    assert small_budget.size == whole.size == (20, 15)
    difference = ImageChops.difference(small_budget, whole).getextrema()
    assert all(high <= 2 for _low, high in difference)  # box filter versus Lanczos: close


def test_a_cut_png_is_truncated_and_a_flipped_byte_damaged(tmp_path: Path) -> None:
    data = af.png_from_rows(40, af.noise_rows(40, 30, 1, seed=2), 8, 0, filters=(4,))
    cut = _file(tmp_path, "cut.png", data[: len(data) // 2])
    with pytest.raises(PictureError) as caught:
        evidence_png.decode_scaled(cut, 0.5)
    assert caught.value.check is FileCheck.TRUNCATED
    assert check_picture(cut) is FileCheck.TRUNCATED

    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    damaged = _file(tmp_path, "hong.png", bytes(flipped))
    with pytest.raises(PictureError) as caught:
        evidence_png.decode_scaled(damaged, 0.5)
    assert caught.value.check is FileCheck.DAMAGED


def test_what_cannot_be_banded_is_too_large_not_damaged(tmp_path: Path) -> None:
    tiff = _file(tmp_path, "quet.tif", af.picture(Image.new("L", (60, 40), 90), "TIFF"))
    with pytest.raises(PictureError) as caught:
        load_picture(tiff, 30, budget=100)
    assert caught.value.check is FileCheck.TOO_LARGE
    interlaced = _file(tmp_path, "xen-ke.png", af.interlaced_grey_png(60, 40, 90))
    assert _centre(load_picture(interlaced, 30)) == 90  # within the budget: decoded whole
    with pytest.raises(PictureError) as caught:
        load_picture(interlaced, 30, budget=100)
    assert caught.value.check is FileCheck.TOO_LARGE


@pytest.mark.parametrize(
    ("data", "check"),
    [
        (af.heic(), FileCheck.UNRENDERABLE),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, FileCheck.DAMAGED),
        (af.photo(3)[:-200], FileCheck.TRUNCATED),
    ],
    ids=["heic", "png-garbage", "cut-jpeg"],
)
def test_pictures_that_cannot_be_shown_say_why(tmp_path: Path, data: bytes, check) -> None:
    assert check_picture(_file(tmp_path, "anh", data)) is check
