"""A timestamp from the office's timestamp authority (RFC 3161), when it is configured and
reachable: the signature becomes PAdES-B-T, its time vouched for by the authority instead of the
signer's clock. Unreachable is not an error: the signature is made without it, and says so.
"""

from __future__ import annotations

import asyncio
import logging

from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

from anninh_desktop.services.signing.certificates import SIGNING_DIGEST

log = logging.getLogger(__name__)


def reachable_timestamper(url: str, timeout: float) -> HTTPTimeStamper | None:
    """A timestamper for `url` that has just answered a request, or None when it did not."""
    stamper = HTTPTimeStamper(url, timeout=max(1, round(timeout)))
    try:
        # pyHanko asks for one timestamp ahead anyway (to size the signature); asking now tells
        # whether the server answers before anything is signed
        asyncio.run(stamper.async_dummy_response(SIGNING_DIGEST))
    except Exception:
        log.warning("timestamp server %s did not answer", url, exc_info=True)
        return None
    return stamper
