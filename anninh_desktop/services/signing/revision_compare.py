"""Comparing the signed revision of a PDF with the file as it is now, page by page.

Used when pyHanko's difference analysis cannot explain a later revision: its rules accept new
signatures and form filling, but count a comment added to a page as "other" — the same as a
changed page. Here the two versions are compared directly: the page tree (number of pages, each
page's content, resources and box, all but its annotations), the document catalog (outside the
page tree, the form and the metadata) and the form's non-signature fields. When only annotations
that are not form widgets differ, the change is "annotations"; when anything else differs, or the
comparison cannot be made, it stays "content changed".
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

log = logging.getLogger(__name__)

Resolve = Callable[[generic.Reference], Any]
MAX_DEPTH = 24
MAX_PAGES = 20000

# Catalog entries a signature or metadata update touches (judged elsewhere); the rest must stay.
_CATALOG_KEYS_ELSEWHERE = frozenset({"/Pages", "/AcroForm", "/Metadata", "/DSS", "/Perms"})
_PAGE_KEYS_ELSEWHERE = frozenset({"/Annots", "/Parent"})
_ANNOTATION_NOISE = frozenset({"/P", "/Parent"})


class _Snapshot:
    """Plain, comparable values of one version of the file (streams by their SHA-256)."""

    def __init__(self, resolve: Resolve) -> None:
        self.resolve = resolve

    def deref(self, value: Any) -> Any:
        if isinstance(value, generic.IndirectObject):
            return self.resolve(value.reference)
        return value

    def plain(self, value: Any, skip: frozenset[str] = frozenset(), depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise RecursionError("too deep to compare")
        value = self.deref(value)
        if isinstance(value, generic.StreamObject):
            header = {str(k): self.plain(value.raw_get(k), depth=depth + 1) for k in value}
            return ("stream", hashlib.sha256(value.encoded_data).hexdigest(), header)
        if isinstance(value, generic.DictionaryObject):
            return {
                str(k): self.plain(value.raw_get(k), depth=depth + 1)
                for k in value
                if str(k) not in skip and str(k) != "/Parent"
            }
        if isinstance(value, generic.ArrayObject):
            return [self.plain(v, depth=depth + 1) for v in value]
        return repr(value)

    def pages(self, root: Any) -> list[Any]:
        found: list[Any] = []

        def walk(node: Any, depth: int) -> None:
            node = self.deref(node)
            if depth > 64 or len(found) > MAX_PAGES:
                raise RecursionError("page tree too deep")
            if node.get("/Type") == "/Pages" or "/Kids" in node:
                for kid in self.deref(node.raw_get("/Kids")):
                    walk(kid, depth + 1)
            else:
                found.append(node)

        walk(root.raw_get("/Pages"), 0)
        return found

    def annotations(self, page: Any) -> tuple[list[Any], list[Any]]:
        """(non-widget annotations, widgets of non-signature fields) of a page, as plain values."""
        notes: list[Any] = []
        widgets: list[Any] = []
        raw = page.raw_get("/Annots") if "/Annots" in page else None
        for annot in self.deref(raw) or []:
            annot = self.deref(annot)
            if annot.get("/Subtype") == "/Widget":
                if not self.is_signature(annot):
                    widgets.append(self.plain(annot, _ANNOTATION_NOISE))
            else:
                notes.append(self.plain(annot, _ANNOTATION_NOISE))
        return notes, widgets

    def is_signature(self, field: Any, depth: int = 0) -> bool:
        field = self.deref(field)
        if field.get("/FT") == "/Sig":
            return True
        parent = field.raw_get("/Parent") if "/Parent" in field else None
        return parent is not None and depth < 16 and self.is_signature(parent, depth + 1)

    def form(self, root: Any) -> Any:
        """The form without its signature fields (those are judged by signature validation)."""
        if "/AcroForm" not in root:
            return {}
        form = self.deref(root.raw_get("/AcroForm"))
        fields = [
            self.plain(f, _ANNOTATION_NOISE)
            for f in self.deref(form.raw_get("/Fields") if "/Fields" in form else None) or []
            if not self.is_signature(f)
        ]
        rest = self.plain(
            form, frozenset({"/Fields", "/SigFlags", "/DR", "/DA", "/NeedAppearances"})
        )
        return {"fields": fields, "rest": rest}

    def root(self, trailer: Any) -> Any:
        return self.deref(trailer.raw_get("/Root"))


def only_annotations_changed(reader: PdfFileReader, signed_revision: int) -> bool | None:
    """True: only non-widget annotations differ between the signed revision and now; False:
    nothing on the pages or in the catalog differs at all; None: something else differs (or the
    versions could not be compared)."""
    try:
        resolver = reader.get_historical_resolver(signed_revision)
        before = _Snapshot(resolver.get_object)
        after = _Snapshot(reader.get_object)
        old_root = before.root(resolver.trailer_view)
        new_root = after.root(reader.trailer_view)
        if before.plain(old_root, _CATALOG_KEYS_ELSEWHERE) != after.plain(
            new_root, _CATALOG_KEYS_ELSEWHERE
        ):
            return None
        if before.form(old_root) != after.form(new_root):
            return None
        old_pages, new_pages = before.pages(old_root), after.pages(new_root)
        if len(old_pages) != len(new_pages):
            return None
        notes_changed = False
        for old, new in zip(old_pages, new_pages, strict=True):
            if before.plain(old, _PAGE_KEYS_ELSEWHERE) != after.plain(new, _PAGE_KEYS_ELSEWHERE):
                return None
            old_notes, old_widgets = before.annotations(old)
            new_notes, new_widgets = after.annotations(new)
            if old_widgets != new_widgets:
                return None
            notes_changed = notes_changed or old_notes != new_notes
        return notes_changed
    except Exception:  # anything unexpected: the change cannot be shown to be harmless
        log.info("revisions could not be compared page by page", exc_info=True)
        return None
