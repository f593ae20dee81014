"""`anninh` exit codes, usage errors, and the `criteria` commands."""

from __future__ import annotations

from pathlib import Path

from fixtures.cli_runner import Anninh

from anninh_desktop.services.criteria_library import shipped_set_files


def test_help_and_version_exit_0(run: Anninh) -> None:
    assert run("--help").code == 0
    result = run("--version")
    assert result.code == 0 and "anninh 0." in result.out


def test_unknown_option_is_a_usage_error(run: Anninh, seeded_dir: Path) -> None:
    result = run("status", "32092", "--bogus", "--data-dir", seeded_dir, "--lang", "en")
    assert result.code == 2
    assert "unrecognized arguments: --bogus" in result.err


def test_unknown_command_and_missing_argument_are_usage_errors(
    run: Anninh, seeded_dir: Path
) -> None:
    assert run("frobnicate", "--data-dir", seeded_dir).code == 2
    assert run("register", "32092", "--data-dir", seeded_dir, "--lang", "en").code == 2
    assert run("result", "set", "32092", "4.1", "maybe", "--data-dir", seeded_dir).code == 2


def test_data_dir_is_honoured_before_the_command_too(run: Anninh, seeded_dir: Path) -> None:
    result = run("--data-dir", seeded_dir, "--lang", "en", "units", "--search", "ho thi ky")
    assert result.code == 0
    assert "Xã Hồ Thị Kỷ" in result.out


def test_criteria_validate_a_shipped_file(run: Anninh, tmp_path: Path) -> None:
    files = shipped_set_files()
    result = run("criteria", "validate", *files, "--data-dir", tmp_path / "d", "--lang", "en")
    assert result.code == 0
    assert result.out.count(": valid — ") == len(files)
    assert result.err == ""


def test_criteria_validate_names_file_line_and_field(run: Anninh, tmp_path: Path) -> None:
    shipped = next(p for p in shipped_set_files() if p.name.startswith("tt124-khu-dan-cu"))
    lines = shipped.read_text(encoding="utf-8").splitlines(keepends=True)
    line_no = next(i for i, line in enumerate(lines, start=1) if line.startswith("scoring:"))
    lines[line_no - 1] = "scoring: tuy-y\n"
    broken = tmp_path / "bo-tieu-chi-loi.yaml"
    broken.write_text("".join(lines), encoding="utf-8")

    result = run(
        "criteria", "validate", broken, shipped, "--data-dir", tmp_path / "d", "--lang", "en"
    )

    assert result.code == 1
    assert f"bo-tieu-chi-loi.yaml:{line_no}: scoring:" in result.err
    assert "tuy-y" in result.err
    assert ": valid — " in result.out  # the good file is still reported


def test_criteria_validate_a_missing_file(run: Anninh, tmp_path: Path) -> None:
    result = run(
        "criteria", "validate", tmp_path / "none.yaml", "--data-dir", tmp_path / "d", "--lang", "en"
    )
    assert result.code == 1
    assert result.err_lines == [f"File not found: {tmp_path / 'none.yaml'}"]


def test_criteria_list_shows_the_tt124_sets(run: Anninh, seeded_dir: Path) -> None:
    result = run("criteria", "list", "--data-dir", seeded_dir, "--lang", "en")
    assert result.code == 0
    for code in (
        "tt124-khu-dan-cu",
        "tt124-xa-phuong",
        "tt124-co-quan-doanh-nghiep",
        "tt124-co-so-giao-duc",
    ):
        assert code in result.out
    assert "Thông tư 124/2021/TT-BCA" in result.out
    assert "incomplete" in result.out  # the QĐ 9745 frames


def test_criteria_import_of_a_changed_file_with_the_same_version(
    run: Anninh, seeded_dir: Path, tmp_path: Path
) -> None:
    shipped = next(p for p in shipped_set_files() if p.name.startswith("tt124-khu-dan-cu"))
    changed = tmp_path / shipped.name
    changed.write_text(
        shipped.read_text(encoding="utf-8").replace(
            "Lực lượng tham gia", "Lực lượng nòng cốt tham gia", 1
        ),
        encoding="utf-8",
    )

    same = run("criteria", "import", shipped, "--data-dir", seeded_dir, "--lang", "en")
    assert same.code == 0 and "nothing changed" in same.out
    refused = run("criteria", "import", changed, "--data-dir", seeded_dir, "--lang", "en")
    assert refused.code == 1
    assert len(refused.err_lines) == 1 and "higher version number" in refused.err

    newer = tmp_path / "v2" / shipped.name
    newer.parent.mkdir()
    newer.write_text(
        changed.read_text(encoding="utf-8").replace("version: 1\n", "version: 2\n", 1),
        encoding="utf-8",
    )
    added = run("criteria", "import", newer, "--data-dir", seeded_dir, "--lang", "en")
    assert added.code == 0 and "Imported tt124-khu-dan-cu version 2" in added.out
