"""Globally unique ids for rows that travel between offices."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import random


def new_id(rng: random.Random | None = None) -> str:
    """A random 128-bit id as 32 hex digits; a seeded `rng` makes it reproducible (demo data, tests)."""
    import uuid  # (with platform and random: imported by the first id made, not at every start)

    if rng is None:
        return uuid.uuid4().hex
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex
