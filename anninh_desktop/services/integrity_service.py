"""`anninh check`: database integrity, foreign keys, evidence blob hashes, and the audit chain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from anninh_desktop.i18n import _
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.maintenance import foreign_key_problems, integrity_problems


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    blobs_checked: int = 0
    audit_events: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check(ws: Workspace, *, progress: Callable[[int, int], None] | None = None) -> CheckReport:
    """Every check; problems are sentences in the user's language."""
    store = ws.store
    report = CheckReport()
    for detail in integrity_problems(store.db):
        report.problems.append(_("Database damaged: {detail}").format(detail=detail))
    for detail in foreign_key_problems(store.db):
        report.problems.append(
            _("Broken reference in the database: {detail}").format(detail=detail)
        )
    hashes = store.evidence.all_blob_hashes()
    for index, (sha256, _size) in enumerate(hashes, start=1):
        if not store.blobs.exists(sha256):
            report.problems.append(
                _("Evidence file {sha} is missing from the data folder").format(sha=sha256[:12])
            )
        elif not store.blobs.verify(sha256):
            report.problems.append(
                _("Evidence file {sha} is damaged (its content no longer matches its hash)").format(
                    sha=sha256[:12]
                )
            )
        report.blobs_checked += 1
        if progress is not None:
            progress(index, len(hashes))
    report.audit_events = len(store.audit.events())
    broken = store.audit.check()
    if broken is not None:
        report.problems.append(
            _("Audit log broken at event {seq} ({reason}): a line was changed or removed").format(
                seq=broken.seq, reason=broken.reason
            )
        )
    return report
