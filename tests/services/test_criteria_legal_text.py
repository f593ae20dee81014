"""Shipped TT124 texts equal the legal text letter for letter (tests/data/criteria-sources.md)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from anninh_desktop.domain.criteria import CriterionLevel, CriterionSet
from anninh_desktop.services.criteria_library import FolderResolver, shipped_set_files

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCES = REPO_ROOT / "tests" / "data" / "criteria-sources.md"
SHARED_SOURCES = REPO_ROOT.parent / "shared" / "domain" / "criteria-sources.md"
ARTICLE_OF_SET = {
    "tt124-khu-dan-cu": "4",
    "tt124-xa-phuong": "5",
    "tt124-co-quan-doanh-nghiep": "6",
    "tt124-co-so-giao-duc": "7",
}


def legal_texts(markdown: str) -> dict[str, str]:
    """ref → verbatim text from the "TT124 criteria, verbatim" section, editorial notes removed."""
    section = markdown.split("## TT124 criteria, verbatim", 1)[1]
    texts: dict[str, str] = {}
    article = criterion = ""
    for line in section.splitlines():
        if heading := re.match(r"\*\*Điều (\d+) ", line):
            article = heading.group(1)
        elif numbered := re.match(r"(\d+)\. (.*)$", line):
            criterion = f"{article}.{numbered.group(1)}"
            # "*(Reuse the KDC items …)*" is an editor's note, not law
            texts[criterion] = re.sub(r"\s*\*\([^)]*\)\*$", "", numbered.group(2))
        elif point := re.match(r" {3}- ([a-zđ])\) (.*)$", line):
            texts[f"{criterion}.{point.group(1)}"] = point.group(2)
    return texts


@pytest.fixture(scope="module")
def markdown() -> str:
    return SOURCES.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def legal(markdown: str) -> dict[str, str]:
    return legal_texts(markdown)


@pytest.fixture(scope="module")
def shipped() -> dict[str, CriterionSet]:
    files = shipped_set_files()
    resolver = FolderResolver(files[0].parent)
    return {s.code: s for s in (resolver.load(path) for path in files)}


def test_the_sources_are_in_the_repository_and_the_same_as_the_shared_ones() -> None:
    """The legal text the tests compare against is the repository's copy: it must be there (a
    missing copy fails, never skips). Where the project's shared/ folder is beside the repository
    (the developers' machines), the copy must still be identical to it."""
    assert SOURCES.is_file(), f"{SOURCES} is missing: copy it from shared/domain/"
    if SHARED_SOURCES.exists():
        assert SOURCES.read_bytes() == SHARED_SOURCES.read_bytes()


def test_the_parser_finds_every_criterion_of_articles_4_to_7(legal: dict[str, str]) -> None:
    assert len(legal) == 39
    assert legal["4.3.đ"] == "Hoạt động ly khai, đòi tự trị;"
    assert legal["5.2"].endswith("Điều 4 Thông tư này.")
    assert legal["5.4"].endswith('"An toàn về an ninh, trật tự".')
    assert all("*" not in text for text in legal.values())


def test_every_tt124_row_is_the_legal_text(
    shipped: dict[str, CriterionSet], legal: dict[str, str]
) -> None:
    for code, article in ARTICLE_OF_SET.items():
        own = set()
        for c in shipped[code].criteria:
            assert c.level is not CriterionLevel.GROUP
            assert unicodedata.is_normalized("NFC", c.text)
            if c.refers_to:
                source_code, source_ref = c.refers_to.split(":")
                assert source_code in ARTICLE_OF_SET
                assert source_ref.split(".")[0] == ARTICLE_OF_SET[source_code]
                assert c.text == legal[source_ref], c.ref
                assert c.number == source_ref.rsplit(".", 1)[-1]
            else:
                assert c.text == legal[c.ref], c.ref
                assert c.number == c.ref.rsplit(".", 1)[-1]
                own.add(c.ref)
        assert own == {ref for ref in legal if ref.split(".")[0] == article}, code


def test_the_exemplary_frames_hold_only_known_texts(
    shipped: dict[str, CriterionSet], markdown: str
) -> None:
    flat = " ".join(markdown.split())
    agency_1 = re.search(r"- Tiêu chí 1: (.*?)\n\n", markdown, re.S)
    assert agency_1 is not None
    frame = shipped["qd9745-co-quan-dien-hinh"]
    assert frame.criterion("1").text == " ".join(agency_1.group(1).split())
    for code in ("qd9745-xa-dien-hinh", "qd9745-co-quan-dien-hinh"):
        for c in shipped[code].criteria:
            if c.known:  # every known Vietnamese text is quoted in the sources
                assert c.text in flat, (code, c.ref)
