"""Pictures of evidence files for the screen and the dossier: upright, in true tones, scaled down
within a fixed memory budget.

One decoder for the list's thumbnails, the preview and the dossier's pages, so that all three show
the same thing. Tones: 16-bit grey keeps its brightness (its high byte, not a clip to white),
palette pictures show their palette colours, CMYK is converted to RGB, and transparent parts are
laid on white paper. Size: Pillow refuses pictures over about 179 megapixels outright (its
decompression-bomb check), and decoding a 30000 × 30000 picture whole would take gigabytes. We do
not lift that limit globally: files are opened here without it, and then never decoded whole when
the decoded pixels would exceed `DECODE_BUDGET` — a JPEG is decoded at 1/2, 1/4 or 1/8 scale
(libjpeg's own scaling), a PNG band by band (`evidence_png`), and any other format that large is
reported as too large rather than damaged. `MAX_PIXELS` bounds even that.
"""

from __future__ import annotations

import logging
import math
import struct
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

from anninh_desktop.domain.evidence import FileCheck

log = logging.getLogger(__name__)

DECODE_BUDGET = 256 * 1024 * 1024  # bytes of decoded pixels held at once
MAX_PIXELS = 1 << 31  # about 46000 × 46000: beyond this a picture is too large to show at all
EXIF_ORIENTATION = 0x0112

_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class PictureError(Exception):
    """A picture that cannot be shown; `check` says why (damaged, truncated, too large…)."""

    def __init__(self, check: FileCheck, detail: str = "") -> None:
        super().__init__(f"{check.value}: {detail}")
        self.check = check
        self.detail = detail


@dataclass(frozen=True)
class PictureInfo:
    format: str  # Pillow's name: JPEG, PNG, TIFF…
    width: int  # as stored (before the EXIF orientation)
    height: int
    frames: int  # pages of a multi-page TIFF; 1 for other formats
    mode: str


def open_image(path: Path) -> ImageFile.ImageFile:
    """Open a picture file (reads its header only), whatever its size.

    This is `Image.open` without the decompression-bomb check: the check is made here instead,
    where decoding is bounded (see the module's docstring). Raises PictureError.
    """
    try:
        fp = path.open("rb")
    except OSError as exc:
        raise PictureError(FileCheck.DAMAGED, str(exc)) from exc
    try:
        im = _identify(fp)
    except BaseException:
        fp.close()
        raise
    if im is None:
        fp.close()
        raise PictureError(FileCheck.UNRENDERABLE, "not a picture this program can read")
    if isinstance(im, str):  # a format that knew its signature could not read the rest
        fp.close()
        raise PictureError(FileCheck.DAMAGED, im)
    im._exclusive_fp = True  # closing the picture closes the file
    if im.width < 1 or im.height < 1:
        im.close()
        raise PictureError(FileCheck.DAMAGED, f"empty size {im.size}")
    if im.width * im.height > MAX_PIXELS:
        im.close()
        raise PictureError(FileCheck.TOO_LARGE, f"{im.width} × {im.height} pixels")
    return im


def _identify(fp: object) -> ImageFile.ImageFile | str | None:
    """The first of Pillow's registered formats that opens the file (as `Image.open` tries them).

    A string: a format recognised the file's signature but failed to read it (the reason).
    """
    read = fp.read  # type: ignore[attr-defined]
    seek = fp.seek  # type: ignore[attr-defined]
    prefix = read(16)
    failure: str | None = None
    for loader in (Image.preinit, Image.init):
        loader()
        for name in list(Image.ID):
            factory, accept = Image.OPEN[name]
            if accept is not None:
                accepted = accept(prefix)
                if isinstance(accepted, str) or not accepted:
                    continue
            seek(0)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    return factory(fp, "")  # type: ignore[no-any-return]
            except (SyntaxError, IndexError, TypeError, struct.error) as exc:
                if accept is not None and failure is None:
                    failure = f"{name}: {exc}"
                continue
            except (OSError, ValueError, EOFError) as exc:
                raise PictureError(FileCheck.DAMAGED, str(exc)) from exc
            except Exception as exc:  # a plugin tripping over a hostile header
                log.warning("picture header: unexpected %s failure", name, exc_info=True)
                raise PictureError(FileCheck.DAMAGED, repr(exc)) from exc
    return failure


def picture_info(path: Path) -> PictureInfo:
    """Format, size and frames of a picture file, from its header. Raises PictureError."""
    with open_image(path) as im:
        frames = _frame_count(im)
        return PictureInfo(im.format or "", im.width, im.height, frames, im.mode)


def _frame_count(im: Image.Image) -> int:
    # Each page of a scanned multi-page TIFF is a page; other formats show their first frame.
    if im.format != "TIFF":
        return 1
    try:
        return max(1, int(getattr(im, "n_frames", 1)))
    except (OSError, ValueError, EOFError) as exc:
        raise PictureError(FileCheck.DAMAGED, str(exc)) from exc


def decoded_bytes(width: int, height: int, mode: str) -> int:
    """Memory Pillow needs for a decoded picture of this size and mode."""
    return width * height * _BYTES_PER_PIXEL.get(mode, 4)


def load_picture(
    path: Path,
    bound: int,
    *,
    frame: int = 0,
    budget: int = DECODE_BUDGET,
    cancel: Callable[[], bool] | None = None,
) -> Image.Image:
    """A frame of a picture file, upright, in mode L or RGB, no side longer than `bound`.

    Raises PictureError (damaged, truncated, too large…); `cancel` is polled while a very large
    picture is decoded piece by piece (and raises services.errors.Cancelled).
    """
    with open_image(path) as im:
        orientation = _orientation(im)
        try:
            if frame:
                im.seek(frame)
            picture = _decode_bounded(im, path, bound, budget, cancel)
        except PictureError:
            raise
        except Image.DecompressionBombError as exc:  # a frame of a TIFF, a GIF's disposal area
            raise PictureError(FileCheck.TOO_LARGE, str(exc)) from exc
        except (OSError, ValueError, EOFError, SyntaxError, struct.error, MemoryError) as exc:
            raise PictureError(_failure(exc), str(exc)) from exc
        except Exception as exc:  # a hostile or odd file must not stop an import or a build
            log.warning("picture %s: unexpected decoder failure", path, exc_info=True)
            raise PictureError(FileCheck.DAMAGED, repr(exc)) from exc
    picture = display_tones(picture)
    if orientation in _TRANSPOSE:
        picture = picture.transpose(_TRANSPOSE[orientation])
    if max(picture.size) > bound:
        picture.thumbnail((bound, bound), Image.Resampling.LANCZOS)
    return picture


def _decode_bounded(
    im: ImageFile.ImageFile,
    path: Path,
    bound: int,
    budget: int,
    cancel: Callable[[], bool] | None,
) -> Image.Image:
    width, height = im.size
    scale = min(1.0, bound / max(width, height))
    if im.format in ("JPEG", "MPO") and scale < 1.0:
        # libjpeg decodes at 1/2, 1/4 or 1/8 scale, never smaller than asked: fast and small.
        wanted = (max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale)))
        im.draft(im.mode, wanted)
    if decoded_bytes(im.width, im.height, im.mode) <= budget:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's "possibly a bomb" warning: size is bounded
            im.load()
        return im
    if im.format == "PNG":
        from anninh_desktop.services import evidence_png

        return evidence_png.decode_scaled(path, scale, cancel=cancel)
    raise PictureError(
        FileCheck.TOO_LARGE, f"{width} × {height} {im.format} pixels exceed the decoding budget"
    )


def _failure(exc: BaseException) -> FileCheck:
    text = str(exc).lower()
    if isinstance(exc, EOFError) or "truncated" in text or "premature end" in text:
        return FileCheck.TRUNCATED
    if isinstance(exc, MemoryError):
        return FileCheck.TOO_LARGE
    return FileCheck.DAMAGED


def _orientation(im: Image.Image) -> int:
    try:
        if im.format == "PNG":  # Pillow's PNG getexif() decodes the whole picture to look further
            exif = Image.Exif()
            if "exif" in im.info:
                exif.load(im.info["exif"])
        else:
            exif = im.getexif()
        value = int(exif.get(EXIF_ORIENTATION, 1))
    except (ValueError, TypeError, OSError, SyntaxError, struct.error):
        return 1
    return value if 1 <= value <= 8 else 1


def display_tones(im: Image.Image) -> Image.Image:
    """The picture in mode L or RGB, as it should look on white paper."""
    mode = im.mode
    if mode in ("L", "RGB"):
        return im
    if mode == "1":
        return im.convert("L")
    if mode in ("I;16", "I;16L", "I;16B", "I;16N"):
        # The high byte of each 16-bit value: Pillow's own conversion clips everything above 255
        # to white, which turned 16-bit scans into blank pages.
        rawmode = "L;16B" if mode == "I;16B" else "L;16"
        return Image.frombytes("L", im.size, im.tobytes(), "raw", rawmode)
    if mode in ("I", "F"):
        return _stretched(im)
    if mode in ("LA", "La", "PA", "RGBA", "RGBa") or (mode == "P" and "transparency" in im.info):
        return _on_white(im)
    if mode == "P":
        return im.convert("RGB")
    return im.convert("RGB")  # CMYK, YCbCr, LAB, HSV, RGBX


def _on_white(im: Image.Image) -> Image.Image:
    grey = im.mode in ("LA", "La")
    rgba = im.convert("RGBA")
    paper = Image.new("RGB", im.size, (255, 255, 255))
    paper.paste(rgba.convert("RGB"), mask=rgba.getchannel("A"))
    return paper.convert("L") if grey else paper


def _stretched(im: Image.Image) -> Image.Image:
    """32-bit integer or float pictures: 16-bit values scaled as such, other ranges stretched."""
    low, high = im.getextrema()  # type: ignore[misc]
    if im.mode == "I" and low >= 0 and high <= 255:
        return im.convert("L")
    if im.mode == "I" and low >= 0 and high <= 65535:
        return im.point(lambda v: v * (1 / 256)).convert("L")
    span = (high - low) or 1
    return im.point(lambda v: (v - low) * (255 / span)).convert("L")


def check_picture(path: Path, *, cancel: Callable[[], bool] | None = None) -> FileCheck:
    """Decode a picture once (small) to find whether it can be shown: OK or the problem found."""
    try:
        info = picture_info(path)
        for frame in range(info.frames):
            load_picture(path, 256, frame=frame, cancel=cancel)
    except PictureError as exc:
        log.info("picture %s: %s", path, exc)
        return exc.check
    except UnidentifiedImageError:
        return FileCheck.UNRENDERABLE
    return FileCheck.OK
