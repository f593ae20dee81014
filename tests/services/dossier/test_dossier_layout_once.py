"""The dossier is laid out once (issue 14): the documents and the table one time, the index alone
(to count its pages) before it is laid out in place; the result is exactly what the layout in
passes gives (the same PDF bytes, the same places of marks, boxes and documents)."""

from __future__ import annotations

from dataclasses import replace
from unittest import mock

import pytest
from dossier_helpers import EXEMPLARY_SET, TT124_COMMUNE_SET, demo_assessment

from anninh_desktop.services.dossier import layout
from anninh_desktop.services.dossier.build import dossier_content
from anninh_desktop.services.dossier.content import DossierContent
from anninh_desktop.services.dossier.facts import gather
from anninh_desktop.services.workspace import Workspace


def _content(ws: Workspace, set_code: str, year: int = 2026) -> DossierContent:
    facts = gather(ws, demo_assessment(ws, set_code, year).id)
    return dossier_content(ws, facts)[0]


def _both(content: DossierContent) -> tuple[layout.Rendered, int, layout.Rendered, int, int]:
    leads = 0
    lead = content.lead

    def counted_lead(record):  # type: ignore[no-untyped-def]
        nonlocal leads
        leads += 1
        return lead(record)

    once, pages = layout.lay_out(
        counted_lead, content.index, content.after, content.reportlab_meta()
    )
    in_passes, front = layout.settle(content.front, content.full, content.reportlab_meta())
    return once, pages, in_passes, front, leads


@pytest.mark.parametrize(
    ("set_code", "year"),
    [(EXEMPLARY_SET, 2026), (TT124_COMMUNE_SET, 2026), (TT124_COMMUNE_SET, 2025)],
)
def test_laid_out_once_it_is_what_the_passes_give(
    module_demo_ws: Workspace, set_code: str, year: int
) -> None:
    content = _content(module_demo_ws, set_code, year)
    once, pages, in_passes, front, leads = _both(content)
    assert leads == 1  # the documents and the table: one layout
    assert pages == front
    assert once.pdf == in_passes.pdf
    assert once.record == in_passes.record
    assert once.pages == in_passes.pages


def test_a_long_index_counts_its_own_pages(module_demo_ws: Workspace) -> None:
    """An index over several pages, whose numbers move the evidence further on: the same."""
    content = _content(module_demo_ws, EXEMPLARY_SET)
    assert content.facts.evidence
    many = tuple(
        replace(entry, code=f"{entry.code}.{n}")
        for n in range(6)
        for entry in content.facts.evidence
    )
    long = DossierContent(
        replace(content.facts, evidence=many),
        content.texts,
        content.numbers,
        content.planned,
        content.labels,
    )
    once, pages, in_passes, front, _leads = _both(long)
    index = long.index(layout.LayoutRecord(), pages)
    assert layout.render([index], layout.LayoutRecord(), long.reportlab_meta()).pages >= 3
    assert (pages, once.pdf) == (front, in_passes.pdf)


def test_when_the_count_does_not_hold_the_passes_decide(module_demo_ws: Workspace) -> None:
    """(Never seen: an index laid out alone and in place taking another number of pages.)"""
    content = _content(module_demo_ws, EXEMPLARY_SET)
    in_passes, front = layout.settle(content.front, content.full, content.reportlab_meta())
    real = layout.render

    def one_page_more(parts, record, meta, *, save=True):  # type: ignore[no-untyped-def]
        found = real(parts, record, meta, save=save)
        return replace(found, pages=found.pages + (0 if save else 1))

    with mock.patch.object(layout, "render", one_page_more):
        with mock.patch.object(layout, "settle", wraps=layout.settle) as passes:
            once, pages = layout.lay_out(
                content.lead, content.index, content.after, content.reportlab_meta()
            )
    assert passes.call_count == 1
    assert (pages, once.pdf) == (front, in_passes.pdf)
