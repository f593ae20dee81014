"""Day-to-day work on the command line: units, registration, results, evidence, status."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from fixtures.cli_runner import Anninh
from fixtures.workspaces import open_folder

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.domain.criteria import EvidenceKind

EN = ("--lang", "en")


def _in(folder: Path) -> tuple[str, ...]:
    return ("--data-dir", str(folder), *EN)


def test_search_ignores_diacritics(run: Anninh, seeded_dir: Path) -> None:
    result = run("units", "--search", "ho thi ky", *_in(seeded_dir))
    assert result.code == 0
    assert "Xã Hồ Thị Kỷ" in result.out
    assert "32092" in result.out


def test_units_listing_under_a_province(run: Anninh, seeded_dir: Path) -> None:
    result = run("units", "--parent", "96", *_in(seeded_dir))
    assert result.code == 0
    assert "Xã Hồ Thị Kỷ" in result.out
    assert re.search(r"^\d+ units$", result.out, re.MULTILINE)


@pytest.fixture
def area(run: Anninh, seeded_dir: Path) -> str:
    """A residential area added under Xã Hồ Thị Kỷ and registered for 2026; returns its name."""
    added = run(
        "units",
        "add",
        "--parent",
        "32092",
        "--kind",
        "residential_area",
        "--name",
        "Ấp  Cây   Khô",
        "--subtype",
        "ấp",
        *_in(seeded_dir),
    )
    assert added.code == 0, added.err
    assert "Added Ấp Cây Khô under Xã Hồ Thị Kỷ" in added.out
    registered = run(
        "register", "Cây Khô", "--set", "tt124-khu-dan-cu", "--year", "2026", *_in(seeded_dir)
    )
    assert registered.code == 0, registered.err
    assert "(01/11/2025 – 31/10/2026)" in registered.out
    return "Ấp Cây Khô"


def test_results_evidence_and_status(
    run: Anninh, seeded_dir: Path, tmp_path: Path, area: str
) -> None:
    set_met = run("result", "set", area, "4.2", "met", "--note", "Đủ tài liệu", *_in(seeded_dir))
    assert set_met.code == 0, set_met.err
    assert "4.2: Met — 1/14 met, 1/14 assessed" in set_met.out
    unmet = run(
        "result",
        "set",
        area,
        "4.5",
        "not_met",
        "--remediation",
        "Kiện toàn tổ bảo vệ",
        "--due",
        "30/06/2026",
        "--responsible",
        "Trưởng ấp",
        *_in(seeded_dir),
    )
    assert unmet.code == 0, unmet.err

    document = tmp_path / "Nghị quyết chi bộ.pdf"
    document.write_bytes(b"%PDF-1.7 nghi quyet chi bo")
    added = run(
        "evidence",
        "add",
        area,
        document,
        "-c",
        "4.1",
        "-c",
        "4.2",
        "--title",
        "Nghị quyết Chi bộ ấp Cây Khô",
        "--kind",
        "NQ",
        "--number",
        "03-NQ/CB",
        "--date",
        "2026-01-10",
        "--issuer",
        "Chi bộ ấp",
        *_in(seeded_dir),
    )
    assert added.code == 0, added.err
    assert "linked to 2 criteria" in added.out

    status = run("status", area, *_in(seeded_dir))
    assert status.code == 0, status.err
    assert "Ấp Cây Khô — Khu dân cư" in status.out
    assert "state: In progress" in status.out
    rows = {
        line.split()[0]: line.split()
        for line in status.out.splitlines()
        if re.match(r"^4\.\d", line)
    }
    assert rows["4.1"][1:3] == ["Not", "assessed"] and rows["4.1"][3] == "1"
    assert rows["4.2"][1:3] == ["Met", "1"]
    assert rows["4.5"][1:4] == ["Not", "met", "0"]
    assert "Met 1/14 (7%), assessed 2/14, not met 1" in status.out

    ws = open_folder(seeded_dir)
    try:
        unit = ws.store.units.search("cay kho")[0]
        (a,) = ws.store.assessments.for_unit(unit.id)
        results = ws.store.assessments.results(a.id)
        (item,) = ws.store.evidence.for_unit(unit.id)
        (revision,) = ws.store.evidence.revisions(item.id)
    finally:
        ws.close()
    assert results["4.2"].note == "Đủ tài liệu"
    assert results["4.5"].value is ResultValue.NOT_MET
    assert str(results["4.5"].due_date) == "2026-06-30"
    assert results["4.5"].responsible == "Trưởng ấp"
    assert (item.kind, item.number, str(item.issue_date), item.issuer) == (
        EvidenceKind.RESOLUTION,
        "03-NQ/CB",
        "2026-01-10",
        "Chi bộ ấp",
    )
    assert revision.sha256 == hashlib.sha256(document.read_bytes()).hexdigest()
    assert revision.filename == "Nghị quyết chi bộ.pdf"


def test_refused_transitions_say_why(run: Anninh, seeded_dir: Path, area: str) -> None:
    refused = run("transition", area, "self_assessed", *_in(seeded_dir))
    assert refused.code == 1
    assert refused.err_lines == [
        "Not possible: an assessment in state “Registered” cannot move to “Self-assessed”"
    ]

    assert run("result", "set", area, "4.2", "met", *_in(seeded_dir)).code == 0
    refused = run("transition", area, "self_assessed", *_in(seeded_dir))
    assert refused.code == 1
    assert len(refused.err_lines) == 1
    assert "13 criteria not yet assessed" in refused.err
    assert "criterion 4.2" not in refused.err

    refused = run("transition", area, "under_appraisal", "--as-appraiser", *_in(seeded_dir))
    assert refused.code == 1 and "Set this office's name and unit first" in refused.err


def test_only_an_appraising_office_may_act_as_appraiser(
    run: Anninh, seeded_dir: Path, area: str
) -> None:
    office = ("sync", "identity", "--name", "Công an xã Hồ Thị Kỷ", "--unit", "32092")
    assert run(*office, *_in(seeded_dir)).code == 0
    # The commune appraises its residential areas: the workflow decides.
    refused = run("transition", area, "under_appraisal", "--as-appraiser", *_in(seeded_dir))
    assert refused.code == 1 and "cannot move" in refused.err
    # Its own assessment is appraised by the province, not by the commune.
    register = ("register", "32092", "--set", "tt124-xa-phuong", "--year", "2026")
    assert run(*register, *_in(seeded_dir)).code == 0
    for state in ("under_appraisal", "recognised"):
        refused = run("transition", "32092", state, "--as-appraiser", *_in(seeded_dir))
        assert refused.code == 1
        assert "Only the appraising office of" in refused.err, refused.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "Xã Không Có Thật"), "No unit matches “Xã Không Có Thật”"),
        (("result", "set", "Ấp Cây Khô", "9.9", "met"), "“9.9” is not a criterion"),
        (
            ("register", "Ấp Cây Khô", "--set", "tt124-khu-dan-cu", "--year", "2026"),
            "already registered",
        ),
        (
            ("register", "Ấp Cây Khô", "--set", "khong-co-bo-nay", "--year", "2026"),
            "No criterion set “khong-co-bo-nay”",
        ),
        (
            ("register", "Ấp Cây Khô", "--set", "tt124-xa-phuong", "--year", "2026"),
            "not for units of this kind",
        ),
        (("status", "32092"), "has no assessment"),
        (
            ("result", "set", "Ấp Cây Khô", "4.1", "na", "--reason", "x"),
            "cannot be marked not applicable",
        ),
        (
            ("units", "add", "--parent", "96", "--kind", "school", "--name", "Trường A"),
            "not a current commune",
        ),
        (
            (
                "units",
                "add",
                "--parent",
                "32092",
                "--kind",
                "residential_area",
                "--name",
                "ấp cay kho",
            ),
            "already has a unit named",
        ),
    ],
    ids=[
        "unknown-unit",
        "unknown-ref",
        "registered-twice",
        "unknown-set",
        "wrong-kind",
        "not-registered",
        "na-not-allowed",
        "parent-not-commune",
        "duplicate-name",
    ],
)
def test_user_errors_exit_1_with_one_line(
    run: Anninh, seeded_dir: Path, area: str, args: tuple[str, ...], message: str
) -> None:
    result = run(*args, *_in(seeded_dir))
    assert result.code == 1
    assert len(result.err_lines) == 1, result.err
    assert message in result.err


def test_evidence_file_not_found(run: Anninh, seeded_dir: Path, tmp_path: Path, area: str) -> None:
    missing = tmp_path / "khong-co.pdf"
    result = run("evidence", "add", area, missing, "-c", "4.1", *_in(seeded_dir))
    assert result.code == 1
    assert result.err_lines == [f"File not found: {missing}"]


def test_bad_date_is_a_usage_error(run: Anninh, seeded_dir: Path, area: str) -> None:
    result = run("result", "set", area, "4.5", "not_met", "--due", "31/02/2026", *_in(seeded_dir))
    assert result.code == 2
    assert "not a date: 31/02/2026" in result.err


def test_ambiguous_unit_name_asks_for_a_code(run: Anninh, seeded_dir: Path) -> None:
    result = run("status", "Tân", *_in(seeded_dir))
    assert result.code == 1
    assert len(result.err_lines) == 1
    assert "matches several units" in result.err
