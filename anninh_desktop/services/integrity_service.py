"""`anninh check`: what a crash or a hand edit leaves behind.

It reads as streams (memory bounded whatever the size of the store) and lets SQLite's own checks
run in a thread on a connection of their own while it reads the rest (issue 14,
bench/integrity_check.py).

- the database (SQLite's integrity and foreign key checks);
- evidence files: missing or changed ones, and **orphans** (files no row refers to, e.g. left by a
  killed import: `repair=True` removes those older than a few minutes, so that a file an import in
  the window is adding right now is never taken);
- **partial files** left by killed work (`*.part`, an interrupted restore) and the whole-database
  copies older versions kept before each import (`repair=True` removes them);
- the **audit log**: its hash chain; rows whose values differ from what the log last recorded for
  them, or from the version their author signed (a hand edit in SQL); this office's log against the
  heads it signed and sent (a recomputed chain); other offices' histories found rewritten when
  their packages arrived (see services/sync/audit_heads.py).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from anninh_desktop.i18n import _
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.blobstore import TEMP_DIR_NAME
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.maintenance import (
    file_problems,
    on_reader,
    referenced_blob_hashes,
    rows_unlike_their_log,
)
from anninh_desktop.storage.migrations.m006_sync import SYNCED_TABLES as CORE_TABLES
from anninh_desktop.storage.migrations.m012_officers import OFFICER_TABLES
from anninh_desktop.storage.store import BLOBS_DIR
from anninh_desktop.storage.sync_rows import SYNCED_TABLES

# A file younger than this may belong to work going on now (an import in the window).
ORPHAN_GRACE_SECONDS = 10 * 60
PARTIAL_SUFFIXES = (".part", ".restoring")
# Audit fields named otherwise than their column.
AUDIT_ALIASES = {"unit": {"parent": "parent_id"}}
# The rows compared with what the audit log last recorded for them: the core tables, whose events
# record column values. (The movement's events record other things under column names, e.g. a
# team's "members" is its head count: its rows are checked against their signed versions only.)
# The officers' events record their columns (name, rank, position) too.
LOGGED_TABLES = (*CORE_TABLES, *OFFICER_TABLES)


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    blobs_checked: int = 0
    audit_events: int = 0
    orphans: list[str] = field(default_factory=list)  # sha256 of files no row refers to
    partial_files: list[Path] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)  # what `repair` removed, as sentences

    @property
    def ok(self) -> bool:
        return not self.problems


def check(
    ws: Workspace,
    *,
    progress: Callable[[int, int], None] | None = None,
    repair: bool = False,
    now: float | None = None,
) -> CheckReport:
    """Every check; problems are sentences in the user's language. `repair` removes orphan
    evidence files and leftover partial files (nothing a row refers to)."""
    store = ws.store
    report = CheckReport()
    me = store.installation
    # SQLite's own checks and the rows compared with the log run in threads of their own, on
    # their own connections (SQLite works without Python's lock), while this thread hashes the
    # files and the audit chain.
    sqlite_checks = _InThread(lambda: file_problems(store.database_path))
    against_log = _InThread(
        lambda: on_reader(store.database_path, lambda db: _rows_against_log(db, me))
    )
    sqlite_checks.start()
    against_log.start()
    try:
        referenced = referenced_blob_hashes(store.db)
        evidence = {sha for sha, _size in store.evidence.all_blob_hashes()}
        files, orphans = _blobs(ws, report, evidence, referenced, repair, now, progress)
        _partial_files(ws, report, repair)
        _audit(ws, report, against_log)
    finally:
        integrity, references = sqlite_checks.result()
        against_log.result()
    report.problems[:0] = [
        *(_("Database damaged: {detail}").format(detail=d) for d in integrity),
        *(_("Broken reference in the database: {detail}").format(detail=d) for d in references),
        *files,
        *orphans,
    ]
    return report


class _InThread[T](threading.Thread):
    """`work()` in a thread of its own; `result()` waits for it (and raises what it raised)."""

    def __init__(self, work: Callable[[], T]) -> None:
        super().__init__(name="check", daemon=True)
        self.work = work
        self.value: T | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.value = self.work()
        except BaseException as exc:  # reported in the caller's thread
            self.error = exc

    def result(self) -> T:
        self.join()
        if self.error is not None:
            raise self.error
        assert self.value is not None
        return self.value


def _blobs(
    ws: Workspace,
    report: CheckReport,
    evidence: set[str],
    referenced: set[str],
    repair: bool,
    now: float | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[str], list[str]]:
    """One pass over the stored files: each evidence file hashed as it is listed, each file no
    row refers to an orphan; then the evidence files that were not there. (problems of the
    evidence files, problems of orphans)"""
    store = ws.store
    files: list[str] = []
    orphans: list[str] = []
    clock = time.time() if now is None else now
    seen: set[str] = set()

    def checked() -> None:
        report.blobs_checked += 1
        if progress is not None:
            progress(report.blobs_checked, len(evidence))

    for sha256 in store.blobs.iter_hashes():
        seen.add(sha256)
        if sha256 in evidence:
            if not store.blobs.verify(sha256):
                files.append(
                    _(
                        "Evidence file {sha} is damaged (its content no longer matches its hash)"
                    ).format(sha=sha256[:12])
                )
            checked()
        elif sha256 not in referenced:
            orphans.extend(_orphan(ws, report, sha256, repair, clock))
    for sha256 in sorted(evidence - seen):
        files.append(
            _("Evidence file {sha} is missing from the data folder").format(sha=sha256[:12])
        )
        checked()
    return files, orphans


def _orphan(ws: Workspace, report: CheckReport, sha: str, repair: bool, now: float) -> list[str]:
    """A stored file no row refers to: reported, or removed when `repair` and not minutes old."""
    path = ws.store.blobs.path_for(sha)
    try:
        age = now - path.stat().st_mtime
    except OSError:
        return []
    report.orphans.append(sha)
    if repair and age >= ORPHAN_GRACE_SECONDS:
        ws.store.blobs.remove(sha)
        report.repaired.append(
            _("Removed evidence file {sha}, which no record refers to.").format(sha=sha[:12])
        )
        return []
    if repair:
        return [
            _(
                "Evidence file {sha} is referred to by no record but is only minutes old "
                "(it may belong to work going on now); it was kept: run the check again later."
            ).format(sha=sha[:12])
        ]
    return [
        _(
            "Evidence file {sha} ({size}) is referred to by no record (left by an "
            "interrupted import?); “anninh check --repair” removes it."
        ).format(sha=sha[:12], size=_size(path))
    ]


def _size(path: Path) -> str:
    try:
        n = path.stat().st_size
    except OSError:
        return "?"
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB"


def _partial_files(ws: Workspace, report: CheckReport, repair: bool) -> None:
    root = ws.root
    temp = root / BLOBS_DIR / TEMP_DIR_NAME
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here == temp:
            dirnames.clear()  # the blob store's own staging, cleaned when the folder opens
            continue
        if here.name == "logs":
            continue
        for name in list(dirnames):
            if name.startswith(".restoring-"):  # a restore killed while staging
                dirnames.remove(name)
                found.append(here / name)
        for name in filenames:
            if name.endswith(PARTIAL_SUFFIXES):
                found.append(here / name)
    old_copies = sorted((root / "sync" / "backups").glob("before-*.sqlite3*"))
    for path in found + old_copies:
        report.partial_files.append(path)
        if repair:
            try:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            except OSError:
                report.problems.append(
                    _("Could not remove {path}; remove it by hand.").format(path=path)
                )
                continue
            report.repaired.append(_("Removed {path}.").format(path=path.relative_to(root)))
        elif path in old_copies:
            report.problems.append(
                _(
                    "{path} ({size}) is a whole copy of the database an older version made "
                    "before an import; “anninh check --repair” removes it."
                ).format(path=path.relative_to(root), size=_size(path))
            )
        else:
            report.problems.append(
                _(
                    "{path} is a partial file left by interrupted work; “anninh check "
                    "--repair” removes it."
                ).format(path=path.relative_to(root))
            )


def _audit(ws: Workspace, report: CheckReport, against_log: _InThread[list[str]]) -> None:
    from anninh_desktop.services.sync.audit_heads import local_problems
    from anninh_desktop.storage.sync_audit import alarms
    from anninh_desktop.storage.sync_repo import SyncRepository

    store = ws.store
    report.audit_events, broken = store.audit.verify()
    if broken is not None:
        report.problems.append(
            _("Audit log broken at event {seq} ({reason}): a line was changed or removed").format(
                seq=broken.seq, reason=broken.reason
            )
        )
    report.problems.extend(against_log.result())
    _rows_against_signatures(ws, report)
    names = {p.installation_id: p.office_name for p in SyncRepository(store.db).peers()}
    for problem in local_problems(ws):
        report.problems.append(
            _(
                "This office's audit log no longer has the history it signed and sent to {office} "
                "on {at}: events up to number {seq} were changed and the chain computed again."
            ).format(
                office=names.get(problem.peer_id, problem.peer_id[:8]),
                at=problem.sent_at[:16],
                seq=problem.seq,
            )
        )
    from anninh_desktop.services.sync.audit_heads import HistoryAlarm

    for alarm in alarms(store.db):
        text = HistoryAlarm(alarm.kind, alarm.seq).text(
            names.get(alarm.sender_id, alarm.sender_id[:8])
        )
        report.problems.append(
            _("{text} (found on {at})").format(text=text, at=alarm.detected_at[:16])
        )


def _norm(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(float(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _rows_against_log(db: Database, me: str) -> list[str]:
    """Rows this installation wrote last: the values the audit log last recorded for them.

    SQLite sets aside the rows whose logged values are plain texts equal to the row's
    (`rows_unlike_their_log`); the others are compared here, value by value."""
    problems: list[str] = []
    for table in LOGGED_TABLES:
        aliases = AUDIT_ALIASES.get(table, {})
        for row, new in rows_unlike_their_log(db, table, me, aliases, _NOT_COMPARED):
            try:
                values = json.loads(new)
            except ValueError:
                continue
            if not isinstance(values, dict) or not values:
                continue
            differ = sorted(
                column
                for name, value in values.items()
                if (column := aliases.get(name, name)) in row
                and column not in _NOT_COMPARED
                and _norm(row[column]) != _norm(value)
            )
            if differ:
                problems.append(
                    _(
                        "{table} {row}: {fields} differ from what the audit log last recorded for "
                        "it (changed outside the program?)"
                    ).format(table=table, row=str(row["id"])[:12], fields=", ".join(differ))
                )
    return problems


_NOT_COMPARED = frozenset({"id", "changed_by", "change_seq"})


def _rows_against_signatures(ws: Workspace, report: CheckReport) -> None:
    """Rows with a kept signature of their version: the content is still what was signed."""
    from anninh_desktop.services.sync.authorship import row_digest
    from anninh_desktop.storage.maintenance import signed_versions

    db = ws.store.db
    for table in SYNCED_TABLES:
        for row, sig in signed_versions(db, table):
            if row_digest(table, row) != sig.digest:
                report.problems.append(
                    _(
                        "{table} {row} is no longer what its author signed for this version "
                        "(changed outside the program?)"
                    ).format(table=table, row=sig.row_id[:12])
                )
