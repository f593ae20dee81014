"""The user's dossier texts and the document rows the dossier builder reads back."""

from __future__ import annotations

from datetime import datetime, timedelta

from anninh_desktop.domain.documents import Document
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services import assessment_service
from anninh_desktop.services.clock import VIETNAM_TZ
from anninh_desktop.services.units_service import create_child_unit
from anninh_desktop.services.workspace import Workspace

AT = datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM_TZ)


def _assessment_id(ws: Workspace) -> str:
    commune = ws.store.units.by_code("32092")
    assert commune is not None
    area = create_child_unit(ws, commune.id, UnitKind.RESIDENTIAL_AREA, "Ấp Cây Khô", "ấp")
    criterion_set = next(s for s in ws.store.criteria.all() if s.code == "tt124-khu-dan-cu")
    return assessment_service.register(ws, area.id, criterion_set, 2026).id


def test_texts_save_overwrite_reset_and_save_again(ws: Workspace) -> None:
    aid = _assessment_id(ws)
    texts = ws.store.document_texts
    assert texts.get(aid, "BC") is None
    with ws.store.change() as stamp:
        texts.save(new_id(), aid, "BC", "[TIE\u0302U \u0110E\u0302\u0300]\nA", AT, stamp)
    assert texts.get(aid, "BC") == "[TIÊU ĐỀ]\nA"  # stored NFC
    with ws.store.change() as stamp:
        texts.save(new_id(), aid, "BC", "B", AT, stamp)
    assert texts.get(aid, "BC") == "B"
    assert texts.edited_kinds(aid) == ["BC"]
    with ws.store.change() as stamp:
        assert texts.reset(aid, "BC", stamp)
        assert not texts.reset(aid, "BC", stamp)
    assert texts.get(aid, "BC") is None and texts.edited_kinds(aid) == []
    rows = ws.store.db.execute("SELECT count(*), max(deleted) FROM document_text").fetchone()
    assert rows == (1, 1)  # a tombstone, so the reset travels to other offices
    with ws.store.change() as stamp:
        texts.save(new_id(), aid, "BC", "C", AT, stamp)
    assert texts.get(aid, "BC") == "C"


def test_numbered_documents_of_an_assessment(ws: Workspace) -> None:
    aid = _assessment_id(ws)
    docs = ws.store.documents
    assert docs.numbered(aid, "TTr") is None
    with ws.store.change() as stamp:
        for kind, number, sha, at in (
            ("TTr", "03/TTr-CAX", "", AT),
            ("dossier", "", "ab" * 32, AT + timedelta(hours=1)),
        ):
            docs.add(
                Document(
                    id=new_id(),
                    assessment_id=aid,
                    kind=kind,
                    number=number,
                    year=2026,
                    issuer="CAX:32092",
                    sha256=sha,
                    filename="ho-so.pdf" if sha else "",
                    created_at=at,
                ),
                stamp,
            )
    numbered = docs.numbered(aid, "TTr")
    assert numbered is not None and numbered.number == "03/TTr-CAX" and numbered.created_at == AT
    assert docs.numbered(aid, "dossier") is None  # a dossier row carries no number
    assert [d.kind for d in docs.for_assessment(aid)] == ["TTr", "dossier"]  # oldest first
    assert docs.find_file(aid, "dossier", "ab" * 32, "ho-so.pdf") is not None
    assert docs.find_file(aid, "dossier", "ab" * 32, "khac.pdf") is None
    assert [n.sequence for n in docs.issued_numbers("CAX:32092", "TTr", 2026)] == [3]
