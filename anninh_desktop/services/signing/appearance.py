"""What a signature looks like on the page (Nghị định 30/2020, Phụ lục I), chosen by the user.

The signer's image is a blue transparent PNG of the handwritten signature; the organisation's is
the red seal as a transparent PNG at the seal's real size (taken from the PNG's resolution, or
`seal_diameter_mm`, or 35 mm — the size of a commune-level seal). The name and time lines are
language-neutral on purpose: the certificate's name and an ISO 8601 time, as the decree asks.
The text stamp (`StampKind.TEXT`) is the form officials know from the public CAs' tools.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.clock import VIETNAM_TZ
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.stamp import (
    MM,
    TEXT_STAMP_MAX_FONT,
    DossierStampStyle,
    StampImages,
    stamp_style,
)

log = logging.getLogger(__name__)

DEFAULT_SEAL_DIAMETER_MM = 35.0
MAX_IMAGE_PIXELS = 1600  # longest side kept; more only makes the file bigger
_SANE_DPI = (50.0, 2400.0)


class StampKind(enum.StrEnum):
    # Nghị định 30, Phụ lục I: the signature image (and the seal over its left third), with the
    # signer's name and the ISO 8601 time in two small lines
    IMAGE = "image"
    # the text stamp officials know from public-CA tools: "Ký bởi", "Chức vụ", "Cơ quan",
    # "Thời gian ký" (images, if any, above it)
    TEXT = "text"


# The text stamp's words: the document's language (Vietnamese) whatever the program's language,
# as on the stamps of the public CAs' signing tools.
TEXT_STAMP_LABELS = {
    "signed_by": "Ký bởi: {value}",
    "title": "Chức vụ: {value}",
    "organisation": "Cơ quan: {value}",
    "time": "Thời gian ký: {value}",
}


@dataclass(frozen=True)
class Appearance:
    signature_image: Path | None = None
    seal_image: Path | None = None
    seal_diameter_mm: float | None = None
    show_text: bool = True  # the signer's name and the signing time
    kind: StampKind = StampKind.IMAGE
    # For the text stamp, when the certificate does not say them (office settings):
    title: str = ""
    organisation: str = ""


def _load_png(path: Path) -> tuple[Image.Image, float | None]:
    """The image as RGBA (shrunk to a sensible size) and its resolution in dpi, if it says one."""
    try:
        with Image.open(path) as img:
            img.load()
            dpi = img.info.get("dpi")
            rgba = img.convert("RGBA")
    except FileNotFoundError:
        raise UserError(_("The image “{path}” does not exist.").format(path=path)) from None
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise UserError(
            _(
                "“{path}” cannot be read as an image. Use a PNG with a transparent background."
            ).format(path=path)
        ) from None
    resolution = float(dpi[0]) if dpi and dpi[0] else None
    if resolution is not None and not _SANE_DPI[0] <= resolution <= _SANE_DPI[1]:
        resolution = None
    scale = MAX_IMAGE_PIXELS / max(rgba.size)
    if scale < 1:
        new_size = (max(1, round(rgba.width * scale)), max(1, round(rgba.height * scale)))
        rgba = rgba.resize(new_size, Image.Resampling.LANCZOS)
        resolution = resolution * scale if resolution else None
    return rgba, resolution


def _seal_width(appearance: Appearance, image: Image.Image, dpi: float | None) -> float:
    if appearance.seal_diameter_mm:
        return appearance.seal_diameter_mm * MM
    if dpi:
        return image.width / dpi * 72
    return DEFAULT_SEAL_DIAMETER_MM * MM


def load_images(appearance: Appearance) -> StampImages:
    signature = seal = None
    seal_width = DEFAULT_SEAL_DIAMETER_MM * MM
    if appearance.signature_image is not None:
        signature, _dpi = _load_png(appearance.signature_image)
    if appearance.seal_image is not None:
        seal, dpi = _load_png(appearance.seal_image)
        seal_width = _seal_width(appearance, seal, dpi)
    return StampImages(signature=signature, seal=seal, seal_size=seal_width)


def signing_time_text(at: datetime) -> str:
    """ISO 8601 in Vietnam time, e.g. 2026-03-02T09:00:00+07:00 (Phụ lục I)."""
    return at.astimezone(VIETNAM_TZ).isoformat(timespec="seconds")


def text_stamp_lines(name: str, title: str, organisation: str, signed_at: datetime) -> list[str]:
    """The text stamp: "Ký bởi: …", "Chức vụ: …", "Cơ quan: …" (when known), "Thời gian ký: …"."""
    lines = [TEXT_STAMP_LABELS["signed_by"].format(value=nfc(name))]
    if title.strip():
        lines.append(TEXT_STAMP_LABELS["title"].format(value=nfc(title.strip())))
    if organisation.strip():
        lines.append(TEXT_STAMP_LABELS["organisation"].format(value=nfc(organisation.strip())))
    lines.append(TEXT_STAMP_LABELS["time"].format(value=signing_time_text(signed_at)))
    return lines


def build_style(
    appearance: Appearance,
    *,
    role: SignerRole,
    signer_name: str,
    signed_at: datetime,
    field_width: float,
    title: str = "",
    organisation: str = "",
) -> DossierStampStyle:
    """The stamp for one signature; images are read here, so a bad image fails before signing.

    `title` and `organisation` (from the certificate) win over the appearance's (office
    settings) in the text stamp."""
    images = load_images(appearance)
    text = appearance.kind is StampKind.TEXT
    if not appearance.show_text:
        lines: list[str] = []
    elif text:
        lines = text_stamp_lines(
            signer_name,
            title or appearance.title,
            organisation or appearance.organisation,
            signed_at,
        )
    else:
        lines = [nfc(signer_name), signing_time_text(signed_at)]
    return stamp_style(
        images,
        lines,
        field_width,
        text_on_top=role is SignerRole.ORGANISATION and images.signature is None,
        # the organisation's seal will cover the left third of the commander's field
        text_left_inset=round(field_width / 3) if role is SignerRole.COMMANDER else 0,
        left_aligned=text,
        max_font_size=TEXT_STAMP_MAX_FONT if text else None,
    )
