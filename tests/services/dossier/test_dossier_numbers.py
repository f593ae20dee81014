"""Dossier numbers: given once per assessment and kind, reused on every rebuild, and never given to
two dossiers, even by two builds at once.

A build takes its numbers before it lays out the PDF (seconds) and records them at the end in one
transaction, after checking that nobody took them meanwhile (`still_free`); if somebody did, it
builds again with the next numbers. Here a second build, on its own connection to the same data folder
(another window or `anninh` at the same time), runs to the end while the first one is laying out.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from dossier_helpers import EXEMPLARY_SET, TT124_COMMUNE_SET, demo_assessment
from fixtures.work import child, register, unit_by_code
from fixtures.workspaces import FIXED_NOW, open_folder

from anninh_desktop.domain.assessments import Assessment
from anninh_desktop.domain.documents import Document
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.numbering import DocumentNumber, parse_number
from anninh_desktop.services.dossier import build_dossier
from anninh_desktop.services.dossier.facts import gather
from anninh_desktop.services.dossier.numbers import (
    DossierNumbers,
    dossier_numbers,
    record_numbers,
    still_free,
)
from anninh_desktop.services.dossier.office import Office, office_for, unit_chain
from anninh_desktop.services.dossier.texts import EDITABLE_KINDS
from anninh_desktop.services.workspace import Workspace

# ------------------------------------------------------------------ one build at a time (fast)


def office_of(ws: Workspace, a: Assessment) -> Office:
    return office_for(unit_chain(ws, a.unit_id))


def take(ws: Workspace, a: Assessment) -> DossierNumbers:
    """What a build does with the numbers: take them, and record them when it succeeds."""
    office = office_of(ws, a)
    numbers = dossier_numbers(ws, a.id, office)
    with ws.store.change() as stamp:
        assert still_free(ws, numbers, office)
        record_numbers(ws, stamp, a.id, numbers, office)
    return numbers


def test_the_first_build_numbers_every_kind_and_records_it(ws: Workspace) -> None:
    a = register(ws, unit_by_code(ws))
    office = office_of(ws, a)
    assert (office.abbreviation, office.numbering_key) == ("CAX", "CAX:32092")

    numbers = take(ws, a)

    assert numbers.printed() == {kind: f"01/{kind}-CAX" for kind in EDITABLE_KINDS}
    assert numbers.new_kinds == tuple(EDITABLE_KINDS)
    assert numbers.issued_at.date() == FIXED_NOW.date()
    for kind in EDITABLE_KINDS:
        doc = ws.store.documents.numbered(a.id, kind)
        assert doc is not None
        assert (doc.assessment_id, doc.kind, doc.number, doc.year, doc.issuer) == (
            a.id,
            kind,
            f"01/{kind}-CAX",
            2026,
            "CAX:32092",
        )
        assert doc.created_at == numbers.issued_at  # the documents' date is the first build's
    events = [e for e in ws.store.audit.events(entity_id=a.id) if e.action == "document.number"]
    assert [(e.entity, json.loads(e.new)) for e in events] == [
        ("assessment", {"kind": kind, "number": f"01/{kind}-CAX"}) for kind in EDITABLE_KINDS
    ]


def test_a_rebuild_reuses_the_numbers_and_the_date_of_the_first_build(ws: Workspace) -> None:
    a = register(ws, unit_by_code(ws))
    first = take(ws, a)
    ws.clock()  # time goes on (the test clock advances one second per call)

    again = dossier_numbers(ws, a.id, office_of(ws, a))

    assert again == DossierNumbers(first.numbers, first.issued_at, new_kinds=())


def test_the_next_assessment_of_the_same_office_takes_the_next_numbers(ws: Workspace) -> None:
    commune = unit_by_code(ws)
    first = take(ws, register(ws, commune))
    hamlet = register(ws, child(ws, "Tân Hưng"))  # numbered by the commune police too

    numbers = dossier_numbers(ws, hamlet.id, office_of(ws, hamlet))

    assert numbers.printed() == {kind: f"02/{kind}-CAX" for kind in EDITABLE_KINDS}
    assert numbers.new_kinds == tuple(EDITABLE_KINDS)
    assert numbers.issued_at > first.issued_at


def test_numbers_taken_meanwhile_are_no_longer_free(ws: Workspace) -> None:
    commune = unit_by_code(ws)
    a, b = register(ws, commune), register(ws, child(ws, "Tân Hưng"))
    office = office_of(ws, a)
    for_a, for_b = dossier_numbers(ws, a.id, office), dossier_numbers(ws, b.id, office)
    assert for_a.printed() == for_b.printed()  # both builds started before either recorded

    with ws.store.change() as stamp:
        record_numbers(ws, stamp, b.id, for_b, office)

    assert not still_free(ws, for_a, office)
    assert still_free(ws, dossier_numbers(ws, a.id, office), office)


def add_document(ws: Workspace, a: Assessment, kind: str, number: str, at: datetime) -> None:
    with ws.store.change() as stamp:
        ws.store.documents.add(
            Document(new_id(), a.id, kind, number, a.year, "CAX:32092", created_at=at), stamp
        )


def test_only_the_kinds_not_yet_numbered_get_new_numbers(ws: Workspace) -> None:
    a = register(ws, unit_by_code(ws))
    earlier = datetime(2026, 2, 1, 8, 0, tzinfo=FIXED_NOW.tzinfo)
    recorded, *others = EDITABLE_KINDS
    add_document(ws, a, recorded, f"07/{recorded}-CAX", earlier)

    numbers = dossier_numbers(ws, a.id, office_of(ws, a))

    assert numbers.numbers[recorded] == DocumentNumber(7, 2026, recorded, "CAX")
    assert numbers.new_kinds == tuple(others)
    assert {k: numbers.printed()[k] for k in others} == {k: f"01/{k}-CAX" for k in others}
    assert numbers.issued_at == earlier  # the date of the documents already issued


def test_an_unreadable_recorded_number_is_replaced_by_a_new_one(ws: Workspace) -> None:
    a = register(ws, unit_by_code(ws))
    kind = EDITABLE_KINDS[0]
    add_document(ws, a, kind, "số hỏng", datetime(2026, 2, 1, 8, 0, tzinfo=FIXED_NOW.tzinfo))

    numbers = dossier_numbers(ws, a.id, office_of(ws, a))

    assert numbers.printed()[kind] == f"01/{kind}-CAX"
    assert numbers.new_kinds == tuple(EDITABLE_KINDS)


# ------------------------------------------------------------------ two builds at once (slow)


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


@pytest.mark.slow
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


@pytest.mark.slow
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
