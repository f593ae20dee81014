"""What the check on arrival found, in words: a short label for lists, a full explanation for the
detail, the completeness check and the command line (what happened, what to do)."""

from __future__ import annotations

from anninh_desktop.domain.evidence import FileCheck
from anninh_desktop.i18n import N_, _

_SHORT = {
    FileCheck.ENCRYPTED: N_("Protected by a password"),
    FileCheck.TRUNCATED: N_("File cut short"),
    FileCheck.DAMAGED: N_("Damaged file"),
    FileCheck.UNRENDERABLE: N_("Cannot be shown"),
    FileCheck.TOO_LARGE: N_("Picture too large to show"),
}
_LONG = {
    FileCheck.ENCRYPTED: N_(
        "The file is protected by a password, so its content cannot be shown or put into the "
        "dossier: the dossier gets a page saying so, with the file attached. Add a copy without "
        "a password as a new revision."
    ),
    FileCheck.TRUNCATED: N_(
        "The file is cut short: part of its content is missing (a copy or download that was "
        "interrupted). Copy it again from the original and add it as a new revision."
    ),
    FileCheck.DAMAGED: N_(
        "The file is damaged and cannot be shown: the dossier gets a page saying so, with the "
        "file attached. Add an intact copy as a new revision."
    ),
    FileCheck.UNRENDERABLE: N_(
        "This kind of picture cannot be shown by this program (for example HEIC photos from a "
        "phone): the dossier attaches the file as it is. Save it as JPEG or PNG and add that as "
        "a new revision."
    ),
    FileCheck.TOO_LARGE: N_(
        "The picture is too large to show in this format: the dossier attaches the file as it "
        "is. Save it as JPEG or PNG and add that as a new revision."
    ),
}


def short_warning(check: FileCheck) -> str:
    """A few words for a list row ("" when there is nothing to warn about)."""
    return _(_SHORT[check]) if check.is_warning else ""


def warning_text(check: FileCheck) -> str:
    """What happened and what to do ("" when there is nothing to warn about)."""
    return _(_LONG[check]) if check.is_warning else ""
