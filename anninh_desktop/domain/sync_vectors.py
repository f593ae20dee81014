"""Version vectors of synced rows: comparison, merge and the deterministic choice on a conflict."""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from typing import Any

type Vector = Mapping[str, int]


class Order(enum.StrEnum):
    EQUAL = "equal"
    BEFORE = "before"  # the first vector is dominated by the second
    AFTER = "after"  # the first vector dominates the second
    CONCURRENT = "concurrent"


def compare(a: Vector, b: Vector) -> Order:
    """How version `a` relates to version `b`."""
    a_le_b = all(v <= b.get(k, 0) for k, v in a.items())
    b_le_a = all(v <= a.get(k, 0) for k, v in b.items())
    if a_le_b and b_le_a:
        return Order.EQUAL
    if a_le_b:
        return Order.BEFORE
    if b_le_a:
        return Order.AFTER
    return Order.CONCURRENT


def merge(a: Vector, b: Vector) -> dict[str, int]:
    """The element-wise maximum: a version that has seen both."""
    out = dict(a)
    for k, v in b.items():
        if v > out.get(k, 0):
            out[k] = v
    return dict(sorted(out.items()))


def canonical_json(row: Mapping[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _rank(vector: Vector, row: Mapping[str, Any]) -> tuple[int, str, int, str]:
    digest = hashlib.sha256(canonical_json(row).encode("utf-8")).hexdigest()
    return (
        sum(vector.values()),
        str(row.get("changed_by", "")),
        int(row.get("change_seq", 0) or 0),
        digest,
    )


def remote_wins(
    local_vector: Vector,
    local_row: Mapping[str, Any],
    remote_vector: Vector,
    remote_row: Mapping[str, Any],
) -> bool:
    """For concurrent versions: True when the remote row stays visible.

    The same answer on every installation whichever side is "local", so all converge.
    """
    return _rank(remote_vector, remote_row) > _rank(local_vector, local_row)


def vector_from_json(text: str) -> dict[str, int]:
    data = json.loads(text) if text else {}
    if not isinstance(data, dict):
        raise ValueError("a version vector is a JSON object")
    out: dict[str, int] = {}
    for k, v in data.items():
        if not isinstance(k, str) or not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise ValueError("a version vector maps installation ids to counters")
        out[k] = v
    return out


def vector_to_json(vector: Vector) -> str:
    return json.dumps(dict(sorted(vector.items())), separators=(",", ":"))
