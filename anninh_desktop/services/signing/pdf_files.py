"""Opening PDFs to sign or verify (with clear refusals) and writing results without half-files."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

log = logging.getLogger(__name__)

# The PDF header may follow some bytes of junk; readers look at the first kilobyte.
_HEADER_WINDOW = 1024
CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _open_binary(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise UserError(_("The file “{path}” does not exist.").format(path=path)) from None
    except IsADirectoryError:
        raise UserError(_("“{path}” is a folder, not a PDF file.").format(path=path)) from None
    except OSError as exc:
        raise UserError(
            _("Cannot read “{path}”: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None


def not_a_pdf(path: Path) -> UserError:
    return UserError(
        _("“{path}” is not a PDF file. Choose the dossier's PDF file.").format(path=path)
    )


def damaged_pdf(path: Path) -> UserError:
    return UserError(
        _(
            "“{path}” is damaged: it cannot be read as a PDF. Ask the sender for the file again, "
            "or copy it again from the USB stick."
        ).format(path=path)
    )


@contextmanager
def open_pdf(path: Path) -> Iterator[tuple[PdfFileReader, BinaryIO]]:
    """A pyHanko reader over the file; UserError when it is missing, not a PDF, damaged or encrypted.

    The file stays open while the block runs (pyHanko reads lazily).
    """
    fh = _open_binary(path)
    try:
        if b"%PDF-" not in fh.read(_HEADER_WINDOW):
            raise not_a_pdf(path)
        fh.seek(0)
        try:
            reader = PdfFileReader(fh, strict=False)
            encrypted = reader.encrypted
            if not encrypted:
                reader.root  # noqa: B018 — reads the catalogue: a broken file fails here
        except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            log.info("cannot read %s as PDF: %r", path, exc)
            raise damaged_pdf(path) from None
        if encrypted:
            raise UserError(
                _(
                    "“{path}” is encrypted (protected by a password). Signed dossiers must not be "
                    "encrypted: ask the sender for the file without a password."
                ).format(path=path)
            )
        yield reader, fh
    finally:
        fh.close()


def partial_path(target: Path) -> Path:
    """The temporary name a result is written under, in the target's folder."""
    return target.with_name(f".{target.name}.partial")


def discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("cannot remove the temporary file %s", path, exc_info=True)


def write_error(exc: OSError, target: Path) -> UserError:
    if exc.errno == 28:  # ENOSPC
        return UserError(
            _(
                "The disk is full; “{path}” was not written. Free some space or choose another drive."
            ).format(path=target)
        )
    return UserError(
        _(
            "Cannot write “{path}”: {reason}. Close the file if another program has it open, or "
            "choose another folder."
        ).format(path=target, reason=exc.strerror or exc)
    )


def finish_partial(tmp: Path, target: Path) -> None:
    """Flush the finished temporary file to disk and give it its final name."""
    try:
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        discard(tmp)
        raise write_error(exc, target) from None
