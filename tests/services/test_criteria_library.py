"""The shipped criterion sets load, expand their includes, and round-trip through dump_set."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import unicodedata
from pathlib import Path

import pytest

from anninh_desktop.domain.criteria import (
    ComputedRuleKind,
    CriterionLevel,
    CriterionSet,
    EvidenceKind,
    PeriodRule,
    Scoring,
)
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services.criteria_library import (
    FolderResolver,
    dump_set,
    load_set_file,
    parse_set_text,
    set_id,
    shipped_set_files,
)

TT124_CODES = {
    "tt124-khu-dan-cu",
    "tt124-xa-phuong",
    "tt124-co-quan-doanh-nghiep",
    "tt124-co-so-giao-duc",
}


@pytest.fixture(scope="module")
def shipped() -> dict[str, CriterionSet]:
    files = shipped_set_files()
    resolver = FolderResolver(files[0].parent)
    sets = [resolver.load(path) for path in files]
    return {s.code: s for s in sets}


def _strings(value: object) -> list[str]:
    """Every str inside a (nested) dataclass value."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, tuple | list):
        return [s for item in value for s in _strings(item)]
    return []


def test_shipped_files_are_found_and_all_load(shipped: dict[str, CriterionSet]) -> None:
    names = [p.name for p in shipped_set_files()]
    assert names == sorted(names)
    assert len(names) == 8
    assert set(shipped) == TT124_CODES | {
        "qd9745-xa-dien-hinh",
        "qd9745-co-quan-dien-hinh",
        "p96-cong-an-phuong-dien-hinh",  # model ward police frames (issue 18)
        "p86-cong-an-phuong-dien-hinh",
    }
    for path in shipped_set_files():
        s = load_set_file(path)  # each file also loads on its own, finding its includes beside it
        assert s == shipped[s.code]


def test_every_stored_string_is_nfc(shipped: dict[str, CriterionSet]) -> None:
    for s in shipped.values():
        for text in _strings(s):
            assert unicodedata.normalize("NFC", text) == text, text


def test_ids_are_deterministic_and_hash_is_of_the_file_bytes(
    shipped: dict[str, CriterionSet],
) -> None:
    for path in shipped_set_files():
        s = load_set_file(path)
        assert s.id == set_id(s.code, s.version) == shipped[s.code].id
        assert len(s.id) == 32
        assert s.source_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert set_id("tt124-khu-dan-cu", 1) != set_id("tt124-khu-dan-cu", 2)
    assert len({s.id for s in shipped.values()}) == len(shipped)


def test_tt124_sets_scope_period_and_legal_basis(shipped: dict[str, CriterionSet]) -> None:
    kdc, xa = shipped["tt124-khu-dan-cu"], shipped["tt124-xa-phuong"]
    cq, gd = shipped["tt124-co-quan-doanh-nghiep"], shipped["tt124-co-so-giao-duc"]
    assert kdc.unit_kinds == (UnitKind.RESIDENTIAL_AREA,)
    assert xa.unit_kinds == (UnitKind.COMMUNE,)
    assert cq.unit_kinds == (UnitKind.AGENCY, UnitKind.ENTERPRISE)
    assert gd.unit_kinds == (UnitKind.SCHOOL,)
    assert kdc.period_rule == PeriodRule(11, 1)
    for s in (xa, cq, gd):
        assert s.period_rule == PeriodRule(11, 16)
        assert [(d.month, d.day) for d in s.deadlines] == [(11, 20)]
    assert [(d.month, d.day) for d in kdc.deadlines] == [(11, 15)]
    for code in TT124_CODES:
        s = shipped[code]
        assert s.scoring is Scoring.PASS_FAIL and s.complete and s.province_code == ""
        documents = [b.document for b in s.legal_basis]
        assert documents == ["Thông tư 124/2021/TT-BCA", "Thông tư 48/2025/TT-BCA"]
        assert s.legal_basis[0].in_force_from is not None
        assert s.legal_basis[0].in_force_from.isoformat() == "2022-02-10"
        assert s.authority and s.notes


def test_tt124_criterion_counts(shipped: dict[str, CriterionSet]) -> None:
    def top_refs(code: str) -> list[str]:
        return [c.ref for c in shipped[code].children(None)]

    assert top_refs("tt124-khu-dan-cu") == ["4.1", "4.2", "4.3", "4.4", "4.5"]
    assert top_refs("tt124-xa-phuong") == ["5.1", "5.2", "5.3", "5.4"]
    assert top_refs("tt124-co-quan-doanh-nghiep") == ["6.1", "6.2", "6.3", "6.4", "6.5"]
    assert top_refs("tt124-co-so-giao-duc") == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]


def test_flattening_levels_and_assessable(shipped: dict[str, CriterionSet]) -> None:
    for s in shipped.values():
        refs = [c.ref for c in s.criteria]
        assert len(refs) == len(set(refs))
        for c in s.criteria:
            has_children = bool(s.children(c.ref))
            if c.level is CriterionLevel.GROUP:
                assert not c.assessable and c.parent_ref is None
            else:
                assert c.assessable == (not has_children), c.ref
            if c.level is CriterionLevel.ITEM:
                assert c.parent_ref is not None
                assert refs.index(c.parent_ref) < refs.index(c.ref)  # document order
    kdc = shipped["tt124-khu-dan-cu"]
    assert kdc.criterion("4.3").text == "Không để xảy ra một trong các trường hợp sau:"
    assert not kdc.criterion("4.3").assessable
    assert [c.number for c in kdc.children("4.3")] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert kdc.criterion("4.3.đ").level is CriterionLevel.ITEM
    assert kdc.criterion("4.2").assessable


def test_commune_criterion_2_expands_to_the_residential_area_criteria(
    shipped: dict[str, CriterionSet],
) -> None:
    kdc, xa = shipped["tt124-khu-dan-cu"], shipped["tt124-xa-phuong"]
    included = [c for c in xa.criteria if c.refers_to]
    expected = [c for c in kdc.criteria if c.ref.split(".")[1] in ("2", "3", "4")]
    assert [c.refers_to for c in included] == [f"tt124-khu-dan-cu:{c.ref}" for c in expected]
    assert [c.ref for c in included] == [f"5.2.{c.ref}" for c in expected]
    for copy, original in zip(included, expected, strict=True):
        assert copy.text == original.text
        assert copy.number == original.number
        assert copy.negative == original.negative
        assert copy.level is CriterionLevel.ITEM
        assert copy.assessable == original.assessable
    assert [c.ref for c in xa.children("5.2")] == ["5.2.4.2", "5.2.4.3", "5.2.4.4"]
    assert xa.criterion("5.2.4.3.a").parent_ref == "5.2.4.3"
    assert not xa.criterion("5.2").assessable
    assessable = [c.ref for c in xa.assessable_criteria()]
    assert assessable[:3] == ["5.1", "5.2.4.2", "5.2.4.3.a"]
    assert len(assessable) == 1 + 1 + 7 + 4 + 2


def test_commune_criterion_4_is_computed_from_child_units(shipped: dict[str, CriterionSet]) -> None:
    rule = shipped["tt124-xa-phuong"].criterion("5.4").computed
    assert rule is not None
    assert rule.kind is ComputedRuleKind.CHILD_UNITS
    assert rule.child_kinds == (
        UnitKind.RESIDENTIAL_AREA,
        UnitKind.AGENCY,
        UnitKind.ENTERPRISE,
        UnitKind.SCHOOL,
    )
    assert (rule.min_registered_percent, rule.min_recognised_percent) == (100, 70)


def test_school_criterion_3_includes_agency_points(shipped: dict[str, CriterionSet]) -> None:
    gd = shipped["tt124-co-so-giao-duc"]
    children = gd.children("7.3")
    assert [c.refers_to.split(":")[1] for c in children] == [
        "6.3.a",
        "6.3.b",
        "6.3.c",
        "6.3.đ",
        "6.3.e",
        "6.3.g",
    ]
    assert all(c.refers_to.startswith("tt124-co-quan-doanh-nghiep:") for c in children)
    assert all(c.negative and c.assessable for c in children)
    assert children[3].ref == "7.3.6.3.đ"


def test_evidence_negative_and_na_conditions(shipped: dict[str, CriterionSet]) -> None:
    kdc, xa = shipped["tt124-khu-dan-cu"], shipped["tt124-xa-phuong"]
    cq, gd = shipped["tt124-co-quan-doanh-nghiep"], shipped["tt124-co-so-giao-duc"]
    nq, kh, dk = EvidenceKind.RESOLUTION, EvidenceKind.PLAN, EvidenceKind.REGISTRATION
    assert kdc.criterion("4.1").required_evidence == (nq, dk)
    assert xa.criterion("5.1").required_evidence == (nq, kh, dk)
    assert cq.criterion("6.1").required_evidence == (nq, kh, dk)
    assert gd.criterion("7.1").required_evidence == (nq, kh, dk)
    assert all(c.negative for c in kdc.children("4.3"))
    assert not kdc.criterion("4.4.a").negative and kdc.criterion("4.4.b").negative
    assert gd.criterion("7.4").negative
    assert cq.criterion("6.1").na_condition == "đối với nơi có tổ chức Đảng"
    for s in shipped.values():
        for c in s.criteria:
            for phrase in filter(None, c.na_condition.split("; ")):
                assert phrase in c.text, (c.ref, phrase)  # quoted from the legal text


def test_exemplary_commune_frame(shipped: dict[str, CriterionSet]) -> None:
    frame = shipped["qd9745-xa-dien-hinh"]
    criteria = [c for c in frame.criteria if c.level is CriterionLevel.CRITERION]
    assert len(criteria) == 34
    assert [c.number for c in criteria] == [str(n) for n in range(1, 35)]
    assert frame.complete is False
    assert frame.unit_kinds == (UnitKind.COMMUNE,)
    assert frame.scoring is Scoring.PASS_FAIL
    groups = frame.children(None)
    assert groups[0].text == "Sự lãnh đạo của cấp ủy, chính quyền xã, phường, thị trấn"
    assert [c.ref for c in frame.children(groups[0].ref)] == ["1", "2"]
    assert not groups[-1].known
    assert all(not c.known for c in criteria)  # no Vietnamese criterion text is known
    assert "chưa có văn bản" in criteria[0].text
    assert "Party's guidelines" in criteria[0].text_en
    assert "Party committee issues a resolution" in criteria[1].text_en
    assert "dựng lại" in frame.notes  # the group-1 wording is flagged as reconstructed


def test_exemplary_agency_frame(shipped: dict[str, CriterionSet]) -> None:
    frame = shipped["qd9745-co-quan-dien-hinh"]
    criteria = [c for c in frame.criteria if c.level is CriterionLevel.CRITERION]
    assert len(criteria) == 14
    assert frame.complete is False
    assert frame.unit_kinds == (UnitKind.AGENCY, UnitKind.ENTERPRISE, UnitKind.SCHOOL)
    assert criteria[0].known and all(not c.known for c in criteria[1:])
    group = frame.children(None)[0]
    assert group.text == "Đối với công tác lãnh đạo xây dựng phong trào toàn dân bảo vệ ANTQ"


@pytest.mark.parametrize("path", shipped_set_files(), ids=lambda p: p.name)
def test_dump_then_load_gives_an_equal_set(path: Path) -> None:
    original = load_set_file(path)
    text = dump_set(original)
    again = parse_set_text(text, "dumped.yaml")  # stands alone: includes are written out
    assert dataclasses.replace(again, source_sha256=original.source_sha256) == original
    assert again.source_sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert dump_set(again) == text


def test_includes_are_found_by_code_and_version_not_file_name(tmp_path: Path) -> None:
    for path in shipped_set_files():
        shutil.copy(path, tmp_path / f"copy-of-{path.name}")
    copied = load_set_file(tmp_path / "copy-of-tt124-xa-phuong.v1.yaml")
    assert copied.criterion("5.2.4.4.d").refers_to == "tt124-khu-dan-cu:4.4.d"


def test_the_example_in_the_format_documentation_loads() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "criterion-set-format.md"
    example = doc.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    s = parse_set_text(example, "example.yaml")
    assert s.scoring is Scoring.POINTS and s.province_code == "96"
    assert [c.ref for c in s.assessable_criteria()] == ["1", "2.a"]
