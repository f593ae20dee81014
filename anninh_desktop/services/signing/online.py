"""What an office allows when it is online: revocation asked of the authorities (OCSP, CRL
download) and a timestamp from a timestamp authority (RFC 3161, PAdES-B-T). Both are options,
off by default: the program never needs the network, and says so when it could not reach it.

Kept in the data folder's database (`meta`), so a backup carries them.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace

_REVOCATION_KEY = "signing.online_revocation"
_TSA_KEY = "signing.tsa_url"
DEFAULT_TIMEOUT = 10.0  # seconds for one request


@dataclass(frozen=True)
class OnlineSettings:
    check_revocation: bool = False  # ask OCSP responders and download CRLs named in certificates
    tsa_url: str = ""  # "" = no timestamp (PAdES-B-B)
    timeout: float = DEFAULT_TIMEOUT

    @property
    def timestamps(self) -> bool:
        return bool(self.tsa_url)


def check_url(url: str) -> str:
    """The URL (trimmed) when it is an http(s) address; UserError otherwise."""
    text = nfc(url.strip())
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(
            _(
                "“{url}” is not the address of a timestamp server (it must start with http:// "
                "or https://, e.g. http://tsa.example.vn/tsa)."
            ).format(url=url)
        )
    return text


def online_settings(ws: Workspace) -> OnlineSettings:
    revocation = (ws.store.meta(_REVOCATION_KEY, "0") or "0") == "1"
    url = ws.store.meta(_TSA_KEY, "") or ""
    return OnlineSettings(check_revocation=revocation, tsa_url=url)


def save_online_settings(ws: Workspace, settings: OnlineSettings) -> OnlineSettings:
    url = check_url(settings.tsa_url) if settings.tsa_url.strip() else ""
    ws.store.set_meta(_REVOCATION_KEY, "1" if settings.check_revocation else "0")
    ws.store.set_meta(_TSA_KEY, url)
    return OnlineSettings(settings.check_revocation, url, settings.timeout)
