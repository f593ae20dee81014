"""Broken set files give problems that name the file, the line and the field."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from anninh_desktop.domain.criteria import CriterionSet, EvidenceKind, Scoring
from anninh_desktop.i18n import set_language
from anninh_desktop.services.criteria_library import (
    CriterionSetError,
    IncludeError,
    Problem,
    dump_set,
    load_set_file,
    parse_set_text,
    validate_set_text,
)

BASE = """\
format: 1
code: test-set
version: 1
title: Bộ tiêu chí thử
unit_kinds: [commune]
valid_from: 2024-01-01
period: {start_month: 11, start_day: 16}
criteria:
  - ref: "1"
    text: Tiêu chí một
    items:
      - ref: "1.a"
        text: Điểm a
      - ref: "1.b"
        text: Điểm b
  - ref: "2"
    text: Tiêu chí hai
"""


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def problems(text: str, name: str = "t.yaml") -> list[Problem]:
    with pytest.raises(CriterionSetError) as caught:
        parse_set_text(text, name)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return caught.value.problems


def lines(text: str) -> list[str]:
    return [str(p) for p in problems(text)]


def test_the_base_text_loads() -> None:
    s = parse_set_text(BASE, "t.yaml")
    assert [c.ref for c in s.assessable_criteria()] == ["1.a", "1.b", "2"]
    assert validate_set_text(BASE, "t.yaml") == []


def test_missing_text_names_file_line_and_path() -> None:
    broken = BASE.replace("        text: Điểm b\n", "")
    assert lines(broken) == ["t.yaml:14: criteria[0].items[1].text: required field missing"]
    (problem,) = problems(broken)
    assert (problem.file, problem.line, problem.path, problem.field) == (
        "t.yaml",
        14,
        "criteria[0].items[1]",
        "text",
    )


def test_empty_text() -> None:
    assert lines(BASE.replace("text: Tiêu chí hai", 'text: "  "')) == [
        "t.yaml:17: criteria[1].text: must not be empty"
    ]


def test_bad_unit_kind() -> None:
    (line,) = lines(BASE.replace("[commune]", "[commune, vilage]"))
    assert line.startswith("t.yaml:5: unit_kinds[1]: “vilage” is not allowed; use one of:")
    assert "residential_area" in line


def test_duplicate_ref() -> None:
    assert lines(BASE.replace('ref: "1.b"', 'ref: "1.a"')) == [
        "t.yaml:14: criteria[0].items[1].ref: ref “1.a” is used twice (first on line 12)"
    ]


def test_unknown_field_is_rejected_with_a_suggestion() -> None:
    broken = BASE.replace("    text: Tiêu chí hai", "    text: Tiêu chí hai\n    mandatroy: false")
    assert lines(broken) == [
        "t.yaml:18: criteria[1].mandatroy: unknown field; did you mean “mandatory”?"
    ]
    (line,) = lines(BASE.replace("format: 1", "format: 1\ncolour: red"))
    assert line.startswith("t.yaml:2: colour: unknown field; allowed here: format, code,")


def test_field_given_twice() -> None:
    assert lines(BASE.replace("version: 1\n", "version: 1\nversion: 2\n")) == [
        "t.yaml:4: version: field given twice (first on line 3)"
    ]


def test_bad_dates() -> None:
    assert lines(BASE.replace("2024-01-01", "2024-02-30")) == [
        "t.yaml:6: valid_from: not a valid date; write it as YYYY-MM-DD, e.g. 2022-02-10"
    ]
    assert lines(BASE.replace("2024-01-01", "2024-01-01\nvalid_to: 2023-12-31")) == [
        "t.yaml:7: valid_to: ends before valid_from"
    ]
    assert parse_set_text(BASE.replace("2024-01-01", '"01/02/2024"'), "t.yaml").valid_from
    assert lines(BASE.replace("2024-01-01", "2024-01-01 10:00:00"))[0].startswith(
        "t.yaml:6: valid_from: not a valid date"
    )


def test_invalid_period_days() -> None:
    assert lines(BASE.replace("start_day: 16", "start_day: 31")) == [
        "t.yaml:7: period.start_day: day 31 does not exist in month 11 every year"
    ]
    assert lines(BASE.replace("start_month: 11, start_day: 16", "start_month: 2, start_day: 29"))
    assert lines(BASE.replace("start_month: 11", "start_month: 13")) == [
        "t.yaml:7: period.start_month: must be at most 12"
    ]
    assert lines(BASE.replace("period: {start_month: 11, start_day: 16}\n", "")) == [
        "t.yaml:1: period: required field missing"
    ]


def test_invalid_yaml_syntax_gives_the_line() -> None:
    (problem,) = problems(BASE.replace('ref: "1.b"', "ref: [1.b"))
    assert problem.line in (14, 15)
    assert problem.message.startswith("not valid YAML:")
    assert lines("") == ["t.yaml: the file is empty"]
    assert lines("- a\n- b\n") == ["t.yaml:1: must be a mapping of fields (name: value)"]


def test_wrong_types() -> None:
    broken = BASE.replace("version: 1", "version: one").replace(
        "    text: Tiêu chí hai", "    text: Tiêu chí hai\n    negative: maybe\n    items: 3"
    )
    assert lines(broken) == [
        "t.yaml:3: version: must be a whole number",
        "t.yaml:18: criteria[1].negative: must be true or false",
        "t.yaml:19: criteria[1].items: must be a list (lines starting with “- ”)",
    ]
    assert lines(BASE.replace("code: test-set", "code: Test Set")) == [
        "t.yaml:2: code: use lower-case letters a–z, digits and hyphens, e.g. tt124-khu-dan-cu"
    ]
    assert lines(BASE.replace('ref: "2"', 'ref: "2 b"')) == [
        "t.yaml:16: criteria[1].ref: a ref has no spaces and no colon, e.g. 4.3.a"
    ]


def test_points_only_with_points_scoring() -> None:
    broken = BASE.replace("    text: Tiêu chí hai", "    text: Tiêu chí hai\n    points: 3")
    assert lines(broken) == [
        "t.yaml:18: criteria[1].points: points are only allowed when the set's scoring is points"
    ]
    assert lines(BASE.replace("format: 1", "format: 1\nmax_points: 100")) == [
        "t.yaml:2: max_points: only allowed when scoring is points"
    ]


POINTS = BASE.replace(
    "criteria:\n",
    """scoring: points
max_points: 100
thresholds:
  - {label: Xuất sắc, min_points: 90}
  - {label: Khá, min_points: 70}
  - {label: Trung bình, min_points: 50}
criteria:
""",
).replace("        text: Điểm a\n", "        text: Điểm a\n        points: 3\n")


def test_a_points_set_loads_and_round_trips() -> None:
    s = parse_set_text(POINTS, "p.yaml")
    assert s.scoring is Scoring.POINTS and s.max_points == 100
    assert [(t.label, t.min_points) for t in s.thresholds] == [
        ("Xuất sắc", 90),
        ("Khá", 70),
        ("Trung bình", 50),
    ]
    assert s.criterion("1.a").points == 3
    text = dump_set(s)
    assert parse_set_text(text, "p.yaml") == parse_set_text(text, "other-name.yaml")
    assert parse_set_text(text, "p.yaml").criteria == s.criteria


def test_thresholds_must_be_sorted_best_first() -> None:
    broken = POINTS.replace("min_points: 70}", "min_points: 95}")
    assert lines(broken) == [
        "t.yaml:12: thresholds[1].min_points: thresholds go from the best class down: "
        "each needs fewer points than the one before"
    ]
    assert lines(POINTS.replace("max_points: 100\n", "")) == [
        "t.yaml:1: max_points: required field missing"
    ]


def test_unknown_slots_need_complete_false() -> None:
    unknown = BASE.replace(
        "    text: Tiêu chí hai", "    text: Tiêu chí 2 (chưa có)\n    known: false"
    )
    assert lines(unknown) == [
        "t.yaml:1: complete: some rows are marked known: false, so the set must say complete: false"
    ]
    s = parse_set_text(unknown.replace("format: 1", "format: 1\ncomplete: false"), "t.yaml")
    assert s.complete is False and not s.criterion("2").known


def test_fields_for_assessable_rows_only() -> None:
    broken = BASE.replace("    text: Tiêu chí một", "    text: Tiêu chí một\n    evidence: [NQ]")
    assert lines(broken) == [
        "t.yaml:11: criteria[0].evidence: only a row without sub-items can carry this; "
        "move it to its items"
    ]


def test_evidence_kinds_are_matched_without_accents() -> None:
    text = BASE.replace(
        "    text: Tiêu chí hai", "    text: Tiêu chí hai\n    evidence: [qd, DK, nq]"
    )
    assert parse_set_text(text, "t.yaml").criterion("2").required_evidence == (
        EvidenceKind.DECISION,
        EvidenceKind.REGISTRATION,
        EvidenceKind.RESOLUTION,
    )
    assert lines(text.replace("nq]", "nq, NQ]")) == [
        "t.yaml:18: criteria[1].evidence[3]: “NQ” is listed twice"
    ]


def test_text_is_stored_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", BASE)
    assert decomposed != BASE
    s = parse_set_text(decomposed, "t.yaml")
    assert s.title == "Bộ tiêu chí thử"
    assert all(unicodedata.is_normalized("NFC", c.text) for c in s.criteria)


def test_all_problems_are_reported_at_once() -> None:
    broken = (
        BASE.replace("[commune]", "[town]")
        .replace("        text: Điểm b\n", "")
        .replace("2024-01-01", "someday")
    )
    assert [p.line for p in problems(broken)] == [5, 6, 14]


def test_newer_format_is_refused() -> None:
    (line,) = lines(BASE.replace("format: 1", "format: 2"))
    assert line.startswith("t.yaml:1: format: this file uses format 2")


# -- includes -------------------------------------------------------------------------------------

SOURCE = BASE.replace("code: test-set", "code: source-set")
HOST = BASE.replace("code: test-set", "code: host-set").replace(
    "    text: Tiêu chí hai",
    '    text: Tiêu chí hai\n    include: {set: source-set, version: 1, refs: ["1", "2"]}',
)


def resolver_of(*sets: CriterionSet):  # type: ignore[no-untyped-def]
    known = {(s.code, s.version): s for s in sets}

    def resolve(code: str, version: int) -> CriterionSet:
        if (code, version) not in known:
            raise IncludeError(f"no set {code} v{version}")
        return known[(code, version)]

    return resolve


def test_include_through_a_resolver_callback() -> None:
    resolve = resolver_of(parse_set_text(SOURCE, "source.yaml"))
    host = parse_set_text(HOST, "host.yaml", resolve)
    assert [c.ref for c in host.children("2")] == ["2.1", "2.2"]
    assert [c.ref for c in host.children("2.1")] == ["2.1.a", "2.1.b"]
    assert host.criterion("2.1.b").refers_to == "source-set:1.b"
    assert not host.criterion("2").assessable and not host.criterion("2.1").assessable


def test_include_problems() -> None:
    assert lines(HOST) == [
        "t.yaml:18: criteria[1].include.set: cannot look up set source-set: "
        "the file was not read from a folder of sets"
    ]
    resolve = resolver_of(parse_set_text(SOURCE, "source.yaml"))
    broken = HOST.replace('refs: ["1", "2"]', 'refs: ["1", "3", "1.a"]')
    with pytest.raises(CriterionSetError) as caught:
        parse_set_text(broken, "h.yaml", resolve)
    assert [str(p) for p in caught.value.problems] == [
        "h.yaml:18: criteria[1].include.refs: set source-set version 1 has no criterion “3”",
        "h.yaml:18: criteria[1].include.refs: “1.a” is already included with “1”",
    ]
    with pytest.raises(CriterionSetError) as caught:
        parse_set_text(HOST.replace("version: 1,", "version: 7,"), "h.yaml", resolve)
    assert str(caught.value) == "h.yaml:18: criteria[1].include.set: no set source-set v7"


def test_include_from_the_folder_and_cycles(tmp_path: Path) -> None:
    (tmp_path / "source.yaml").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "host.yaml").write_text(HOST, encoding="utf-8")
    assert load_set_file(tmp_path / "host.yaml").criterion("2.2").refers_to == "source-set:2"
    cyclic = SOURCE.replace(
        "    text: Tiêu chí hai",
        '    text: Tiêu chí hai\n    include: {set: host-set, version: 1, refs: ["1"]}',
    )
    (tmp_path / "source.yaml").write_text(cyclic, encoding="utf-8")
    with pytest.raises(CriterionSetError) as caught:
        load_set_file(tmp_path / "host.yaml")
    message = str(caught.value)
    assert message.startswith("host.yaml:18: criteria[1].include.set: set source-set version 1")
    assert "include cycle: host-set v1 → source-set v1 → host-set v1" in message


def test_refers_to_must_name_a_set_and_a_ref() -> None:
    assert lines(BASE.replace("    text: Tiêu chí hai", "    text: x\n    refers_to: 4.3")) == [
        "t.yaml:18: criteria[1].refers_to: write it as <set code>:<ref>, "
        "e.g. tt124-khu-dan-cu:4.3.a"
    ]


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(BASE.encode("cp1258", errors="replace"))
    with pytest.raises(CriterionSetError) as caught:
        load_set_file(path)
    assert str(caught.value) == "latin.yaml: the file is not UTF-8 text; save it as UTF-8"
