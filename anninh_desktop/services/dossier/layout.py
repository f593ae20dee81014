"""Laying the dossier's own pages out with reportlab, and the page numbers that depend on it.

The evidence index prints the dossier page where each item starts, which depends on how many
pages the documents before it take, which could depend (a little) on the index itself. So the
front part (documents, table, index) is laid out once to count its pages, then everything with the
evidence pages and the approval page; everything again only if the front part's count moved.
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

    def _page_end(self, canvas: Any, _doc: Any) -> None:
        page = canvas.getPageNumber()
        self.page_count = max(self.page_count, page)
        number = self.record.page_in_document(page)
        if number is not None and number >= 2:  # from a document's second page, none on its first
            canvas.saveState()
            canvas.setFont(faces().regular, 13)
            canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_NUMBER_BASELINE, str(number))
            canvas.restoreState()


def render(parts: list[list[Flowable]], record: LayoutRecord, meta: dict[str, str]) -> Rendered:
    """Lay out the parts, each starting on a new page."""
    story: list[Flowable] = []
    for part in parts:
        if story:
            story.append(PageBreak())
        story.extend(part)
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
        template.build(story)
    return Rendered(buffer.getvalue(), record, template.page_count)


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
    front_pages = render(front(record, 0), record, meta).pages
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
