"""numbering: "Số: 05/BC-CAX", per issuer, kind and year."""

from __future__ import annotations

import pytest
from factories import FAST
from hypothesis import given
from hypothesis import strategies as st

from anninh_desktop.domain.numbering import DocumentNumber, next_number, parse_number


def dn(seq: int, year: int = 2026, kind: str = "BC", issuer: str = "CAX") -> DocumentNumber:
    return DocumentNumber(sequence=seq, year=year, kind=kind, issuer=issuer)


@pytest.mark.parametrize(
    ("seq", "text"),
    [
        (1, "01/BC-CAX"),
        (5, "05/BC-CAX"),
        (9, "09/BC-CAX"),
        (10, "10/BC-CAX"),
        (12, "12/BC-CAX"),
        (123, "123/BC-CAX"),
        (1024, "1024/BC-CAX"),
    ],
)
def test_str(seq: int, text: str) -> None:
    assert str(dn(seq)) == text


def test_with_prefix() -> None:
    assert dn(5).with_prefix == "Số: 05/BC-CAX"
    assert dn(7, kind="QĐ", issuer="UBND").with_prefix == "Số: 07/QĐ-UBND"


def test_next_number_starts_at_one() -> None:
    assert next_number([], issuer="CAX", kind="BC", year=2026) == dn(1)


def test_next_number_follows_the_highest_used() -> None:
    issued = [dn(1), dn(2), dn(5), dn(3)]
    assert next_number(issued, issuer="CAX", kind="BC", year=2026) == dn(6)


def test_next_number_restarts_in_a_new_year() -> None:
    issued = [dn(i, year=2025) for i in range(1, 40)]
    assert next_number(issued, issuer="CAX", kind="BC", year=2026) == dn(1, year=2026)
    assert next_number(issued, issuer="CAX", kind="BC", year=2025).sequence == 40


def test_other_issuers_and_kinds_do_not_count() -> None:
    issued = [
        dn(9, kind="TTr"),
        dn(8, issuer="UBND"),
        dn(7, kind="BB", issuer="UBND"),
        dn(2),
    ]
    assert next_number(issued, issuer="CAX", kind="BC", year=2026) == dn(3)
    assert next_number(issued, issuer="CAX", kind="TTr", year=2026) == dn(10, kind="TTr")
    assert next_number(issued, issuer="CAX", kind="KH", year=2026) == dn(1, kind="KH")


def test_next_number_accepts_any_iterable() -> None:
    assert next_number(iter([dn(4)]), issuer="CAX", kind="BC", year=2026).sequence == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/BC-CAX", dn(5)),
        ("Số: 05/BC-CAX", dn(5)),
        ("Số:05/BC-CAX", dn(5)),
        ("  Số:  12/BC-CAX  ", dn(12)),
        ("123/BC-CAX", dn(123)),
        ("5/BC-CAX", dn(5)),
        ("07/QĐ-UBND", dn(7, kind="QĐ", issuer="UBND")),
        ("12/KH-CAX-PV05", dn(12, kind="KH", issuer="CAX-PV05")),
    ],
)
def test_parse_number(text: str, expected: DocumentNumber) -> None:
    assert parse_number(text, 2026) == expected


def test_parse_number_keeps_the_given_year() -> None:
    assert parse_number("05/BC-CAX", 2024).year == 2024


@pytest.mark.parametrize(
    "text",
    [
        "",
        "BC-CAX",
        "05/BC",
        "05-BC-CAX",
        "/BC-CAX",
        "ab/BC-CAX",
        "05/BC CAX",
        "Số 05/BC-CAX",
        "05/-CAX",
        "05/BC-",
        "Số: ",
        "05 /BC-CAX",
    ],
)
def test_parse_number_invalid_raises(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_number(text, 2026)
    assert caught.value.args == (text,)  # the log shows which text was not a number


_token_chars = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZĐabcdđ0123456789")
_kinds = st.one_of(
    st.sampled_from(["BC", "TTr", "BB", "KH", "QĐ", "NQ", "ĐK"]),
    st.text(_token_chars, min_size=1, max_size=6),
)
_issuers = st.one_of(
    st.sampled_from(["CAX", "UBND", "CAT-PV05", "BCĐ"]),
    st.text(st.one_of(_token_chars, st.just("-")), min_size=1, max_size=10),
)


@FAST
@given(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1990, max_value=2100),
    _kinds,
    _issuers,
    st.booleans(),
)
def test_round_trip(seq: int, year: int, kind: str, issuer: str, prefixed: bool) -> None:
    number = DocumentNumber(sequence=seq, year=year, kind=kind, issuer=issuer)
    text = number.with_prefix if prefixed else str(number)
    assert parse_number(text, year) == number
