"""Whether a PDF already carries a signature (a rebuild must never overwrite one)."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

log = logging.getLogger(__name__)


def is_signed(path: Path) -> bool:
    """True when a signature field of the PDF's form has a value; an unreadable file counts as
    not signed (it is not a dossier this program could have signed)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with path.open("rb") as fh:  # a file object: pypdf reads what it needs, not all
                fields = PdfReader(fh, strict=False).get_fields() or {}
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        log.info("%s is not a readable PDF: %s", path, exc)
        return False
    return any(f.get("/FT") == "/Sig" and f.get("/V") is not None for f in fields.values())
