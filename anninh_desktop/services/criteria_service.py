"""Criterion sets: validate and import set files, list versions. Imported versions never change."""

from __future__ import annotations

import logging
from pathlib import Path

from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.shipped_sets import SHIPPED_KEY, shipped_fingerprint, shipped_set_files
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.criteria_repo import SetVersionExists

log = logging.getLogger(__name__)


def read_set_file(path: Path) -> tuple[CriterionSet, str]:
    """Parse and validate a set file; UserError lists every problem with file, line and field."""
    # The YAML reader only when a file is read (a command that finds a set needs none of it).
    from anninh_desktop.services.criteria_library import CriterionSetError, load_set_file

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UserError(_("File not found: {path}").format(path=path)) from exc
    except UnicodeDecodeError as exc:
        raise UserError(
            _("{path} is not a UTF-8 text file; save it as UTF-8 and try again").format(path=path)
        ) from exc
    except OSError as exc:
        raise UserError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    try:
        return load_set_file(path), text
    except CriterionSetError as exc:
        raise UserError("\n".join(str(p) for p in exc.problems)) from exc


def import_set_file(ws: Workspace, path: Path) -> tuple[CriterionSet, bool]:
    """Store the set version of a file; (set, False) when that exact version was already there."""
    criterion_set, text = read_set_file(path)
    return _store_set(ws, criterion_set, text, action="criteria.import")


def _store_set(ws: Workspace, s: CriterionSet, text: str, action: str) -> tuple[CriterionSet, bool]:
    try:
        with ws.store.change() as stamp:
            ws.store.criteria.add(s, text, ws.clock(), stamp)
            ws.record(
                stamp,
                action,
                "criterion_set",
                s.id,
                None,
                {"code": s.code, "version": s.version, "sha256": s.source_sha256},
            )
    except SetVersionExists as exc:
        if exc.same_content:
            return ws.store.criteria.latest_matching(s.code, s.version), False
        raise UserError(
            _(
                "Set {code} version {version} already exists with different content; "
                "a changed set needs a higher version number"
            ).format(code=s.code, version=s.version)
        ) from exc
    return s, True


def import_shipped_sets(ws: Workspace) -> int:
    """Store every shipped set version not yet in the data folder; returns how many were added.

    The files are parsed only when they differ from the last start (a hash of their bytes is kept),
    so an ordinary start costs a few file reads, not a YAML parse of every set.
    """
    files = shipped_set_files()
    fingerprint = shipped_fingerprint(files)
    if ws.store.meta(SHIPPED_KEY) == fingerprint:
        return 0
    added = 0
    for path in files:
        s, text = read_set_file(path)
        if ws.store.criteria.has_version(s.code, s.version):
            continue
        _store_set(ws, s, text, action="criteria.ship")
        added += 1
    ws.store.set_meta(SHIPPED_KEY, fingerprint)
    return added


def list_sets(ws: Workspace) -> list[CriterionSet]:
    return ws.store.criteria.all()


def find_set(ws: Workspace, code_or_id: str, version: int | None = None) -> CriterionSet:
    """A set by id, or by code (latest version unless one is given)."""
    repo = ws.store.criteria
    try:
        return repo.get(code_or_id)
    except KeyError:
        pass
    found: CriterionSet | None
    if version is None:
        found = repo.latest(code_or_id)
    else:
        try:
            found = repo.latest_matching(code_or_id, version)
        except KeyError:
            found = None
    if found is None:
        raise UserError(
            _("No criterion set “{code}”; see the list with: anninh criteria list").format(
                code=code_or_id
            )
        )
    return found
