"""Demo photos: phone-camera JPEGs of police work with Vietnamese banners and real EXIF data
(camera, time, GPS, orientation), drawn with Pillow; reproducible from a seeded random source."""

from __future__ import annotations

import io
import random
from datetime import datetime

from PIL import ExifTags, Image, ImageDraw, ImageFont, ImageOps, TiffImagePlugin

from anninh_desktop.domain.text import nfc
from anninh_desktop.services import fonts

PHONE_CAMERAS: tuple[tuple[str, str], ...] = (
    ("samsung", "SM-A525F"),
    ("samsung", "SM-A546E"),
    ("OPPO", "CPH2343"),
    ("Xiaomi", "Redmi Note 11"),
    ("vivo", "vivo Y22s"),
    ("Apple", "iPhone 11"),
)

JPEG_QUALITY = 82

# How to store the upright picture so that a viewer applying the EXIF orientation shows it upright:
# the inverse of the transform that the orientation asks the viewer to apply.
_STORE_FOR_ORIENTATION: dict[int, Image.Transpose | None] = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


# ------------------------------------------------------------------------------ photos


def make_photo_jpeg(
    rng: random.Random,
    width: int,
    height: int,
    caption: str,
    *,
    orientation: int = 1,
    taken: datetime,
    gps: tuple[float, float] | None = None,
    camera: tuple[str, str] | None = None,
) -> bytes:
    """A plausible phone photo of a meeting or an outdoor event, as JPEG bytes with EXIF.

    `width` × `height` is the size as a viewer shows it. With an `orientation` other than 1 the
    pixels are stored transformed (for 6, rotated 90° counter-clockwise, so stored `height` ×
    `width`) and the EXIF Orientation tag tells the viewer how to turn them upright. `taken` goes
    to DateTime and DateTimeOriginal (its wall-clock time; an aware datetime also gives
    OffsetTimeOriginal). `gps` is (latitude, longitude) in degrees. `camera` is (Make, Model); by
    default one is picked with `rng`.
    """
    if orientation not in _STORE_FOR_ORIENTATION:
        raise ValueError(f"EXIF orientation must be 1-8, not {orientation}")
    if width < 64 or height < 64:
        raise ValueError("photo too small")
    make, model = camera if camera is not None else rng.choice(PHONE_CAMERAS)
    picture = _draw_scene(rng, width, height, nfc(caption), taken)
    transpose = _STORE_FOR_ORIENTATION[orientation]
    if transpose is not None:
        picture = picture.transpose(transpose)
    exif = _photo_exif(make, model, orientation, taken, gps)
    out = io.BytesIO()
    picture.save(
        out,
        format="JPEG",
        quality=JPEG_QUALITY,
        subsampling=2,
        optimize=False,
        progressive=False,
        exif=exif.tobytes(),
    )
    return out.getvalue()


def _photo_exif(
    make: str, model: str, orientation: int, taken: datetime, gps: tuple[float, float] | None
) -> Image.Exif:
    stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = make
    exif[ExifTags.Base.Model] = model
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = stamp
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = stamp
    details[ExifTags.Base.DateTimeDigitized] = stamp
    offset = taken.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "-"
        minutes = abs(minutes)
        details[ExifTags.Base.OffsetTimeOriginal] = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    if gps is not None:
        latitude, longitude = gps
        position = exif.get_ifd(ExifTags.IFD.GPSInfo)
        position[ExifTags.GPS.GPSVersionID] = b"\x02\x03\x00\x00"
        position[ExifTags.GPS.GPSLatitudeRef] = "N" if latitude >= 0 else "S"
        position[ExifTags.GPS.GPSLatitude] = _degrees(abs(latitude))
        position[ExifTags.GPS.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
        position[ExifTags.GPS.GPSLongitude] = _degrees(abs(longitude))
    return exif


def _degrees(value: float) -> tuple[TiffImagePlugin.IFDRational, ...]:
    whole = int(value)
    minutes_float = (value - whole) * 60
    minutes = int(minutes_float)
    hundredths = round((minutes_float - minutes) * 60 * 100)
    return (
        TiffImagePlugin.IFDRational(whole, 1),
        TiffImagePlugin.IFDRational(minutes, 1),
        TiffImagePlugin.IFDRational(hundredths, 100),
    )


def _rgb(rng: random.Random, base: tuple[int, int, int], spread: int) -> tuple[int, int, int]:
    r, g, b = (max(0, min(255, c + rng.randint(-spread, spread))) for c in base)
    return (r, g, b)


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = fonts.SERIF_BOLD if bold else fonts.SERIF_REGULAR
    # The basic layout does not depend on whether libraqm is installed: same pixels everywhere.
    return ImageFont.truetype(
        str(fonts.font_path(name)), size, layout_engine=ImageFont.Layout.BASIC
    )


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if current and font.getlength(candidate) > max_width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


def _draw_scene(
    rng: random.Random, width: int, height: int, caption: str, taken: datetime
) -> Image.Image:
    indoor = rng.random() < 0.5
    if indoor:
        picture = _gradient(
            width, height, _rgb(rng, (226, 214, 190), 15), _rgb(rng, (170, 150, 120), 15)
        )
    else:
        picture = _gradient(
            width, height, _rgb(rng, (120, 170, 225), 20), _rgb(rng, (215, 230, 240), 10)
        )
    draw = ImageDraw.Draw(picture)
    if indoor:
        _draw_meeting(rng, draw, width, height, caption)
    else:
        _draw_outdoor(rng, draw, width, height, caption)
    picture = _add_grain(rng, picture)
    # Date stamp in the corner, as some phone cameras add.
    stamp_font = _font(max(12, height // 32), bold=True)
    stamp = taken.strftime("%d/%m/%Y %H:%M")
    draw = ImageDraw.Draw(picture)
    margin = width // 40
    text_width = stamp_font.getlength(stamp)
    draw.text(
        (width - margin - text_width, height - margin - stamp_font.size),
        stamp,
        font=stamp_font,
        fill=(255, 150, 40),
    )
    return picture


def _gradient(
    width: int, height: int, top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    ramp = Image.linear_gradient("L").resize((width, height), Image.Resampling.BILINEAR)
    return ImageOps.colorize(ramp, black=top, white=bottom).convert("RGB")


def _add_grain(rng: random.Random, picture: Image.Image) -> Image.Image:
    """Soft, seeded sensor-like noise, so the JPEG has the texture (and size) of a real photo."""
    width, height = picture.size
    small = (max(1, width // 3), max(1, height // 3))
    noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    noise = noise.resize((width, height), Image.Resampling.BILINEAR).convert("RGB")
    return Image.blend(picture, noise, 0.07)


def _draw_person(
    rng: random.Random, draw: ImageDraw.ImageDraw, x: float, y: float, scale: float
) -> None:
    """A simple figure: head and shoulders, (x, y) the top of the head."""
    shirt = rng.choice([(62, 90, 60), (70, 95, 70), (230, 230, 225), (40, 60, 120), (200, 70, 60)])
    skin = _rgb(rng, (214, 170, 130), 20)
    hair = _rgb(rng, (30, 25, 20), 8)
    head = 18 * scale
    draw.ellipse((x - head, y + head * 0.2, x + head, y + head * 2.4), fill=skin)
    draw.chord((x - head, y, x + head, y + head * 1.6), 180, 360, fill=hair)
    draw.rounded_rectangle(
        (x - head * 2.2, y + head * 2.5, x + head * 2.2, y + head * 6.5),
        radius=int(head),
        fill=shirt,
    )


def _draw_banner(
    draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], caption: str
) -> None:
    left, top, right, bottom = box
    draw.rectangle(box, fill=(196, 30, 36))
    size = max(12, int((bottom - top) * 0.32))
    font = _font(size, bold=True)
    lines = _wrap(caption.upper(), font, (right - left) * 0.92)
    while len(lines) * size * 1.25 > (bottom - top) * 0.9 and size > 10:
        size -= 2
        font = _font(size, bold=True)
        lines = _wrap(caption.upper(), font, (right - left) * 0.92)
    y = top + ((bottom - top) - len(lines) * size * 1.25) / 2
    for line in lines:
        x = left + ((right - left) - font.getlength(line)) / 2
        draw.text((x, y), line, font=font, fill=(255, 222, 0))
        y += size * 1.25


def _draw_meeting(
    rng: random.Random, draw: ImageDraw.ImageDraw, width: int, height: int, caption: str
) -> None:
    _draw_banner(draw, (width * 0.08, height * 0.06, width * 0.92, height * 0.30), caption)
    # The presidium behind a table with a green cloth and flowers, then rows of attendees.
    for index in range(rng.randint(3, 5)):
        x = width * (0.25 + index * 0.13)
        _draw_person(rng, draw, x, height * 0.33, height / 600)
    draw.rectangle((width * 0.15, height * 0.46, width * 0.85, height * 0.58), fill=(40, 110, 60))
    draw.ellipse((width * 0.47, height * 0.41, width * 0.53, height * 0.49), fill=(230, 60, 50))
    for row in range(2):
        count = rng.randint(5, 8)
        for index in range(count):
            x = width * (0.06 + (index + 0.5) * 0.88 / count) + rng.uniform(-8, 8)
            _draw_person(rng, draw, x, height * (0.62 + row * 0.14), height / 480 * (1 + row * 0.2))


def _draw_outdoor(
    rng: random.Random, draw: ImageDraw.ImageDraw, width: int, height: int, caption: str
) -> None:
    horizon = height * rng.uniform(0.55, 0.65)
    draw.rectangle((0, horizon, width, height), fill=_rgb(rng, (150, 140, 120), 20))
    # Houses and trees along the horizon.
    x = -rng.uniform(0, 40)
    while x < width:
        house_width = rng.uniform(width * 0.08, width * 0.18)
        house_height = rng.uniform(height * 0.12, height * 0.3)
        colour = rng.choice([(235, 225, 200), (245, 240, 230), (250, 215, 150), (200, 215, 225)])
        draw.rectangle(
            (x, horizon - house_height, x + house_width, horizon), fill=_rgb(rng, colour, 10)
        )
        draw.polygon(
            [
                (x - 6, horizon - house_height),
                (x + house_width / 2, horizon - house_height - height * 0.06),
                (x + house_width + 6, horizon - house_height),
            ],
            fill=_rgb(rng, (150, 60, 45), 15),
        )
        for window in range(int(house_width // 40)):
            wx = x + 12 + window * 40
            draw.rectangle(
                (wx, horizon - house_height * 0.7, wx + 18, horizon - house_height * 0.45),
                fill=(60, 70, 80),
            )
        x += house_width + rng.uniform(10, 40)
        if rng.random() < 0.5:
            radius = rng.uniform(height * 0.04, height * 0.08)
            draw.ellipse(
                (x - radius, horizon - radius * 3, x + radius, horizon - radius),
                fill=_rgb(rng, (60, 120, 50), 20),
            )
            draw.rectangle((x - 4, horizon - radius * 1.2, x + 4, horizon), fill=(90, 60, 40))
            x += radius
    # A banner held by people in front, with the caption.
    _draw_banner(
        draw,
        (width * 0.12, horizon - height * 0.05, width * 0.88, horizon + height * 0.12),
        caption,
    )
    count = rng.randint(6, 10)
    for index in range(count):
        px = width * (0.05 + (index + 0.5) * 0.9 / count) + rng.uniform(-10, 10)
        _draw_person(rng, draw, px, horizon + height * 0.14 + rng.uniform(-6, 6), height / 420)
