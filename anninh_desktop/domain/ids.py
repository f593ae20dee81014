"""Globally unique ids for rows that travel between offices."""

from __future__ import annotations

import random
import uuid


def new_id(rng: random.Random | None = None) -> str:
    """A random 128-bit id as 32 hex digits; a seeded `rng` makes it reproducible (demo data, tests)."""
    if rng is None:
        return uuid.uuid4().hex
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex
