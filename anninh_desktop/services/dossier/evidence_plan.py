"""What happens to each evidence file in the dossier, decided (and checked) before any layout.

- JPEG photos go into the PDF byte for byte (a DCT image), turned by their EXIF orientation,
  unless they are so large that PDF readers would choke on them (then they are scaled down);
- other images are converted once (each frame of a multi-page TIFF is a page), in true tones and
  within bounded memory (see services/evidence_pictures);
- PDF files are appended page for page (one with an empty user password is opened and appended);
- anything else (Word, Excel, video…) is embedded as a file attachment, listed on a page of its own;
- a missing, altered, damaged, truncated or password-protected file, and a picture this program
  cannot show, gets a placeholder page and a warning; the original of such a file is attached, so
  nothing the unit gave is lost.
"""

from __future__ import annotations

import enum
import hashlib
import io
import logging
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from anninh_desktop.domain.evidence import FileCheck
from anninh_desktop.i18n import _
from anninh_desktop.services import evidence_check, evidence_pictures
from anninh_desktop.services.dossier.facts import EvidenceEntry
from anninh_desktop.services.errors import Cancelled
from anninh_desktop.services.evidence_pictures import PictureError
from anninh_desktop.services.workspace import Workspace

log = logging.getLogger(__name__)

EXIF_ORIENTATION = 0x0112
_PDF_MEDIA = "application/pdf"
# A JPEG larger than this is scaled down instead of passed through: a 30000 × 30000 photo in a
# PDF would make every reader decode 2.7 GB to show one page.
PASS_THROUGH_PIXELS = 50_000_000


class Treatment(enum.Enum):
    PHOTO = "photo"  # JPEG passed through
    IMAGE = "image"  # other image, converted
    PDF = "pdf"  # pages appended
    ATTACHMENT = "attachment"  # embedded file, listed on a page
    PLACEHOLDER = "placeholder"  # a page saying what is wrong


class Problem(enum.StrEnum):
    MISSING = "missing"
    MISMATCH = "mismatch"
    DAMAGED = "damaged"
    ENCRYPTED = "encrypted"
    TRUNCATED = "truncated"
    UNRENDERABLE = "unrenderable"
    TOO_LARGE = "too_large"


PROBLEM_OF_CHECK = {
    FileCheck.DAMAGED: Problem.DAMAGED,
    FileCheck.ENCRYPTED: Problem.ENCRYPTED,
    FileCheck.TRUNCATED: Problem.TRUNCATED,
    FileCheck.UNRENDERABLE: Problem.UNRENDERABLE,
    FileCheck.TOO_LARGE: Problem.TOO_LARGE,
}


@dataclass(frozen=True)
class JpegInfo:
    width: int
    height: int
    colour_space: str  # /DeviceRGB, /DeviceGray, /DeviceCMYK
    inverted: bool  # Adobe CMYK, stored inverted
    orientation: int  # EXIF 1–8


@dataclass
class PlannedItem:
    entry: EvidenceEntry
    treatment: Treatment
    pages: int = 1
    path: Path | None = None
    data: bytes | None = None  # the file's bytes when the PDF needs them (photo, PDF, attachment)
    jpeg: JpegInfo | None = None
    pdf: PdfReader | None = None
    problem: Problem | None = None
    attach: bool = False  # embed the original file (attachments, damaged or protected files)
    converted: dict[int, Any] = field(default_factory=dict)  # frame → picture, converted once

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def own_pages(self) -> bool:
        """Whether its pages are drawn by the layout (all but appended PDFs)."""
        return self.treatment is not Treatment.PDF


def _warning(item: PlannedItem) -> str:
    title = item.entry.evidence.title
    code = item.code
    messages = {
        Problem.MISSING: _(
            "Evidence {code} “{title}”: its file is missing from the data folder; a placeholder "
            "page stands in its place. Add the file again."
        ),
        Problem.MISMATCH: _(
            "Evidence {code} “{title}”: the stored file no longer matches its SHA-256 (changed or "
            "damaged on disk); a placeholder page stands in its place. Run “anninh check”."
        ),
        Problem.DAMAGED: _(
            "Evidence {code} “{title}”: the file is damaged and cannot be shown; a placeholder page "
            "stands in its place and the original is attached to the PDF."
        ),
        Problem.ENCRYPTED: _(
            "Evidence {code} “{title}”: the PDF is protected by a password, so its pages cannot be "
            "added; a placeholder page stands in its place and the original is attached. Add a copy "
            "without a password."
        ),
        Problem.TRUNCATED: _(
            "Evidence {code} “{title}”: the file is cut short (part of it is missing); a "
            "placeholder page stands in its place and the original is attached. Copy it again from "
            "the original."
        ),
        Problem.UNRENDERABLE: _(
            "Evidence {code} “{title}”: this kind of picture cannot be shown; a placeholder page "
            "stands in its place and the original is attached. Save it as JPEG or PNG."
        ),
        Problem.TOO_LARGE: _(
            "Evidence {code} “{title}”: the picture is too large to show in its format; a "
            "placeholder page stands in its place and the original is attached. Save it as JPEG "
            "or PNG."
        ),
    }
    assert item.problem is not None
    return messages[item.problem].format(code=code, title=title)


def plan_evidence(
    ws: Workspace,
    entries: Sequence[EvidenceEntry],
    *,
    step: Callable[[], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> tuple[list[PlannedItem], list[str]]:
    """Check every item's file and decide its treatment; the warnings are for the user."""
    planned: list[PlannedItem] = []
    notes: list[str] = []
    for entry in entries:
        if cancel is not None and cancel():
            raise Cancelled()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf and PIL warn about odd files; we judge them
            item = _plan_one(ws, entry)
        planned.append(item)
        if item.problem is not None:
            notes.append(_warning(item))
        if step is not None:
            step()
    return planned, notes


def _plan_one(ws: Workspace, entry: EvidenceEntry) -> PlannedItem:
    revision = entry.revision
    if revision is None:
        return PlannedItem(entry, Treatment.PLACEHOLDER, problem=Problem.MISSING)
    path = ws.store.blobs.path_for(revision.sha256)
    try:
        data = path.read_bytes()
    except OSError:
        return PlannedItem(entry, Treatment.PLACEHOLDER, problem=Problem.MISSING)
    if hashlib.sha256(data).hexdigest() != revision.sha256:
        return PlannedItem(entry, Treatment.PLACEHOLDER, path=path, problem=Problem.MISMATCH)
    head = data[:1024]
    name = revision.filename.lower()
    if b"%PDF-" in head or revision.media_type == _PDF_MEDIA or name.endswith(".pdf"):
        return _plan_pdf(entry, path, data)
    if head.startswith(b"\xff\xd8\xff"):
        return _plan_jpeg(entry, path, data)
    return _plan_other(entry, path, data, revision.check)


def _damaged(
    entry: EvidenceEntry, path: Path, data: bytes, problem: Problem = Problem.DAMAGED
) -> PlannedItem:
    return PlannedItem(
        entry, Treatment.PLACEHOLDER, path=path, data=data, problem=problem, attach=True
    )


def _plan_pdf(entry: EvidenceEntry, path: Path, data: bytes) -> PlannedItem:
    head, tail = data[: evidence_check.HEAD_BYTES], data[-evidence_check.TAIL_BYTES :]
    if evidence_check.pdf_cut_short(head, tail):  # pages may be missing: never a silent part
        log.info("evidence %s: PDF cut short", entry.code)
        return _damaged(entry, path, data, Problem.TRUNCATED)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return _damaged(entry, path, data, Problem.ENCRYPTED)
        pages = len(reader.pages)
        for page in reader.pages:
            _ = page.mediabox  # resolves every page now, so a broken one is found before layout
    except (
        PyPdfError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        OSError,
    ) as exc:
        log.info("evidence %s: unreadable PDF: %s", entry.code, exc)
        return _damaged(entry, path, data)
    except NotImplementedError as exc:  # an encryption pypdf does not know
        log.info("evidence %s: PDF encryption not supported: %s", entry.code, exc)
        return _damaged(entry, path, data, Problem.ENCRYPTED)
    if pages == 0:
        return _damaged(entry, path, data)
    return PlannedItem(entry, Treatment.PDF, pages=pages, path=path, data=data, pdf=reader)


def _plan_picture(entry: EvidenceEntry, path: Path, data: bytes, check: FileCheck) -> PlannedItem:
    """A picture converted once: its frames, checked within bounded memory unless already known."""
    try:
        info = evidence_pictures.picture_info(path)
        if check is not FileCheck.OK:  # not checked on arrival (older evidence), or found wanting
            for frame in range(info.frames):
                evidence_pictures.load_picture(path, 256, frame=frame)
    except PictureError as exc:
        log.info("evidence %s: picture not shown: %s", entry.code, exc)
        return _damaged(entry, path, data, PROBLEM_OF_CHECK.get(exc.check, Problem.DAMAGED))
    return PlannedItem(entry, Treatment.IMAGE, pages=info.frames, path=path)


_JPEG_SPACES = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}


def _plan_jpeg(entry: EvidenceEntry, path: Path, data: bytes) -> PlannedItem:
    try:
        with Image.open(io.BytesIO(data)) as im:
            # MPO (phones' multi-picture JPEG) starts with a plain JPEG, which is what PDF shows.
            if im.format not in ("JPEG", "MPO") or im.mode not in _JPEG_SPACES:
                return _plan_picture(entry, path, data, FileCheck.UNCHECKED)
            info = JpegInfo(
                width=im.width,
                height=im.height,
                colour_space=_JPEG_SPACES[im.mode],
                inverted=im.mode == "CMYK" and "adobe" in im.info,
                orientation=_orientation(im),
            )
    except Image.DecompressionBombError:  # Pillow's header check: we decode it bounded instead
        return _plan_picture(entry, path, data, FileCheck.UNCHECKED)
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError) as exc:
        log.info("evidence %s: damaged JPEG: %s", entry.code, exc)
        cut = not evidence_check.jpeg_ends(data[-evidence_check.TAIL_BYTES :])
        return _damaged(entry, path, data, Problem.TRUNCATED if cut else Problem.DAMAGED)
    if not jpeg_complete(data):
        log.info("evidence %s: truncated JPEG", entry.code)
        return _damaged(entry, path, data, Problem.TRUNCATED)
    if info.width * info.height > PASS_THROUGH_PIXELS:
        return _plan_picture(entry, path, data, FileCheck.UNCHECKED)
    return PlannedItem(entry, Treatment.PHOTO, path=path, data=data, jpeg=info)


_STANDALONE_MARKERS = frozenset({0x01, *range(0xD0, 0xD9)})  # TEM, RST0–7, SOI: no length


def jpeg_complete(data: bytes) -> bool:
    """Whether the JPEG's segments are well formed up to its image data, which ends with EOI.

    Decoding every photo to find a truncated one would cost more than the whole dossier; a file
    cut short lacks the end-of-image marker after its scan (a thumbnail's EOI comes before it).
    """
    i, size = 2, len(data)
    while i + 4 <= size:
        if data[i] != 0xFF:
            return False
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xDA:  # start of scan: the image data follows
            return data.rfind(b"\xff\xd9") > i
        if marker in _STANDALONE_MARKERS:
            i += 2
            continue
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return False


def _orientation(im: Image.Image) -> int:
    try:
        value = int(im.getexif().get(EXIF_ORIENTATION, 1))
    except (ValueError, TypeError, OSError):
        return 1
    return value if 1 <= value <= 8 else 1


def _plan_other(entry: EvidenceEntry, path: Path, data: bytes, check: FileCheck) -> PlannedItem:
    content = evidence_check.sniff(data[: evidence_check.HEAD_BYTES])
    if content.is_picture:
        return _plan_picture(entry, path, data, check)
    try:  # a picture format the checks do not name (ICO, PPM…): Pillow tells
        evidence_pictures.picture_info(path)
    except PictureError:
        return PlannedItem(entry, Treatment.ATTACHMENT, path=path, data=data, attach=True)
    return _plan_picture(entry, path, data, check)
