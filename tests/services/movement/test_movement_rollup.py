"""Entered figures per period, and the roll-up of a commune and of the province: every done/total,
share, year-on-year change and forecast computed from the data (the expected numbers below are
counted by hand from the registry that fixtures/movement_data.py builds)."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.movement_data import H1_2026

from anninh_desktop.domain.movement_forecast import Outlook
from anninh_desktop.domain.movement_periods import ReportPeriod
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.movement import figures, numbers
from anninh_desktop.services.movement.rollup import compute_rollup, history


def test_a_commune_roll_up(ws, place) -> None:
    r = compute_rollup(ws, place.main.id, H1_2026)
    assert (r.start, r.end) == (date(2025, 11, 16), date(2026, 5, 15))
    f = r.figure
    assert (f("ra-quan-khu-dan-cu").value, f("ra-quan-khu-dan-cu").total) == (3, 4)
    assert (f("ra-quan-xa").value, f("ra-quan-xa").total) == (1, 1)
    assert f("dang-ky-khu-dan-cu").ratio.done == 3 and f("dang-ky-khu-dan-cu").total == 4
    assert numbers.ratio_text(f("dang-ky-khu-dan-cu").ratio, "vi_VN") == "3/4 (75 %)"
    assert numbers.ratio_text(f("dang-ky-co-so-giao-duc").ratio, "vi_VN") == "2/3 (66,7 %)"
    assert (f("dang-ky-doanh-nghiep").value, f("dang-ky-doanh-nghiep").total) == (0, 1)
    # sites counting on 15/05/2026: s1 and s2 (s3 struck off on 01/02/2026)
    assert f("so-diem-mo-hinh").value == 2 and f("so-mo-hinh").value == 2
    assert (f("so-to").value, f("so-thanh-vien-to").value) == (3, 25)
    assert (f("diem-xay-moi").value, f("diem-loai-bo").value) == (1, 1)
    assert (f("diem-ho-so-chua-dam-bao").value, f("diem-ho-so-chua-dam-bao").total) == (1, 2)
    assert (f("to-hoa-giai").value, f("to-cuu-chien-binh").value) == (2, 1)
    assert f("thanh-vien-to-chuc").value == 24
    assert (f("tin-co-gia-tri").value, f("tin-co-gia-tri").total) == (12, 30)
    crime = f("vu-pham-toi").change
    assert (crime.current, crime.previous, crime.difference) == (5, 9, -4)
    assert numbers.relative_text(crime, "vi_VN") == "−44,4 %"
    assert f("tai-hoa-nhap").value is None  # not entered: no figure, not a zero
    assert f("du-kien-dat-dien-hinh").ratio.done == 1 and f("du-kien-dat-dien-hinh").total == 1


def test_the_province_sums_its_communes(ws, place) -> None:
    r = compute_rollup(ws, place.province.id, H1_2026)
    f = r.figure
    communes = len(
        [u for u in ws.store.units.children(place.province.id) if u.kind is UnitKind.COMMUNE]
    )
    assert (f("ra-quan-xa").value, f("ra-quan-xa").total) == (1, communes)
    assert (f("dang-ky-khu-dan-cu").value, f("dang-ky-khu-dan-cu").total) == (5, 6)
    assert (f("so-diem-mo-hinh").value, f("so-to").value, f("so-thanh-vien-to").value) == (3, 4, 33)
    assert f("diem-xay-moi").value == 2  # 10/01/2026 and 01/12/2025
    assert f("ban-an-ninh").value == 0  # dissolved on 31/12/2025
    change = f("vu-pham-toi").change
    assert (change.current, change.previous) == (8, 11)
    assert numbers.relative_text(change, "vi_VN") == "−27,3 %"
    assert (f("du-kien-dat-dien-hinh").value, f("du-kien-dat-dien-hinh").total) == (1, 2)
    assert (f("du-kien-khong-dat-dien-hinh").value, f("du-kien-khong-dat-dien-hinh").total) == (
        1,
        2,
    )
    # per commune: the two that reported, and every other commune of the province listed
    offices = {o.unit_id: o for o in r.offices}
    assert offices[place.main.id].reported and offices[place.other.id].reported
    assert offices[place.main.id].values["so-diem-mo-hinh"] == 2
    assert offices[place.other.id].values["so-diem-mo-hinh"] == 1
    assert offices[place.other.id].previous["vu-pham-toi"] == 2
    assert r.reporting.done == 2 and r.reporting.total == communes
    outlooks = {o.unit_id: o.forecast for o in r.outlooks}
    assert outlooks[place.main.id].outlook is Outlook.EXPECTED
    assert outlooks[place.main.id].planned == ("31",)
    assert outlooks[place.other.id].outlook is Outlook.NOT_EXPECTED
    assert outlooks[place.other.id].lacking == ("33",)


def test_sums_equal_the_sum_of_the_communes(ws, place) -> None:
    r = compute_rollup(ws, place.province.id, H1_2026)
    for fig in r.figures:
        if fig.field.computed is None or fig.field.computed.kind.value == "units":
            continue
        if fig.field.computed.kind.value in ("model_types",):
            continue  # distinct models are not additive
        parts = [o.values[fig.field.key] or 0 for o in r.offices]
        assert sum(parts) == (fig.value or 0), fig.field.key


def test_entering_figures_is_checked(ws, place) -> None:
    with pytest.raises(UserError, match="computed by the program"):
        figures.set_figures(ws, place.main.id, H1_2026, {"so-diem-mo-hinh": 4})
    with pytest.raises(UserError, match="yes"):
        figures.set_figures(ws, place.main.id, H1_2026, {"ra-quan-xa": 2})
    with pytest.raises(UserError, match="whole number"):
        figures.set_figures(ws, place.main.id, H1_2026, {"vu-pham-toi": -1})
    with pytest.raises(UserError, match="has no field"):
        figures.set_figures(ws, place.main.id, H1_2026, {"nope": 1})
    with pytest.raises(UserError, match="not started"):
        figures.set_figures(ws, place.main.id, ReportPeriod(2027), {"vu-pham-toi": 1})
    with pytest.raises(UserError, match="commune or a province"):
        figures.set_figures(ws, place.areas[0].id, H1_2026, {"vu-pham-toi": 1})
    sheet = figures.set_figures(ws, place.main.id, H1_2026, {"vu-pham-toi": None})
    assert "vu-pham-toi" not in sheet.values and sheet.values["tin-bao-toi-pham"] == 20


def test_a_sheet_stays_on_its_form_version(ws, place, tmp_path) -> None:
    from test_movement_forms import PROVINCE_FORM

    from anninh_desktop.services.movement import forms

    path = tmp_path / "p96.yaml"
    path.write_text(PROVINCE_FORM, encoding="utf-8")
    province_form, _ = forms.import_form_file(ws, path)
    kept = figures.open_sheet(ws, place.main.id, H1_2026)
    assert kept.form.code == "phong-trao-mac-dinh"  # entered before the province's form came
    new = figures.open_sheet(ws, place.main.id, ReportPeriod(2026))
    assert new.form.id == province_form.id and not new.stored
    assert (new.start, new.end) == (date(2025, 12, 15), date(2026, 12, 14))
    moved = figures.use_form(ws, place.main.id, H1_2026, province_form.id)
    assert moved.form.id == province_form.id and moved.values["vu-pham-toi"] == 5


def test_history_gives_the_chart_fields_over_the_years(ws, place) -> None:
    periods = history(ws, place.main.id, H1_2026, years=3)
    keys = [p.key for p, _values in periods]
    assert keys[-2:] == ["2025-H1", "2026-H1"]
    values = dict((p.key, v) for p, v in periods)
    assert values["2026-H1"]["vu-pham-toi"] == 5 and values["2025-H1"]["vu-pham-toi"] == 9
    assert values["2025-H1"]["so-diem-mo-hinh"] == 2  # s1 and s3 (struck off only in 2026)
