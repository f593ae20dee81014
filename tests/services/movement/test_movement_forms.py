"""Statistics forms as versioned data files: the shipped default, problems with lines, a province's
own version chosen for its communes, immutability."""

from __future__ import annotations

from pathlib import Path

import pytest

from anninh_desktop.domain.movement_form import ComputedKind, EntryKind
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.movement import forms
from anninh_desktop.services.movement.form_file import FormFileError, form_id, parse_form_text

PROVINCE_FORM = """\
format: 1
code: p96-phong-trao
version: 1
title: Biểu thống kê phong trào của Công an tỉnh Cà Mau
official: true
province: "96"
issuer: Công an tỉnh Cà Mau
document: Hướng dẫn thử nghiệm
issued_on: 2026-01-05
year_start: {month: 12, day: 15}
groups:
  - key: ket-qua
    title: Kết quả
    fields:
      - key: tin-bao-toi-pham
        label: Tin báo về tội phạm
        entered: count
      - key: vu-pham-toi
        label: Vụ phạm tội
        entered: count
        compare: true
      - key: so-diem-mo-hinh
        label: Điểm mô hình
        computed: {count: sites}
"""


def test_the_default_form_is_shipped_as_data_and_not_official(ws) -> None:
    [form] = forms.all_forms(ws)
    assert form.code == "phong-trao-mac-dinh" and not form.official and not form.province_code
    assert "không phải biểu mẫu chính thức" in form.notes
    entered = {f.key for f in form.entered_fields()}
    computed = {f.key for f in form.fields() if f.computed is not None}
    assert {"tin-bao-toi-pham", "vu-pham-toi", "tai-hoa-nhap", "tu-nguyen-cai-nghien"} <= entered
    assert {"dang-ky-doanh-nghiep", "so-diem-mo-hinh", "diem-loai-bo"} <= computed
    assert form.field("ra-quan-xa").entry is EntryKind.FLAG
    assert form.field("du-kien-dat-dien-hinh").computed.kind is ComputedKind.EXPECTED
    assert all(f.compare for f in form.fields() if f.key in {"vu-pham-toi", "doi-tuong-pham-toi"})


def test_shipped_rows_are_reference_data_stored_once(ws) -> None:
    forms.prepare(ws)
    forms.prepare(ws)
    rows = ws.store.db.execute("SELECT changed_by, count(*) FROM movement_form").fetchall()
    assert rows == [("", 1)]
    types = ws.store.db.execute("SELECT count(*), max(changed_by) FROM model_type").fetchone()
    assert types == (5, "")
    assert not ws.store.db.execute(
        "SELECT 1 FROM row_version WHERE tbl IN ('movement_form', 'model_type')"
    ).fetchall()


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            PROVINCE_FORM.replace(
                "entered: count\n        compare", "entred: count\n        compare"
            ),
            "groups[0].fields[1].entred",
            "did you mean “entered”",
        ),
        (
            PROVINCE_FORM.replace("computed: {count: sites}", "computed: {count: sitez}"),
            "groups[0].fields[2].computed.count",
            "is not allowed",
        ),
        (
            PROVINCE_FORM.replace("key: vu-pham-toi", "key: tin-bao-toi-pham"),
            "groups[0].fields[1].key",
            "used twice",
        ),
        (
            PROVINCE_FORM.replace("        compare: true\n", "        computed: {count: sites}\n"),
            "groups[0].fields[1].computed",
            "not both",
        ),
        (PROVINCE_FORM.replace('province: "96"', 'province: "9"'), "province", "two digits"),
        (
            PROVINCE_FORM.replace("day: 15}", "day: 30}").replace("month: 12", "month: 2"),
            "year_start.day",
            "does not exist",
        ),
        (
            PROVINCE_FORM + "      - key: flag\n        label: F\n        entered: flag\n",
            "groups[0].fields[3].total",
            "needs a total",
        ),
        (
            PROVINCE_FORM + "      - key: s\n        label: S\n"
            "        computed: {count: sites, sets: [tt124-*]}\n",
            "groups[0].fields[3].computed.sets",
            "only counts of assessments",
        ),
    ],
)
def test_problems_name_the_line_and_field(text: str, where: str, message: str) -> None:
    with pytest.raises(FormFileError) as err:
        parse_form_text(text, "p96.yaml")
    found = [p for p in err.value.problems if p.location == where]
    assert found, [str(p) for p in err.value.problems]
    assert message in found[0].message
    assert str(found[0]).startswith("p96.yaml:") and found[0].line > 0


def test_a_total_of_fields_must_name_entered_fields() -> None:
    text = PROVINCE_FORM.replace(
        "        compare: true\n",
        "        compare: true\n        total: {fields: [so-diem-mo-hinh]}\n",
    )
    with pytest.raises(FormFileError) as err:
        parse_form_text(text, "p96.yaml")
    assert any("not an entered field" in p.message for p in err.value.problems)


def test_a_province_form_reaches_its_communes_and_only_them(ws, tmp_path: Path) -> None:
    path = tmp_path / "p96.yaml"
    path.write_text(PROVINCE_FORM, encoding="utf-8")
    form, added = forms.import_form_file(ws, path)
    assert added and form.id == form_id("p96-phong-trao", 1)
    commune = ws.store.units.by_code("32092")
    elsewhere = ws.store.units.by_code("01")  # Hà Nội
    assert forms.form_for(ws, commune.id).code == "p96-phong-trao"
    assert forms.form_for(ws, elsewhere.id).code == "phong-trao-mac-dinh"
    row = ws.store.db.execute(
        "SELECT changed_by <> '', province_code FROM movement_form WHERE id = ?", [form.id]
    ).fetchone()
    assert row == (1, "96")  # stamped: it travels with sync
    assert forms.import_form_file(ws, path) == (form, False)


def test_a_changed_file_with_the_same_version_is_refused(ws, tmp_path: Path) -> None:
    path = tmp_path / "p96.yaml"
    path.write_text(PROVINCE_FORM, encoding="utf-8")
    forms.import_form_file(ws, path)
    path.write_text(PROVINCE_FORM.replace("Tin báo về tội phạm", "Tin báo tội phạm"), "utf-8")
    with pytest.raises(UserError, match="higher version number"):
        forms.import_form_file(ws, path)


def test_read_form_file_lists_every_problem_for_the_user(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("format: 1\ncode: Bad Code\nversion: 0\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        forms.read_form_file(path)
    lines = err.value.message.splitlines()
    assert len(lines) >= 3 and all(line.startswith("bad.yaml") for line in lines)
    with pytest.raises(UserError, match="File not found"):
        forms.read_form_file(tmp_path / "missing.yaml")
