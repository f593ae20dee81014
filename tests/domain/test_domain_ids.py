"""ids.new_id: 32 hex digits, unique, reproducible with a seeded rng."""

from __future__ import annotations

import random
import re
import uuid

from anninh_desktop.domain.ids import new_id

HEX32 = re.compile(r"^[0-9a-f]{32}$")


def test_new_id_is_32_lower_hex() -> None:
    assert HEX32.match(new_id())


def test_new_ids_are_unique() -> None:
    ids = {new_id() for _ in range(2000)}
    assert len(ids) == 2000


def test_seeded_rng_is_reproducible() -> None:
    a = [new_id(random.Random(42)) for _ in range(3)]
    assert len(set(a)) == 1
    rng1, rng2 = random.Random(7), random.Random(7)
    assert [new_id(rng1) for _ in range(50)] == [new_id(rng2) for _ in range(50)]


def test_seeded_ids_are_valid_distinct_uuid4() -> None:
    rng = random.Random(1)
    ids = [new_id(rng) for _ in range(500)]
    assert len(set(ids)) == 500
    for value in ids:
        assert HEX32.match(value)
        assert uuid.UUID(hex=value).version == 4


def test_different_seeds_differ() -> None:
    assert new_id(random.Random(1)) != new_id(random.Random(2))
