"""Dossier numbers under two builds at once: one number is never given to two dossiers.

A build takes its numbers before it lays out the PDF (seconds) and records them at the end in one
transaction, after checking that nobody took them meanwhile (`still_free`); if somebody did, it
builds again with the next numbers. Here a second build, on its own connection to the same data folder
(another window or `anninh` at the same time), runs to the end while the first one is laying out.
"""

from __future__ import annotations

import pytest
from dossier_helpers import EXEMPLARY_SET, TT124_COMMUNE_SET, demo_assessment
from fixtures.workspaces import open_folder

from anninh_desktop.domain.numbering import parse_number
from anninh_desktop.services.dossier import build_dossier
from anninh_desktop.services.dossier.facts import gather
from anninh_desktop.services.dossier.numbers import dossier_numbers, still_free
from anninh_desktop.services.workspace import Workspace

pytestmark = pytest.mark.slow


class BuildOtherOnce:
    """A cancel callback of the first build that, when first asked after the numbers were taken,
    builds another assessment's dossier to the end on a second connection."""

    def __init__(self, other: Workspace, assessment_id: str) -> None:
        self.other, self.assessment_id, self.built = other, assessment_id, None

    def __call__(self) -> bool:
        if self.built is None:
            self.built = build_dossier(self.other, self.assessment_id)
        return False


def _issued(ws: Workspace) -> list[tuple[str, int, str]]:
    rows = ws.store.db.execute(
        "SELECT kind, year, number FROM document WHERE number != '' AND deleted = 0"
    ).fetchall()
    return sorted((kind, year, number) for kind, year, number in rows)


def test_a_number_taken_meanwhile_is_not_given_twice(demo_ws: Workspace) -> None:
    first = demo_assessment(demo_ws, EXEMPLARY_SET)
    other_ws = open_folder(demo_ws.root)
    try:
        second = demo_assessment(other_ws, TT124_COMMUNE_SET)
        meanwhile = BuildOtherOnce(other_ws, second.id)
        built = build_dossier(demo_ws, first.id, cancel=meanwhile)
        assert meanwhile.built is not None
        taken = meanwhile.built.numbers
        for kind, number in built.numbers.items():
            # The other build recorded its numbers first; this one took the next ones.
            sequence, rest = taken[kind].split("/", 1)
            assert number == f"{int(sequence) + 1:02d}/{rest}"
        issued = _issued(demo_ws)
        assert len(issued) == len(set(issued)) == 2 * len(built.numbers)
    finally:
        other_ws.close()


def test_still_free_sees_a_number_recorded_by_another_connection(demo_ws: Workspace) -> None:
    first = demo_assessment(demo_ws, EXEMPLARY_SET)
    facts = gather(demo_ws, first.id)
    numbers = dossier_numbers(demo_ws, first.id, facts.office)
    assert set(numbers.new_kinds) == set(numbers.numbers)
    assert still_free(demo_ws, numbers, facts.office)
    other_ws = open_folder(demo_ws.root)
    try:
        other = build_dossier(other_ws, demo_assessment(other_ws, TT124_COMMUNE_SET).id)
    finally:
        other_ws.close()
    assert {k: str(n) for k, n in numbers.numbers.items()} == other.numbers
    assert not still_free(demo_ws, numbers, facts.office)
    # Numbers of another year are not in the way.
    later = {k: parse_number(str(n), n.year + 1) for k, n in numbers.numbers.items()}
    assert still_free(
        demo_ws, type(numbers)(later, numbers.issued_at, numbers.new_kinds), facts.office
    )
