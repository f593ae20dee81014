"""Evidence files checked on arrival, before anything is stored.

A file is refused (nothing is stored) when it is empty or when its content is not what its name
says (a ".pdf" that is a JPEG, a ".jpg" that is text). Otherwise it is accepted, and what the check
found is kept with the revision (`FileCheck`): pictures are decoded once (small), PDFs opened
once; encrypted, truncated or damaged files are accepted with that warning, shown on the evidence
and in the dossier's completeness check.

"Type" is the family a name promises: a picture of any format satisfies a picture name (a PNG
saved as ".jpg" shows fine everywhere), and legacy Office names accept what Office itself opens
under them (HTML, RTF or text saved as ".doc"/".xls" by many older systems). Unknown extensions
are not judged.
"""

from __future__ import annotations

import enum
import logging
import mimetypes
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.evidence import FileCheck
from anninh_desktop.i18n import N_, _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.evidence_pictures import PictureError, check_picture, picture_info

log = logging.getLogger(__name__)

HEAD_BYTES = 4096
TAIL_BYTES = 64 * 1024  # where a complete PDF has "%%EOF" and a JPEG its end marker (with junk)


class Content(enum.Enum):
    """What a file's first bytes show it to be."""

    PDF = N_("a PDF document")
    JPEG = N_("a JPEG picture")
    PNG = N_("a PNG picture")
    GIF = N_("a GIF picture")
    BMP = N_("a BMP picture")
    TIFF = N_("a TIFF picture")
    WEBP = N_("a WebP picture")
    HEIF = N_("an HEIC/HEIF picture (from a phone)")
    ZIP = N_("a ZIP archive or an Office document (docx, xlsx)")
    OLE = N_("an older Office document (doc, xls) or a protected Office file")
    RTF = N_("an RTF document")
    MEDIA = N_("a video or sound recording")
    TEXT = N_("text")
    UNKNOWN = N_("data of an unknown kind")

    @property
    def is_picture(self) -> bool:
        return self in _PICTURES


_PICTURES = frozenset(
    {Content.JPEG, Content.PNG, Content.GIF, Content.BMP, Content.TIFF, Content.WEBP, Content.HEIF}
)
_FTYP_HEIF = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")


def sniff(head: bytes) -> Content:
    """What the first bytes of a file show it to be."""
    if b"%PDF-" in head[:1024]:
        return Content.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return Content.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Content.PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Content.GIF
    if head.startswith(b"BM") and len(head) >= 26:
        return Content.BMP
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return Content.TIFF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Content.WEBP
    if head[4:8] == b"ftyp":
        return Content.HEIF if head[8:12] in _FTYP_HEIF else Content.MEDIA
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return Content.ZIP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Content.OLE
    if head.startswith(b"{\\rtf"):
        return Content.RTF
    if _is_media(head):
        return Content.MEDIA
    if _is_text(head):
        return Content.TEXT
    return Content.UNKNOWN


def _is_media(head: bytes) -> bool:
    riff = head[:4] == b"RIFF" and head[8:12] in (b"AVI ", b"WAVE")
    return (
        riff
        or head[:3] == b"ID3"
        or head[:4] in (b"OggS", b"fLaC", b"\x1aE\xdf\xa3", b"#!AM")  # ogg, flac, mkv/webm, amr
        or head[:4] == b"\x30\x26\xb2\x75"  # wmv/wma
        or head[:3] == b"FLV"
        or head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip")  # older QuickTime
    )


_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 12, 13, 26, 27})  # not in text files


def _is_text(head: bytes) -> bool:
    """Text in any encoding Vietnamese offices use (UTF-8, UTF-16, TCVN3, VNI, Windows-1258)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head.decode("utf-16")
        except UnicodeDecodeError as exc:
            return exc.start >= len(head) - 3  # only a letter cut by the end of the sample
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls <= len(head) // 100


class Family(enum.Enum):
    """What a file name promises."""

    PDF = N_("a PDF document")
    PICTURE = N_("a picture")
    OOXML = N_("an Office document (docx, xlsx, pptx) or an archive")
    LEGACY_OFFICE = N_("an older Office document (doc, xls, ppt)")
    TEXT = N_("a text file")
    MEDIA = N_("a video or sound recording")


_FAMILIES: dict[str, Family] = {
    ".pdf": Family.PDF,
    **dict.fromkeys(
        (".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"),
        Family.PICTURE,
    ),
    **dict.fromkeys((".heic", ".heif", ".avif"), Family.PICTURE),
    **dict.fromkeys(
        (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".zip", ".docm", ".xlsm"),
        Family.OOXML,
    ),
    **dict.fromkeys((".doc", ".xls", ".ppt", ".rtf"), Family.LEGACY_OFFICE),
    **dict.fromkeys((".txt", ".csv", ".xml", ".html", ".htm", ".json", ".md"), Family.TEXT),
    **dict.fromkeys(
        (".mp4", ".mov", ".m4v", ".3gp", ".avi", ".mkv", ".webm", ".wmv", ".flv"),
        Family.MEDIA,
    ),
    **dict.fromkeys(
        (".mp3", ".m4a", ".wav", ".ogg", ".amr", ".aac", ".flac", ".wma"),
        Family.MEDIA,
    ),
}
_DOCUMENTS = frozenset({Content.PDF, Content.ZIP, Content.OLE, Content.RTF, *_PICTURES})


def _fits(family: Family, content: Content) -> bool:
    if family is Family.PDF:
        return content is Content.PDF
    if family is Family.PICTURE:
        return content.is_picture
    if family is Family.OOXML:
        return content in (Content.ZIP, Content.OLE)  # a password-protected docx is an OLE file
    if family is Family.LEGACY_OFFICE:
        return content in (Content.OLE, Content.RTF, Content.TEXT, Content.ZIP, Content.UNKNOWN)
    if family is Family.TEXT:
        return content in (Content.TEXT, Content.UNKNOWN)
    return content not in _DOCUMENTS and content is not Content.TEXT  # MEDIA


@dataclass(frozen=True)
class Arrival:
    """What the check found in an accepted file."""

    check: FileCheck
    media_type: str  # from the content where it tells more than the name (a PNG named .jpg)


_PICTURE_TYPES = {
    Content.JPEG: "image/jpeg",
    Content.PNG: "image/png",
    Content.GIF: "image/gif",
    Content.BMP: "image/bmp",
    Content.TIFF: "image/tiff",
    Content.WEBP: "image/webp",
    Content.HEIF: "image/heic",
}


_IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".heif"}
)
_SHEET_SUFFIXES = frozenset({".xls", ".xlsx", ".ods", ".csv"})


def guess_kind(path: Path) -> EvidenceKind:
    """The kind a new item probably is, from its file name: images are photos."""
    suffix = path.suffix.lower()
    if suffix in _IMAGE_SUFFIXES:
        return EvidenceKind.PHOTO
    if suffix in _SHEET_SUFFIXES:
        return EvidenceKind.STATISTICS
    return EvidenceKind.OTHER


def media_type_of(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def check_file(
    path: Path, name: str | None = None, *, cancel: Callable[[], bool] | None = None
) -> Arrival:
    """Check a file about to become evidence; UserError when it must be refused.

    `name` is the file name the user gave it (defaults to the path's): its extension is the type
    the content must match.
    """
    name = name or path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as source:
            head = source.read(HEAD_BYTES)
    except FileNotFoundError as exc:
        raise UserError(_("File not found: {path}").format(path=path)) from exc
    except OSError as exc:
        raise UserError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    if size == 0:
        raise UserError(
            _(
                "“{name}” is empty (0 bytes), so it was not added. Check that the file was saved "
                "or copied completely, then add it again."
            ).format(name=name)
        )
    content = sniff(head)
    family = _FAMILIES.get(Path(name).suffix.lower())
    if family is not None and not _fits(family, content):
        raise UserError(
            _(
                "“{name}” is named as {named} but its content is {found}, so it was not added. "
                "Choose the right file, or give it the extension of what it really is."
            ).format(name=name, named=_(family.value), found=_(content.value))
        )
    media_type = _PICTURE_TYPES.get(content) or media_type_of(name)
    return Arrival(inspect_content(path, content, cancel=cancel), media_type)


def inspect_content(
    path: Path, content: Content, *, cancel: Callable[[], bool] | None = None
) -> FileCheck:
    """Open or decode the file once: OK, or the problem found (the file is still accepted)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pypdf and Pillow warn about odd files; we judge them
        if content is Content.PDF:
            return check_pdf(path)
        if content is Content.HEIF:
            return _heif_check(path)
        if content is Content.JPEG:
            return _jpeg_check(path, cancel)
        if content.is_picture:
            return check_picture(path, cancel=cancel)
        if content is Content.OLE:
            return _ole_check(path)
        if content is Content.ZIP:
            return _zip_check(path)
    return FileCheck.OK


def pdf_cut_short(head: bytes, tail: bytes) -> bool:
    """Whether a PDF looks like a real one whose end is missing (no "%%EOF" after its objects)."""
    return b"%%EOF" not in tail and b"endobj" in head


def check_pdf(path: Path) -> FileCheck:
    """Open a PDF, decrypt it with the empty password if it has one, read every page's content."""
    try:
        with path.open("rb") as source:
            head = source.read(HEAD_BYTES)
            source.seek(max(0, path.stat().st_size - TAIL_BYTES))
            cut = pdf_cut_short(head, source.read())
            source.seek(0)
            return _read_pdf(source, cut)
    except OSError as exc:
        log.info("PDF %s unreadable: %s", path, exc)
        return FileCheck.DAMAGED


def _read_pdf(source: BinaryIO, cut: bool) -> FileCheck:
    try:
        reader = PdfReader(source, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return FileCheck.ENCRYPTED
        pages = list(reader.pages)
        for page in pages:
            page.mediabox  # noqa: B018 - resolves the page now, so a broken one is found
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
    except NotImplementedError as exc:  # an encryption pypdf does not know
        log.info("PDF: encryption not supported: %s", exc)
        return FileCheck.ENCRYPTED
    except (
        PyPdfError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        OSError,
    ) as exc:
        log.info("PDF unreadable: %s", exc)
        return FileCheck.TRUNCATED if cut else FileCheck.DAMAGED
    except RecursionError:
        return FileCheck.DAMAGED
    except Exception:  # a hostile or odd file must not stop an import
        log.warning("PDF: unexpected reader failure", exc_info=True)
        return FileCheck.TRUNCATED if cut else FileCheck.DAMAGED
    if not pages:
        return FileCheck.TRUNCATED if cut else FileCheck.DAMAGED
    return FileCheck.TRUNCATED if cut else FileCheck.OK


def jpeg_ends(tail: bytes) -> bool:
    """Whether the last bytes of a JPEG hold its end-of-image marker (else it was cut short)."""
    return b"\xff\xd9" in tail


def _jpeg_check(path: Path, cancel: Callable[[], bool] | None) -> FileCheck:
    check = check_picture(path, cancel=cancel)
    if check is FileCheck.DAMAGED:
        with path.open("rb") as source:
            source.seek(max(0, path.stat().st_size - TAIL_BYTES))
            if not jpeg_ends(source.read()):
                return FileCheck.TRUNCATED
    return check


def _heif_check(path: Path) -> FileCheck:
    try:
        picture_info(path)  # decodable only where a HEIF plugin is installed
    except PictureError:
        return FileCheck.UNRENDERABLE
    return check_picture(path)


def _ole_check(path: Path) -> FileCheck:
    # An Office file protected by a password is an OLE container holding "EncryptedPackage".
    marker = "EncryptedPackage".encode("utf-16-le")
    try:
        with path.open("rb") as source:
            while block := source.read(1 << 20):
                if marker in block:
                    return FileCheck.ENCRYPTED
    except OSError:
        return FileCheck.DAMAGED
    return FileCheck.OK


def _zip_check(path: Path) -> FileCheck:
    try:
        with zipfile.ZipFile(path) as archive:
            if any(info.flag_bits & 0x1 for info in archive.infolist()):
                return FileCheck.ENCRYPTED
    except zipfile.BadZipFile:
        return FileCheck.TRUNCATED if _no_zip_end(path) else FileCheck.DAMAGED
    except (OSError, ValueError, EOFError):
        return FileCheck.DAMAGED
    return FileCheck.OK


def _no_zip_end(path: Path) -> bool:
    """Whether the ZIP's closing directory is missing (a file cut short)."""
    try:
        with path.open("rb") as source:
            source.seek(max(0, path.stat().st_size - 65557))
            return b"PK\x05\x06" not in source.read()
    except OSError:
        return False
