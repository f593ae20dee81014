"""The template format: sections, comments, placeholders, optional parts, lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from anninh_desktop.services.dossier import templates
from anninh_desktop.services.dossier.templates import (
    TemplateError,
    fill,
    fill_lines,
    placeholders,
    split_sections,
)


def test_sections_comments_and_blank_edges() -> None:
    text = "# a comment\nbefore\n[MỘT]\n\nx\n\n y\n\n[[ not a section ]]\n[HAI]\n# dropped\nz\n"
    assert split_sections(text) == [
        ("MỘT", ["x", "", " y", "", "[[ not a section ]]"]),
        ("HAI", ["z"]),
    ]
    assert split_sections("[A]\n# kept\n", comments=False) == [("A", ["# kept"])]


def test_sections_are_nfc_and_accept_windows_line_ends() -> None:
    decomposed = "[TIE\u0302U \u0110E\u0302\u0300]\r\nTo\u031b\u0300 tri\u0300nh\r\n"
    assert split_sections(decomposed) == [("TIÊU ĐỀ", ["Tờ trình"])]


def test_fill_placeholders_braces_and_optional_parts() -> None:
    values = {"unit": "xã Hồ Thị Kỷ", "due": "", "year": "2026"}
    assert fill("{unit} năm {year}", values) == "xã Hồ Thị Kỷ năm 2026"
    assert fill("{{literal}} {year}", values) == "{literal} 2026"
    assert fill("A[[, hạn {due}]][[ năm {year}]].", values) == "A năm 2026."
    assert placeholders("{a} {{b}} [[{c}]]") == {"a", "c"}


def test_unknown_placeholders_are_an_error_naming_them() -> None:
    with pytest.raises(TemplateError, match=r"\{nope\}"):
        fill("x {nope}", {}, source="to-trinh.txt")
    with pytest.raises(TemplateError, match=r"\{gone\}"):
        fill("x [[{gone}]]", {}, source="to-trinh.txt")


def test_a_list_placeholder_alone_on_its_line_expands() -> None:
    lines = fill_lines(["Trước", "{items}", "Sau {n}"], {"n": "3"}, {"items": ["- một", "- hai"]})
    assert lines == ["Trước", "- một", "- hai", "Sau 3"]


def test_phrases_name_a_missing_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "labels.txt").write_text("[a]\nmột {x}\n", encoding="utf-8")
    monkeypatch.setattr(templates, "templates_dir", lambda: tmp_path)
    phrases = templates.Phrases("labels.txt")
    assert phrases.get("a", x="hai") == "một hai"
    with pytest.raises(TemplateError, match=r"\[b\]"):
        phrases.get("b")


def test_an_unreadable_template_is_a_user_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "templates_dir", lambda: tmp_path)
    with pytest.raises(TemplateError, match="reinstall"):
        templates.load("to-trinh.txt")


@pytest.mark.parametrize(
    "name", ["to-trinh.txt", "bao-cao.txt", "bien-ban.txt", "fragments.txt", "labels.txt"]
)
def test_shipped_templates_are_nfc_utf8(name: str) -> None:
    import unicodedata

    text = (templates.templates_dir() / name).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert templates.load(name)
