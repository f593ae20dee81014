"""Laying the dossier's own pages out with reportlab, and the page numbers that depend on it.

The evidence index prints the dossier page where each item starts, which depends on how many
pages the documents before it take, which could depend (a little) on the index itself. The
layout runs once (`lay_out`): when it reaches the index it knows the page the index starts on,
lays the index alone out (a few pages, not drawn into the dossier) to count its pages with the
numbers it will print, and goes on with the index, the evidence pages and the approval page.
(Before, the documents and the table were laid out twice: once to count, once for good; that
way, `settle`, stays for a layout whose count would not hold, which has not been seen.)
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from anninh_desktop.services.dossier.flowables import LayoutRecord
from anninh_desktop.services.dossier.styles import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    PAGE_NUMBER_BASELINE,
    PAGE_WIDTH,
    faces,
)
from anninh_desktop.services.errors import Cancelled

MAX_PASSES = 6

Story = Callable[[LayoutRecord, int], list[list[Flowable]]]  # (record, front pages) → parts


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    record: LayoutRecord
    pages: int


@contextmanager
def _pass_through_images() -> Iterator[None]:
    """reportlab's default ASCII85 re-encodes every image (slow, 25% larger): switched off."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


class Deferred(Flowable):  # type: ignore[misc]
    """Flowables made when the layout reaches this point: `make(page)` gets the page they start
    on (the template puts them in its place; it is never drawn)."""

    def __init__(self, make: Callable[[int], list[Flowable]]) -> None:
        super().__init__()
        self.make = make

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        raise RuntimeError("a deferred part reached the page unmade")


class _Template(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, record: LayoutRecord, **kwargs: Any) -> None:
        super().__init__(buffer, **kwargs)
        self.record = record
        self.page_count = 0
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            FRAME_WIDTH,
            FRAME_HEIGHT,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=self._page_end)])

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables and isinstance(flowables[0], Deferred):
            flowables[0:1] = flowables[0].make(self.page)  # the page has begun: it is this one
            return
        super().handle_flowable(flowables)

    def _page_end(self, canvas: Any, _doc: Any) -> None:
        page = canvas.getPageNumber()
        self.page_count = max(self.page_count, page)
        number = self.record.page_in_document(page)
        if number is not None and number >= 2:  # from a document's second page, none on its first
            canvas.saveState()
            canvas.setFont(faces().regular, 13)
            canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_NUMBER_BASELINE, str(number))
            canvas.restoreState()


def _story(parts: list[list[Flowable]]) -> list[Flowable]:
    """The parts in order, each starting on a new page."""
    story: list[Flowable] = []
    for part in parts:
        if story:
            story.append(PageBreak())
        story.extend(part)
    return story


def render(
    parts: list[list[Flowable]],
    record: LayoutRecord,
    meta: dict[str, str],
    *,
    save: bool = True,
) -> Rendered:
    """Lay out the parts, each starting on a new page (`save` False: only to count the pages)."""
    return _render(_story(parts), record, meta, save=save)


def _render(
    story: list[Flowable], record: LayoutRecord, meta: dict[str, str], *, save: bool = True
) -> Rendered:
    buffer = io.BytesIO()
    with _pass_through_images():
        template = _Template(
            buffer,
            record,
            pagesize=(PAGE_WIDTH, MARGIN_BOTTOM * 2 + FRAME_HEIGHT),
            leftMargin=MARGIN_LEFT,
            rightMargin=0,
            topMargin=0,
            bottomMargin=MARGIN_BOTTOM,
            invariant=1,
            initialFontName=faces().regular,
            initialFontSize=14,
            lang="vi",
            **meta,
        )
        template._doSave = int(save)
        template.build(story)
    return Rendered(buffer.getvalue(), record, template.page_count)


Part = Callable[[LayoutRecord], list[list[Flowable]]]  # record → parts
Counted = Callable[[LayoutRecord, int], list[Flowable]]  # (record, front pages) → one part
After = Callable[[LayoutRecord, int], list[list[Flowable]]]  # (record, front pages) → parts


def lay_out(
    lead: Part,
    index: Counted,
    after: After,
    meta: dict[str, str],
    cancel: Callable[[], bool] | None = None,
) -> tuple[Rendered, int]:
    """Lay everything out once: `lead` (documents, table), `index` (the last part before the
    evidence, which prints pages that depend on the front pages), `after` (the rest).

    Returns the rendering and the number of front pages (see `settle`, which it agrees with).
    """
    record = LayoutRecord()
    front: list[int] = []

    def rest(start: int) -> list[Flowable]:
        if cancel is not None and cancel():
            raise Cancelled()
        front_pages = start  # the index on one page
        for _attempt in range(MAX_PASSES):
            pages = render([index(LayoutRecord(), front_pages)], LayoutRecord(), meta, save=False)
            if start - 1 + pages.pages == front_pages:
                break
            front_pages = start - 1 + pages.pages
        else:
            raise RuntimeError("the dossier's page numbers do not settle")
        front.append(front_pages)
        return _story([index(record, front_pages), *after(record, front_pages)])

    rendered = _render([*_story(lead(record)), PageBreak(), Deferred(rest)], record, meta)
    counted = min(page for page, numbered in record.starts if not numbered) - 1
    if front != [counted]:  # the index took another length in place: lay out in passes
        return settle(
            lambda r, n: [*lead(r), index(r, n)],
            lambda r, n: [*lead(r), index(r, n), *after(r, n)],
            meta,
            cancel,
        )
    return rendered, counted


def settle(
    front: Story,
    full: Story,
    meta: dict[str, str],
    cancel: Callable[[], bool] | None = None,
) -> tuple[Rendered, int]:
    """Lay out the front part to count its pages, then everything, again while the count moves.

    Returns the full rendering and the number of front pages (the pages before the first
    unnumbered page: an evidence page or the approval page).
    """
    record = LayoutRecord()
    front_pages = render(front(record, 0), record, meta, save=False).pages
    for _attempt in range(MAX_PASSES):
        if cancel is not None and cancel():
            raise Cancelled()
        record = LayoutRecord()
        rendered = render(full(record, front_pages), record, meta)
        counted = min(page for page, numbered in record.starts if not numbered) - 1
        if counted == front_pages:
            return rendered, front_pages
        front_pages = counted
    raise RuntimeError("the dossier's page numbers do not settle")
