"""Reading a package: trust, signature, decryption, every hash and size, then the preview."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anninh_desktop.domain.authority import Overstep
from anninh_desktop.i18n import N_, _, ngettext
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import audit_heads, container, keys
from anninh_desktop.services.sync.audit_heads import HistoryAlarm
from anninh_desktop.services.sync.authorship import Authors
from anninh_desktop.services.sync.identity import private_keys, repo, require_office
from anninh_desktop.services.sync.payload import Manifest, parse_manifest, read_rows, stage_blob
from anninh_desktop.services.sync.plan import (
    BadRow,
    Change,
    Incoming,
    Plan,
    make_plan,
    split_row,
)
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.sync_repo import PeerRecord
from anninh_desktop.storage.sync_rows import UnknownColumns, write_token

log = logging.getLogger(__name__)

_ID = re.compile(r"[0-9a-f]{32}")
STAGE_PREFIX = "sync-"


@dataclass
class SyncPreview:
    """A verified package, its blobs staged in the data folder, and what applying it would do."""

    path: Path
    manifest: Manifest
    sender: PeerRecord
    plan: Plan
    already_applied: bool
    staged: dict[str, Path] = field(default_factory=dict)  # sha256 → staged file
    incoming: dict[str, list[Incoming]] = field(default_factory=dict)  # the package's rows
    # what the package's signed history head shows (rewritten, shortened), for the preview
    history: list[HistoryAlarm] = field(default_factory=list)
    # the store's write token when the plan was made (apply uses the plan while it is the same)
    token: tuple[int, int] | None = None

    def history_texts(self) -> list[str]:
        return [a.text(self.sender.office_name) for a in self.history]

    @property
    def package_id(self) -> str:
        return self.manifest.package_id

    def counts(self) -> dict[tuple[str, str | None], Counter[str]]:
        return self.plan.counts()

    def totals(self) -> Counter[str]:
        return self.plan.totals()

    def discard(self) -> None:
        """Remove the staged blobs (when the user does not apply)."""
        for staged in self.staged.values():
            staged.unlink(missing_ok=True)
        self.staged.clear()


def _check_header(header: dict[str, Any], path: Path) -> None:
    for name in ("package_id", "sender", "recipient"):
        if not isinstance(header.get(name), str) or not _ID.fullmatch(header[name]):
            raise container.damaged(path)


def _sender(ws: Workspace, sender_id: str, path: Path) -> PeerRecord:
    peer = repo(ws).peer(sender_id)
    if peer is None:
        raise UserError(
            _(
                "{path} comes from an unknown office ({sender}); nothing was imported. Import "
                "that office's card and check its fingerprint first."
            ).format(path=path, sender=sender_id)
        )
    if not peer.trusted:
        raise UserError(
            _(
                "{path} comes from {office}, which this office does not trust yet (fingerprint "
                "{fingerprint}); nothing was imported. Compare the fingerprint with the sender, "
                "then trust the office."
            ).format(path=path, office=peer.office_name, fingerprint=peer.fingerprint)
        )
    return peer


def read_package(ws: Workspace, path: Path, *, passphrase: str | None = None) -> SyncPreview:
    """Verify and decrypt `path`, check every entry, stage the blobs; nothing in the store changes."""
    ident = require_office(ws)
    staged: dict[str, Path] = {}
    try:
        fh = path.open("rb")
    except FileNotFoundError as exc:
        raise UserError(_("File not found: {path}").format(path=path)) from exc
    except OSError as exc:
        raise UserError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    try:
        with fh:
            header, raw = container.read_header(fh, path)
            _check_header(header, path)
            if header["recipient"] != ident.installation_id:
                raise UserError(
                    _("{path} was made for another office; nothing was imported.").format(path=path)
                )
            sender = _sender(ws, header["sender"], path)
            key = container.derive_read_key(
                header, path, own_key=private_keys(ws).encryption, passphrase=passphrase
            )

            def wrong_key() -> UserError:
                if header.get("mode") == "passphrase":
                    return UserError(
                        _("Wrong passphrase for {path}; nothing was imported.").format(path=path)
                    )
                return container.damaged(path)

            reader = container.ContainerReader(
                fh,
                raw,
                header,
                key,
                path,
                sender_key=keys.signing_public(sender.signing_public),
                wrong_key_error=wrong_key,
                forged_error=lambda: container.forged(path, sender.office_name),
            )
            reader.start()  # a forged file stops here: nothing parsed, nothing written
            manifest = parse_manifest(reader, path)
            if (manifest.package_id, manifest.sender, manifest.recipient) != (
                header["package_id"],
                header["sender"],
                header["recipient"],
            ) or manifest.format != container.FORMAT:
                raise container.damaged(path)
            incoming: dict[str, list[Incoming]] = {}
            temp_dir = ws.store.blobs.temp_dir
            for entry in manifest.entries:
                if entry.kind == "rows":
                    try:
                        incoming[entry.table] = [
                            split_row(entry.table, r) for r in read_rows(reader, entry, path)
                        ]
                    except (BadRow, ValueError) as exc:
                        raise container.damaged(path) from exc
                elif ws.store.blobs.exists(entry.sha256):
                    stage_blob(reader, entry, None, path)  # checked, not written again
                else:
                    temp_dir.mkdir(parents=True, exist_ok=True)
                    target = temp_dir / f"{STAGE_PREFIX}{manifest.package_id}-{entry.sha256}.part"
                    target.unlink(missing_ok=True)
                    staged[entry.sha256] = target
                    stage_blob(reader, entry, target, path)
            reader.finish()
        already = repo(ws).received(manifest.package_id) is not None
        try:
            plan = make_plan(
                ws.store.db,
                incoming,
                attribution(ws, sender),
                receiver=ident.installation_id,
            )
        except UnknownColumns as exc:
            raise UserError(
                _(
                    "{path} holds data this version of An Ninh Desktop does not know ({table}: "
                    "{columns}); install the newer version to import it."
                ).format(path=path, table=exc.table, columns=", ".join(exc.columns))
            ) from exc
        except (BadRow, ValueError, KeyError, TypeError) as exc:
            raise container.damaged(path) from exc
        _refuse(plan, sender, path)
        _refuse_missing_files(ws, plan, manifest, path)
        for sha in [s for s in staged if ws.store.blobs.exists(s)]:
            staged.pop(sha).unlink(missing_ok=True)
        history = [] if already else audit_heads.check_claim(ws, sender, manifest)
        token = write_token(ws.store.db)
        return SyncPreview(path, manifest, sender, plan, already, staged, incoming, history, token)
    except BaseException:
        for target in staged.values():
            target.unlink(missing_ok=True)
        raise


def _refuse_missing_files(ws: Workspace, plan: Plan, manifest: Manifest, path: Path) -> None:
    """An evidence revision must arrive with its file, or be one this folder holds: a record
    without its file is not harmless (a dossier, an export would miss it)."""
    carried = {e.sha256 for e in manifest.entries if e.kind == "blob"}
    missing = sorted(
        str(c.row.get("sha256"))
        for c in plan.changes
        if c.table == "evidence_revision"
        and c.change is not Change.UNCHANGED
        and str(c.row.get("sha256")) not in carried
        and not ws.store.blobs.exists(str(c.row.get("sha256")))
    )
    if missing:
        raise UserError(
            _(
                "{path} refers to {count} evidence files it does not hold and this folder does not "
                "have either ({first}); nothing was imported. Ask the sender for a new export."
            ).format(path=path, count=len(missing), first=missing[0][:12])
        )


def attribution(ws: Workspace, sender: PeerRecord) -> Callable[[Incoming], tuple[str | None, bool]]:
    """Who a row is attributed to (see docs/sync.md, "Authority"): the sender for its own rows
    (the package's signature proves them); for a row another office wrote, that office if its
    own signature of the row verifies with the key of its card (trusted here), refused (None) if
    it does not; a row whose author this office does not know at all is the sender's (it may
    have made it under any name), so the sender's authority must cover it."""
    authors = Authors(ws)

    def unit_of(item: Incoming) -> tuple[str | None, bool]:
        if item.author == sender.installation_id:
            return sender.office_unit_id, False
        if authors.get(item.author) is None:
            return sender.office_unit_id, True
        if authors.verify(item.author, item.table, item.row, item.signature):
            return authors.unit(item.author), False
        return None, False

    return unit_of


_REASONS = {
    "not_owner": N_("the row belongs to another office"),
    "not_appraiser": N_("only the appraising office may write appraisals"),
    "appraiser_field": N_("an appraising office may change only the state and the decision"),
    "appraiser_state": N_(
        "only the appraising office may move an assessment under appraisal, return it, decide "
        "it or reopen it"
    ),
    "set_issuer": N_("a province criterion set may come only from that province's office"),
    "form_issuer": N_("a province statistics form may come only from that province's office"),
    "structure": N_(
        "only the office above a unit may move it, change its kind or code, merge or delete it"
    ),
    "unverified_author": N_(
        "it names another office as its author without that office's signature"
    ),
    "bad_version": N_("its version information claims changes that were never made"),
    "unknown_author": N_(
        "it was written by an office this office does not know, and the sender may not make "
        "that change itself; import the card of the office that wrote it"
    ),
}


def refusal_text(r: Overstep) -> str:
    known = _REASONS.get(r.reason)
    reason = _(known) if known is not None else r.reason
    if r.field:
        return f"{r.table} {r.row_id[:12]} ({r.field}): {reason}"
    return f"{r.table} {r.row_id[:12]}: {reason}"


def _refuse(plan: Plan, sender: PeerRecord, path: Path) -> None:
    if plan.set_mismatch:
        raise UserError(
            _(
                "{path} holds a criterion set version whose content differs from the same version "
                "here ({ids}); nothing was imported."
            ).format(path=path, ids=", ".join(i[:12] for i in plan.set_mismatch[:5]))
        )
    if plan.refusals:
        details = "; ".join(refusal_text(r) for r in plan.refusals[:5])
        count = len(plan.refusals)
        raise UserError(
            ngettext(
                "{path} from {office} makes {count} change that office may not make "
                "({details}); the whole package was refused and nothing was imported.",
                "{path} from {office} makes {count} changes that office may not make "
                "({details}); the whole package was refused and nothing was imported.",
                count,
            ).format(path=path, office=sender.office_name, count=count, details=details)
        )
