"""The documents' editable texts: default from the template, saved per assessment, reset."""

from __future__ import annotations

import pytest
from dossier_helpers import EXEMPLARY_SET, TT124_COMMUNE_SET, demo_assessment, pdf_text

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services import assessment_service
from anninh_desktop.services.dossier import (
    EDITABLE_KINDS,
    build_dossier,
    default_text,
    document_text,
    editable_documents,
    is_edited,
    reset_document_text,
    save_document_text,
)
from anninh_desktop.services.dossier.facts import gather, placeholder_lists, placeholder_values
from anninh_desktop.services.dossier.templates import load, placeholders
from anninh_desktop.services.dossier.texts import TEMPLATE_FILES, parse_document_text
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace


def test_the_editable_documents_have_labels() -> None:
    assert (
        [kind for kind, _label in editable_documents()]
        == list(EDITABLE_KINDS)
        == ["TTr", "BC", "BB"]
    )
    assert all("(" in label for _kind, label in editable_documents())


def test_templates_use_only_known_placeholders(demo_ws: Workspace) -> None:
    facts = gather(demo_ws, demo_assessment(demo_ws, EXEMPLARY_SET).id)
    known = set(placeholder_values(facts)) | set(placeholder_lists(facts))
    for kind, name in TEMPLATE_FILES.items():
        used = set()
        for _section, lines in load(name):
            for line in lines:
                used |= placeholders(line)
        assert used <= known, (kind, used - known)


def test_default_texts_are_filled_and_parse(demo_ws: Workspace) -> None:
    a = demo_assessment(demo_ws, EXEMPLARY_SET)
    for kind in EDITABLE_KINDS:
        text = document_text(demo_ws, a.id, kind)
        assert text == default_text(demo_ws, a.id, kind)
        assert "{" not in text and "[[" not in text and "#" not in text
        assert "[TIÊU ĐỀ]" in text and "[NỘI DUNG]" in text
        assert "xã Hồ Thị Kỷ" in text
        parsed = parse_document_text(kind, text)
        assert parsed.title and parsed.body and parsed.signers
    request = parse_document_text("TTr", document_text(demo_ws, a.id, "TTr"))
    assert request.title[0] == "TỜ TRÌNH"
    assert request.recipient == ("Kính gửi: Ủy ban nhân dân tỉnh Cà Mau",)
    assert request.signers[0].titles == ("TRƯỞNG CÔNG AN XÃ",)
    assert request.distribution[-1] == "- Lưu: VT, CAX."
    assert "Căn cứ Quyết định 9745/QĐ-BCA-V05 ngày 28/12/2022 của Bộ Công an;" in request.body
    minutes = parse_document_text("BB", document_text(demo_ws, a.id, "BB"))
    assert [s.titles for s in minutes.signers] == [("THƯ KÝ",), ("CHỦ TRÌ",)]


def test_save_use_and_reset(demo_ws: Workspace, tmp_path) -> None:
    a = demo_assessment(demo_ws, TT124_COMMUNE_SET)
    text = document_text(demo_ws, a.id, "BC").replace(
        "[NỘI DUNG]", "[NỘI DUNG]\nĐoạn văn do cán bộ viết thêm: ổn định, đạt yêu cầu."
    )
    save_document_text(demo_ws, a.id, "BC", text)
    assert is_edited(demo_ws, a.id, "BC") and not is_edited(demo_ws, a.id, "TTr")
    assert document_text(demo_ws, a.id, "BC") == text
    events = [e.action for e in demo_ws.store.audit.events(entity_id=a.id)]
    save_document_text(demo_ws, a.id, "BC", text)  # unchanged: nothing written
    assert [e.action for e in demo_ws.store.audit.events(entity_id=a.id)] == events

    built = build_dossier(demo_ws, a.id, tmp_path / "x.pdf")
    assert "Đoạn văn do cán bộ viết thêm: ổn định, đạt yêu cầu." in pdf_text(built.path)

    reset_document_text(demo_ws, a.id, "BC")
    assert not is_edited(demo_ws, a.id, "BC")
    assert document_text(demo_ws, a.id, "BC") == default_text(demo_ws, a.id, "BC")
    save_document_text(demo_ws, a.id, "BC", text)  # saving again after a reset works
    assert document_text(demo_ws, a.id, "BC") == text


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("BC", "[TIÊU ĐỀ]\nBÁO CÁO\n[NỘI DUNG]\nx\n[LẠ]\ny\n", "unknown section"),
        ("BC", "[TIÊU ĐỀ]\nBÁO CÁO\n", "missing or empty"),
        ("BC", "[NỘI DUNG]\nx\n", "missing or empty"),
        ("BC", "[TIÊU ĐỀ]\nA\n[TIÊU ĐỀ]\nB\n[NỘI DUNG]\nx\n", "twice"),
        ("TTr", "[TIÊU ĐỀ]\nTỜ TRÌNH\n[NỘI DUNG]\nx\n", "signer"),
    ],
)
def test_a_text_the_layout_cannot_use_is_refused(
    demo_ws: Workspace, kind: str, text: str, message: str
) -> None:
    a = demo_assessment(demo_ws, TT124_COMMUNE_SET)
    with pytest.raises(UserError, match=message):
        save_document_text(demo_ws, a.id, kind, text)
    assert not is_edited(demo_ws, a.id, kind)


def test_signers_and_the_signature_space() -> None:
    parsed = parse_document_text(
        "BB",
        "[TIÊU ĐỀ]\nBIÊN BẢN\n[NỘI DUNG]\nx\n[KÝ]\nKT. TRƯỞNG CÔNG AN\nPHÓ TRƯỞNG CÔNG AN\n---\n"
        "Lê Văn Bình\n\nCHỦ TRÌ\n",
    )
    assert [(s.titles, s.name) for s in parsed.signers] == [
        (("KT. TRƯỞNG CÔNG AN", "PHÓ TRƯỞNG CÔNG AN"), ("Lê Văn Bình",)),
        (("CHỦ TRÌ",), ()),
    ]


def test_a_locked_assessment_keeps_its_texts(demo_ws: Workspace) -> None:
    a = demo_assessment(demo_ws, TT124_COMMUNE_SET)
    assessment_service.transition(demo_ws, a.id, AssessmentState.SUBMITTED, Actor.UNIT)
    text = document_text(demo_ws, a.id, "BB")
    with pytest.raises(UserError, match="read-only"):
        save_document_text(demo_ws, a.id, "BB", text + "\n")
    with pytest.raises(UserError, match="read-only"):
        reset_document_text(demo_ws, a.id, "BB")


def test_an_unknown_kind_is_a_programming_error(demo_ws: Workspace) -> None:
    a = demo_assessment(demo_ws, TT124_COMMUNE_SET)
    with pytest.raises(ValueError, match="not an editable dossier document: 'QĐ'"):
        document_text(demo_ws, a.id, "QĐ")
