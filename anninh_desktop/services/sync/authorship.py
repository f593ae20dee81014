"""Who wrote a row version: the author's own Ed25519 signature over the row, carried with it.

A package is signed by its sender; a row in it may have been written by another office (a relay:
the province passes a commune's second PC the verdicts it wrote, a commune's PC passes on the
province's decision). Every row version carries its author's signature (`_s`), made by the author
at its export; a receiver attributes a row to the office whose `changed_by` it names only when that
office's signature verifies with the key of its card (trusted here), else to nobody: the package is
refused. Authority then comes from the verified author (domain/authority.py), never from what a row
claims. See docs/sync.md, "Authority".
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from anninh_desktop.domain.sync_vectors import canonical_json
from anninh_desktop.services.sync import keys
from anninh_desktop.services.sync.identity import ensure_identity, repo
from anninh_desktop.services.workspace import Workspace

ROW_DOMAIN = b"anninh-row-v1\n"
SIGNATURE_FIELD = "_s"


def row_text(table: str, row: Mapping[str, Any]) -> bytes:
    """The signed text of a row version: its table and every column (stamp included)."""
    return ROW_DOMAIN + canonical_json({"table": table, "row": dict(row)}).encode("utf-8")


def row_digest(table: str, row: Mapping[str, Any]) -> str:
    return hashlib.sha256(row_text(table, row)).hexdigest()


def sign_row(key: Ed25519PrivateKey, table: str, row: Mapping[str, Any]) -> str:
    return key.sign(row_text(table, row)).hex()


def verify_row(key: Ed25519PublicKey, table: str, row: Mapping[str, Any], signature: str) -> bool:
    try:
        raw = bytes.fromhex(signature)
    except (TypeError, ValueError):
        return False
    if len(raw) != 64:
        return False
    try:
        key.verify(raw, row_text(table, row))
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class Author:
    installation_id: str
    office_name: str
    office_unit_id: str
    signing_public: str


class Authors:
    """The installations whose signatures count here: this one and every trusted peer."""

    def __init__(self, ws: Workspace) -> None:
        me = ensure_identity(ws)
        self.own_id = me.installation_id
        self._known: dict[str, Author] = {
            me.installation_id: Author(
                me.installation_id, me.office_name, me.office_unit_id, me.signing_public
            )
        }
        for p in repo(ws).peers():
            if p.trusted and p.installation_id != me.installation_id:
                self._known[p.installation_id] = Author(
                    p.installation_id, p.office_name, p.office_unit_id, p.signing_public
                )
        self._keys: dict[str, Ed25519PublicKey] = {}

    def get(self, installation_id: str) -> Author | None:
        return self._known.get(installation_id)

    def unit(self, installation_id: str) -> str | None:
        found = self._known.get(installation_id)
        return found.office_unit_id if found is not None else None

    def verify(self, author: str, table: str, row: Mapping[str, Any], signature: object) -> bool:
        """Whether `signature` is `author`'s over this row (False for an unknown author)."""
        found = self._known.get(author)
        if found is None or not isinstance(signature, str):
            return False
        key = self._keys.get(author)
        if key is None:
            key = self._keys[author] = keys.signing_public(found.signing_public)
        return verify_row(key, table, row, signature)
