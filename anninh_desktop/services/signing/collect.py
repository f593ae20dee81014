"""Every filled signature field of a PDF, including those pyHanko would skip or cannot read.

pyHanko's own list leaves out a signature whose format (SubFilter) it does not know and fails as a
whole when one signature's data is damaged. A verifier must not do either: a signature it cannot
check is reported as such (not valid), and the others are still checked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigSeedSubFilter, enumerate_sig_fields
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from anninh_desktop.domain.text import nfc

log = logging.getLogger(__name__)

_KNOWN_SUBFILTERS = frozenset(f.value for f in SigSeedSubFilter)


@dataclass(frozen=True)
class FoundSignature:
    field_name: str
    embedded: EmbeddedPdfSignature | None  # None: it cannot be checked (see `problem`)
    problem: str = ""  # "unsupported_format" or "unreadable"

    @property
    def revision(self) -> int:
        if self.embedded is None:
            return 1 << 30  # unknown: after every readable one
        try:
            return int(self.embedded.signed_revision)
        except Exception:  # its place in the file cannot be found
            return 1 << 30


def collect_signatures(reader: PdfFileReader) -> list[FoundSignature]:
    """The document's signatures (not document timestamps), in signing order."""
    found: list[FoundSignature] = []
    for fq_name, sig_obj, sig_field in enumerate_sig_fields(reader, filled_status=True):
        name = nfc(str(fq_name or ""))
        try:
            value: Any = sig_obj.get_object()
            if value.get("/Type") == "/DocTimeStamp":
                continue
            subfilter = value.get("/SubFilter")
            if subfilter is not None and str(subfilter) not in _KNOWN_SUBFILTERS:
                log.info("signature %s has an unsupported format %s", name, subfilter)
                found.append(FoundSignature(name, None, "unsupported_format"))
                continue
            embedded = EmbeddedPdfSignature(reader, sig_field, fq_name)
            _ = embedded.signed_revision  # forces the byte range to be read
        except Exception:
            log.warning("signature %s cannot be read", name, exc_info=True)
            found.append(FoundSignature(name, None, "unreadable"))
            continue
        found.append(FoundSignature(name, embedded))
    return sorted(found, key=lambda f: f.revision)
