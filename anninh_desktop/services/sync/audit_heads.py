"""History that proves itself: the audit chain's head, signed, in every package; kept by the receiver.

The audit log is a hash chain (domain/audit.py): a changed or removed event breaks it, but anyone
with the database can recompute the whole chain (plain SHA-256, no key). So every export carries
the sender's current head (sequence number and hash) signed with the installation's key, and the
chain's hash, as it is *now*, at every head the sender sent this peer before. The receiver keeps
every signed head it gets; when a later package's hash at an earlier head differs from the head it
kept, the sender's history up to that point was rewritten (or lost, e.g. restored from an old
backup): an alarm, shown in the preview and kept for `anninh check`. The sender also checks its
own log against the heads it sent (`local_problems`). See docs/sync.md, "Threat model".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature

from anninh_desktop.domain.sync_vectors import canonical_json
from anninh_desktop.i18n import _
from anninh_desktop.services.sync import keys
from anninh_desktop.services.sync.identity import private_keys
from anninh_desktop.services.sync.payload import Manifest
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.sync_audit import (
    KeptHead,
    SentHead,
    add_alarm,
    keep_head,
    kept_heads,
    record_export,
    sent_heads,
)
from anninh_desktop.storage.sync_repo import PeerRecord

HEAD_DOMAIN = "anninh-audit-head-v1"
MAX_CHECKPOINTS = 64


def _head_text(installation: str, seq: int, digest: str) -> bytes:
    return canonical_json(
        {"domain": HEAD_DOMAIN, "installation": installation, "seq": seq, "hash": digest}
    ).encode("utf-8")


def claim(ws: Workspace, peer_id: str) -> dict[str, Any]:
    """What an export to `peer_id` says of this office's history (see the module's docstring)."""
    me = ws.store.installation
    seq, digest = ws.store.audit.head()
    signature = private_keys(ws).signing.sign(_head_text(me, seq, digest)).hex()
    earlier = sorted({h.audit_seq for h in sent_heads(ws.store.db, peer_id) if h.audit_seq})
    if len(earlier) > MAX_CHECKPOINTS:
        earlier = [earlier[0], *earlier[-(MAX_CHECKPOINTS - 1) :]]
    return {
        "seq": seq,
        "hash": digest,
        "signature": signature,
        "checkpoints": [[s, ws.store.audit.hash_at(s)] for s in earlier],
    }


def note_sent(ws: Workspace, manifest: Manifest) -> None:
    """Inside the export's transaction: remember the head this package carried."""
    audit = manifest.audit
    record_export(
        ws.store.db,
        SentHead(
            manifest.package_id,
            manifest.recipient,
            manifest.upto,
            int(audit.get("seq", 0)),
            str(audit.get("hash", "")),
            manifest.created_at,
        ),
    )


@dataclass(frozen=True)
class HistoryAlarm:
    kind: str  # "rewritten" (a kept head no longer matches), "shortened", "unsigned"
    seq: int  # the head it concerns

    def text(self, office: str) -> str:
        if self.kind == "rewritten":
            return _(
                "The history (audit log) of {office} was changed after it sent it here: its "
                "events up to number {seq} are no longer the ones it signed before (or its data "
                "was restored from an older backup and went on from there)."
            ).format(office=office, seq=self.seq)
        if self.kind == "shortened":
            return _(
                "The history (audit log) of {office} is shorter than the {seq} events it "
                "signed before: events were removed (or its data was restored from an older "
                "backup)."
            ).format(office=office, seq=self.seq)
        return _(
            "The history head in this package is not signed by {office}; it was not kept."
        ).format(office=office)


def check_claim(ws: Workspace, sender: PeerRecord, manifest: Manifest) -> list[HistoryAlarm]:
    """Compare what a package says of its sender's history with the heads kept here."""
    audit = manifest.audit
    if not audit:
        return []
    try:
        seq, digest = int(audit["seq"]), str(audit["hash"])
        signature = bytes.fromhex(str(audit["signature"]))
        keys.signing_public(sender.signing_public).verify(
            signature, _head_text(sender.installation_id, seq, digest)
        )
    except (KeyError, TypeError, ValueError, InvalidSignature):
        return [HistoryAlarm("unsigned", 0)]
    kept = kept_heads(ws.store.db, sender.installation_id)
    found: list[HistoryAlarm] = []
    now = {seq: digest}
    for item in audit.get("checkpoints", []):
        try:
            now[int(item[0])] = str(item[1])
        except (TypeError, ValueError, IndexError):
            continue
    for s, head in kept.items():
        if s in now and now[s] != head.hash:
            found.append(HistoryAlarm("rewritten", s))
    if kept and seq < max(kept):
        found.append(HistoryAlarm("shortened", max(kept)))
    return found


def keep(ws: Workspace, sender: PeerRecord, manifest: Manifest, found: list[HistoryAlarm]) -> None:
    """Inside the import's transaction: keep the sender's signed head and what was found."""
    at = ws.clock().isoformat()
    for alarm in found:
        add_alarm(
            ws.store.db, sender.installation_id, manifest.package_id, alarm.kind, alarm.seq, at
        )
    audit = manifest.audit
    if not audit or any(a.kind == "unsigned" for a in found):
        return
    keep_head(
        ws.store.db,
        KeptHead(
            sender.installation_id,
            int(audit["seq"]),
            str(audit["hash"]),
            str(audit["signature"]),
            manifest.package_id,
            at,
        ),
    )


@dataclass(frozen=True)
class LocalProblem:
    peer_id: str
    seq: int
    sent_at: str


def local_problems(ws: Workspace) -> list[LocalProblem]:
    """Heads this office sent whose hash its log no longer has: its own history was rewritten."""
    out: list[LocalProblem] = []
    for head in sent_heads(ws.store.db):
        if head.audit_seq and ws.store.audit.hash_at(head.audit_seq) != head.audit_hash:
            out.append(LocalProblem(head.peer_id, head.audit_seq, head.created_at))
    return out
