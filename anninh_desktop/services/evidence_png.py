"""Very large PNG pictures scaled down band by band, so that memory stays bounded.

Pillow decodes a PNG whole: 30000 × 30000 grey pixels are 900 MB, in colour 3.6 GB. Here the
compressed data is inflated a band of rows at a time (zlib, bounded by `max_length`); each band is
un-filtered by Pillow's own PNG decoder (fed the band's rows behind the previous band's last row,
already un-filtered), scaled down and pasted into the result. Memory: one band (about `band_bytes`
of raw rows and their decoded pixels) and the result.

The previous row is handed on exactly where Pillow gives the bytes back exactly (bit depths up to 8,
16-bit grey, 8-bit colour). For 16-bit colour Pillow keeps only the high byte of each sample; PNG's
filters work on each byte position of a pixel separately, so the high bytes — all the picture
shown keeps — are still exact. Interlaced (Adam7) PNGs cannot be cut into bands: too large.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image

from anninh_desktop.domain.evidence import FileCheck
from anninh_desktop.services.errors import Cancelled
from anninh_desktop.services.evidence_pictures import PictureError, display_tones

SIGNATURE = b"\x89PNG\r\n\x1a\n"
BAND_BYTES = 8 * 1024 * 1024  # raw rows decoded at a time
_PIECE = 1 << 20  # compressed bytes read at a time

# (bit depth, colour type) → (Pillow mode, raw mode), as Pillow's PNG plugin reads them.
_MODES: dict[tuple[int, int], tuple[str, str]] = {
    (1, 0): ("1", "1"),
    (2, 0): ("L", "L;2"),
    (4, 0): ("L", "L;4"),
    (8, 0): ("L", "L"),
    (16, 0): ("I;16", "I;16B"),
    (8, 2): ("RGB", "RGB"),
    (16, 2): ("RGB", "RGB;16B"),
    (1, 3): ("P", "P;1"),
    (2, 3): ("P", "P;2"),
    (4, 3): ("P", "P;4"),
    (8, 3): ("P", "P"),
    (8, 4): ("LA", "LA"),
    (16, 4): ("RGBA", "LA;16B"),
    (8, 6): ("RGBA", "RGBA"),
    (16, 6): ("RGBA", "RGBA;16B"),
}
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
# Filter distance (bytes per pixel) → how Pillow un-filters a band: (mode, raw mode, exact bytes).
_VIEWS: dict[int, tuple[str, str, bool]] = {
    1: ("L", "L", True),
    2: ("I;16", "I;16B", True),
    3: ("RGB", "RGB", True),
    4: ("RGBA", "RGBA", True),
    6: ("RGB", "RGB;16B", False),
    8: ("RGBA", "RGBA;16B", False),
}


@dataclass(frozen=True)
class Header:
    width: int
    height: int
    depth: int
    colour: int
    interlaced: bool

    @property
    def row_bytes(self) -> int:
        return math.ceil(self.width * _CHANNELS[self.colour] * self.depth / 8)

    @property
    def pixel_bytes(self) -> int:
        """The distance PNG's filters look back, in bytes (at least 1)."""
        return max(1, _CHANNELS[self.colour] * self.depth // 8)


class _Stream:
    """The PNG's chunks in order: the header and palette, then the inflated image data on demand."""

    def __init__(self, fp: BinaryIO) -> None:
        self._fp = fp
        if fp.read(8) != SIGNATURE:
            raise PictureError(FileCheck.DAMAGED, "not a PNG")
        self._inflate = zlib.decompressobj()
        self._left = 0  # bytes of the current IDAT chunk not yet read
        self._crc = 0
        self._pending = b""  # compressed bytes not yet inflated
        self._ended = False
        self.palette: bytes | None = None
        self.transparency: bytes | None = None
        ctype, data = self._chunk()
        if ctype != b"IHDR" or len(data) != 13:
            raise PictureError(FileCheck.DAMAGED, "no PNG header")
        width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", data)
        if (depth, colour) not in _MODES or width < 1 or height < 1:
            raise PictureError(FileCheck.DAMAGED, f"bit depth {depth}, colour type {colour}")
        self.header = Header(width, height, depth, colour, interlace == 1)
        while True:  # the chunks before the image data
            ctype, length = self._chunk_head()
            if ctype == b"IDAT":
                self._left = length
                self._crc = zlib.crc32(ctype)
                break
            data = self._chunk_rest(ctype, length)
            if ctype == b"PLTE":
                self.palette = data
            elif ctype == b"tRNS":
                self.transparency = data
            elif ctype == b"IEND":
                raise PictureError(FileCheck.DAMAGED, "no image data")

    def _chunk_head(self) -> tuple[bytes, int]:
        head = self._fp.read(8)
        if len(head) < 8:
            raise PictureError(FileCheck.TRUNCATED, "the file ends inside a chunk")
        length, ctype = struct.unpack(">I4s", head)
        return ctype, length

    def _chunk_rest(self, ctype: bytes, length: int) -> bytes:
        if ctype in (b"PLTE", b"tRNS", b"IHDR") or length <= _PIECE:
            data = self._fp.read(length)
            crc = self._fp.read(4)
            if len(data) < length or len(crc) < 4:
                raise PictureError(FileCheck.TRUNCATED, "the file ends inside a chunk")
            if zlib.crc32(ctype + data) != struct.unpack(">I", crc)[0]:
                raise PictureError(FileCheck.DAMAGED, f"{ctype!r} chunk fails its CRC")
            return data
        self._fp.seek(length + 4, 1)  # a large ancillary chunk (text, metadata): not needed
        return b""

    def _chunk(self) -> tuple[bytes, bytes]:
        ctype, length = self._chunk_head()
        return ctype, self._chunk_rest(ctype, length)

    def _next_piece(self) -> bytes:
        """The next compressed bytes of the image data ("" at its end), checking each CRC."""
        while self._left == 0:
            crc = self._fp.read(4)
            if len(crc) < 4:
                raise PictureError(FileCheck.TRUNCATED, "the file ends inside the image data")
            if self._crc != struct.unpack(">I", crc)[0]:
                raise PictureError(FileCheck.DAMAGED, "IDAT chunk fails its CRC")
            ctype, length = self._chunk_head()
            if ctype != b"IDAT":
                self._ended = True
                return b""
            self._left, self._crc = length, zlib.crc32(ctype)
        data = self._fp.read(min(self._left, _PIECE))
        if not data:
            raise PictureError(FileCheck.TRUNCATED, "the file ends inside the image data")
        self._left -= len(data)
        self._crc = zlib.crc32(data, self._crc)
        return data

    def read(self, size: int) -> bytes:
        """Exactly `size` inflated bytes of the image data."""
        parts: list[bytes] = []
        have = 0
        while have < size:
            if not self._pending and not self._ended:
                self._pending = self._next_piece()
            if not self._pending and (self._ended or self._inflate.eof):
                break
            try:
                chunk = self._inflate.decompress(self._pending, size - have)
            except zlib.error as exc:
                raise PictureError(FileCheck.DAMAGED, f"image data: {exc}") from exc
            self._pending = self._inflate.unconsumed_tail
            if self._inflate.eof:
                self._pending = b""
                self._ended = True
            parts.append(chunk)
            have += len(chunk)
        if have < size:
            raise PictureError(FileCheck.TRUNCATED, "the image data ends before the last row")
        return b"".join(parts)


def decode_scaled(
    path: Path,
    scale: float,
    *,
    band_bytes: int = BAND_BYTES,
    cancel: Callable[[], bool] | None = None,
) -> Image.Image:
    """The PNG at `path` scaled by `scale` (≤ 1), in mode L or RGB, decoded band by band."""
    with path.open("rb") as fp:
        stream = _Stream(fp)
        header = stream.header
        if header.interlaced:
            raise PictureError(FileCheck.TOO_LARGE, "an interlaced PNG cannot be cut in bands")
        stride = header.row_bytes + 1  # each row starts with its filter byte
        size = (max(1, round(header.width * scale)), max(1, round(header.height * scale)))
        step = size[1] / header.height  # the vertical scale, exactly
        rows_out = max(1, int(max(1, band_bytes // stride) * step))  # result rows of a band
        result = Image.new("L", size, 255)
        previous: bytes | None = None  # the last row of the band before, un-filtered
        top = y = 0
        while top < size[1]:
            if cancel is not None and cancel():
                raise Cancelled()
            bottom = min(size[1], top + rows_out)
            end = header.height if bottom == size[1] else min(header.height, round(bottom / step))
            count = end - y
            raw, previous = _unfilter(header, stream.read(count * stride), count, previous)
            band = display_tones(_band_picture(header, stream, raw, count))
            if band.mode != result.mode:
                result = result.convert(band.mode)
            result.paste(band.resize((size[0], bottom - top), Image.Resampling.BOX), (0, top))
            top, y = bottom, end
        return result


def _unfilter(
    header: Header, filtered: bytes, count: int, previous: bytes | None
) -> tuple[bytes, bytes]:
    """(the band's un-filtered rows as Pillow reads them, its last row as PNG stores it)."""
    mode, rawmode, exact = _VIEWS[header.pixel_bytes]
    row_bytes = header.row_bytes
    width = row_bytes * 8 // (header.pixel_bytes * 8)
    lead = b"" if previous is None else b"\x00" + previous
    total = count + (previous is not None)
    try:
        view = Image.frombytes(
            mode, (width, total), zlib.compress(lead + filtered, 0), "zip", rawmode
        )
    except ValueError as exc:
        raise PictureError(FileCheck.DAMAGED, f"image data: {exc}") from exc
    if previous is not None:
        view = view.crop((0, 1, width, total))
    last = view.crop((0, count - 1, width, count))
    if exact:
        return view.tobytes("raw", rawmode), last.tobytes("raw", rawmode)
    # 16-bit colour: Pillow kept the high bytes; the low bytes never reach the high ones.
    high = last.tobytes()
    stored = bytearray(2 * len(high))
    stored[0::2] = high
    return view.tobytes(), bytes(stored)


def _band_picture(header: Header, stream: _Stream, raw: bytes, count: int) -> Image.Image:
    mode, rawmode, exact = _VIEWS[header.pixel_bytes]
    if not exact:  # 16-bit colour: the view is the picture (8 bits a sample)
        return Image.frombytes(mode, (header.width, count), raw)
    mode, rawmode = _MODES[(header.depth, header.colour)]
    band = Image.frombytes(mode, (header.width, count), raw, "raw", rawmode)
    if mode == "P":
        band.putpalette(stream.palette or bytes(range(256)) * 3)
        if stream.transparency:
            band.info["transparency"] = stream.transparency
    elif stream.transparency and header.depth == 8 and mode in ("L", "RGB"):
        values = struct.unpack(f">{len(stream.transparency) // 2}H", stream.transparency)
        band.info["transparency"] = values[0] if mode == "L" else values
    return band
