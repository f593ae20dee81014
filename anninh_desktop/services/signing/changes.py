"""What happened to a PDF after each signature, classified truthfully.

pyHanko's difference analysis tells whether later revisions only add signatures, fill in fields,
add annotations, or change pages (its "modification level"); it treats a changed document
information dictionary (title, author…) like validation data, and does not see bytes appended
after the end of the last revision at all. Both are looked at here:

- the document information (`/Info`) and XMP metadata (`/Root/Metadata`) of the signed revision
  are compared with those of the file as it is now;
- the bytes after the last revision's `startxref … %%EOF` are looked at: anything but white space
  there belongs to no revision (a viewer ignores it; the file is not the one that was signed).
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation.status import SignatureCoverageLevel

from anninh_desktop.services.signing.revision_compare import only_annotations_changed

log = logging.getLogger(__name__)

_WHITESPACE = b" \t\r\n\x00\x0c"
_TAIL_WINDOW = 1 << 16


class ChangeKind(enum.StrEnum):
    """One kind of change after a signature (several may apply)."""

    SIGNATURES = "signatures"  # further signatures and their fields, validation data: allowed
    FORM_FILLING = "form_filling"  # other form fields filled in
    ANNOTATIONS = "annotations"  # comments, marks
    METADATA = "metadata"  # document information / XMP metadata changed: a warning
    CONTENT = "content"  # pages or their content changed: not allowed
    TRAILING_BYTES = "trailing_bytes"  # bytes after the end of the last revision: a warning
    UNKNOWN = "unknown"  # could not be determined: not allowed


class Severity(enum.IntEnum):
    OK = 0
    WARNING = 1
    BAD = 2


def severity(kind: ChangeKind, allowed: bool) -> Severity:
    """How a change weighs on the verdict; `allowed`: pyHanko found it within the signature's
    permissions (DocMDP)."""
    if kind is ChangeKind.SIGNATURES:
        return Severity.OK
    if kind is ChangeKind.FORM_FILLING:
        # allowed by the signature, but what the page shows in those fields is not what was signed
        return Severity.WARNING if allowed else Severity.BAD
    if kind is ChangeKind.ANNOTATIONS:
        return Severity.WARNING if allowed else Severity.BAD
    if kind in (ChangeKind.METADATA, ChangeKind.TRAILING_BYTES):
        return Severity.WARNING
    return Severity.BAD


def _ordered(kinds: set[ChangeKind]) -> tuple[ChangeKind, ...]:
    return tuple(k for k in ChangeKind if k in kinds)


def trailing_bytes(reader: PdfFileReader, stream: BinaryIO) -> int:
    """How many bytes follow the end of the last revision (0 when only white space does)."""
    try:
        xrefs = reader.xrefs
        meta = xrefs.get_xref_container_info(xrefs.total_revisions - 1)
        start, declared = meta.end_location, meta.declared_startxref
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(start)
        window = stream.read(_TAIL_WINDOW)
    except Exception:  # a structure pyHanko read differently: cannot judge
        log.info("cannot find the end of the last revision", exc_info=True)
        return 0
    marker = re.search(rb"startxref\s+%d\s*%%%%EOF(\r\n|\r|\n)?" % declared, window)
    if marker is None:
        log.info("no startxref %d %%%%EOF after the last xref section", declared)
        return 0
    end = start + marker.end()
    stream.seek(end)
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            return 0
        if chunk.strip(_WHITESPACE):
            return size - end


def _plain(value: Any, resolve: Any, depth: int = 0) -> Any:
    """A PDF object as plain Python values (references resolved by `resolve`, so within the
    revision asked for), to compare two revisions' metadata."""
    if depth > 8:
        return None
    if isinstance(value, generic.IndirectObject):
        value = resolve(value.reference)
    if isinstance(value, generic.StreamObject):
        return bytes(value.data)
    if isinstance(value, generic.DictionaryObject):
        return {str(k): _plain(value.raw_get(k), resolve, depth + 1) for k in value}
    if isinstance(value, generic.ArrayObject):
        return [_plain(v, resolve, depth + 1) for v in value]
    if isinstance(value, generic.TextStringObject | generic.ByteStringObject):
        return str(value)
    return repr(value)


# What every PDF writer (pyHanko included) updates on each save: a later signature changes these,
# so they say nothing about the document. Anything else (title, author, subject, keywords…) does.
_WRITER_INFO = frozenset({"/ModDate", "/Producer"})
_WRITER_XMP = frozenset(
    {"ModifyDate", "MetadataDate", "Producer", "xmptk", "InstanceID", "about", "begin", "id"}
)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _xmp_properties(data: bytes) -> Any:
    """The XMP packet's properties other than the writer's own, as {path: text}."""
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(data.strip().split(b"?>", 1)[-1].rsplit(b"<?xpacket", 1)[0])
    except ElementTree.ParseError:
        return data  # not readable as XML: compared byte for byte
    found: dict[str, str] = {}

    def walk(element: Any, path: str) -> None:
        here = f"{path}/{_local(element.tag)}"
        for name, value in element.attrib.items():
            if _local(name) not in _WRITER_XMP and value.strip():
                found[f"{here}@{_local(name)}"] = value.strip()
        text = (element.text or "").strip()
        if text and _local(element.tag) not in _WRITER_XMP:
            found[here] = found.get(here, "") + text
        for child in element:
            walk(child, here)

    walk(root, "")
    return found


def _metadata(reader: PdfFileReader, revision: int | None) -> tuple[Any, Any]:
    """(document information, XMP properties) at a revision (None: the file as it is now),
    without what writers update on every save."""
    if revision is None:
        trailer, resolve = reader.trailer_view, reader.get_object
    else:
        resolver = reader.get_historical_resolver(revision)
        trailer, resolve = resolver.trailer_view, resolver.get_object
    info = _plain(trailer.raw_get("/Info"), resolve) if "/Info" in trailer else {}
    if isinstance(info, dict):
        info = {k: v for k, v in info.items() if k not in _WRITER_INFO and v not in ("", None)}
    root = trailer.raw_get("/Root")
    if isinstance(root, generic.IndirectObject):
        root = resolve(root.reference)
    xmp = _plain(root.raw_get("/Metadata"), resolve) if "/Metadata" in root else b""
    if not isinstance(xmp, bytes):
        xmp = b""
    return info, _xmp_properties(xmp) if xmp else {}


def metadata_changed(reader: PdfFileReader, signed_revision: int) -> bool:
    try:
        return _metadata(reader, signed_revision) != _metadata(reader, None)
    except Exception:  # unreadable metadata counts as changed: it cannot be shown to be the same
        log.info("cannot compare the metadata of revision %d", signed_revision, exc_info=True)
        return True


@dataclass(frozen=True)
class Classified:
    kinds: tuple[ChangeKind, ...]
    # pyHanko could not explain a later revision, and the page-by-page comparison showed that
    # only comments/marks (annotations) changed: its "not allowed" is replaced by ours
    overruled: bool = False


def annotations_permitted(docmdp: MDPPerm | None) -> bool:
    """Comments may be added unless a (certification) signature's DocMDP forbids it."""
    return docmdp is None or docmdp.value >= MDPPerm.ANNOTATE.value


def classify(
    embedded: Any,
    status: Any,
    reader: PdfFileReader,
    later_signatures: Iterable[Any],
    trailing: int,
) -> Classified:
    """Every kind of change after `embedded` (pyHanko's EmbeddedPdfSignature with its status)."""
    kinds: set[ChangeKind] = set()
    if trailing:
        kinds.add(ChangeKind.TRAILING_BYTES)
    coverage = status.coverage
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return Classified(_ordered(kinds))
    if coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        kinds.add(ChangeKind.UNKNOWN)
        return Classified(_ordered(kinds))
    later = list(later_signatures)
    signature_fields = {str(s.field_name) for s in later}
    if later:
        kinds.add(ChangeKind.SIGNATURES)
    diff = status.diff_result
    level = status.modification_level
    overruled = False
    if diff is None or level is None or level == ModificationLevel.OTHER:
        if only_annotations_changed(reader, embedded.signed_revision) is True:
            kinds.add(ChangeKind.ANNOTATIONS)
            overruled = True
        elif diff is None or level is None:
            kinds.add(ChangeKind.UNKNOWN)
        else:
            kinds.add(ChangeKind.CONTENT)
    elif level == ModificationLevel.ANNOTATIONS:
        kinds.add(ChangeKind.ANNOTATIONS)
    elif level == ModificationLevel.FORM_FILLING:
        changed = set(getattr(diff, "changed_form_fields", set()) or set())
        if changed - signature_fields:
            kinds.add(ChangeKind.FORM_FILLING)
    metadata = embedded.signed_revision < reader.xrefs.total_revisions - 1 and metadata_changed(
        reader, embedded.signed_revision
    )
    if metadata:
        kinds.add(ChangeKind.METADATA)
    elif level == ModificationLevel.LTA_UPDATES:
        kinds.add(ChangeKind.SIGNATURES)  # validation data or document timestamps
    return Classified(_ordered(kinds), overruled)
