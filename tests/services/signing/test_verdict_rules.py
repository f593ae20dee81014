"""How a signature's checks add up to its verdict, and a file's signatures to the file's verdict.

Pure rules, checked on reports built in code: every check that must make a signature invalid does
so alone, each kind of change after signing weighs as it should with and without the signature's
permission, and a file is as good as its worst signature. Real signed PDFs producing each of these
reports are in the other tests of this folder (test_modification_report.py, test_revocation.py…).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from anninh_desktop.services.signing.changes import ChangeKind, Severity, severity
from anninh_desktop.services.signing.verify import (
    SignatureReport,
    Verdict,
    VerificationReport,
    overall_verdict,
    signature_verdict,
)

K = ChangeKind
GOOD = SignatureReport(
    field_name="Sig1",
    role=None,
    signer="Nguyễn Văn A",
    issuer="CA",
    signing_time=None,
    intact=True,
    valid=True,
    trusted=True,
    trust_problem="",
    revoked=False,
    changes=(),
    changes_allowed=True,
    bottom_line=True,
)


def _sig(**changes: Any) -> SignatureReport:
    return dataclasses.replace(GOOD, **changes)


def test_a_signature_with_every_check_passed_and_nothing_changed_is_valid() -> None:
    assert signature_verdict(GOOD) is Verdict.VALID
    assert GOOD.verdict is Verdict.VALID


@pytest.mark.parametrize(
    "bad",
    [
        {"error": "unreadable"},
        {"intact": False},
        {"valid": False},
        {"trusted": False},
        {"revoked": True},
        {"bottom_line": False},
    ],
)
def test_each_failed_check_alone_makes_the_signature_invalid(bad: dict[str, Any]) -> None:
    assert signature_verdict(_sig(**bad)) is Verdict.INVALID
    assert _sig(**bad).verdict is Verdict.INVALID
    # ... even when only a warning's change followed
    assert signature_verdict(_sig(changes=(K.METADATA,), **bad)) is Verdict.INVALID


def test_pyhankos_objection_overruled_for_comments_added_later_is_a_warning() -> None:
    overruled = _sig(bottom_line=False, diff_overruled=True, changes=(K.ANNOTATIONS,))
    assert signature_verdict(overruled) is Verdict.WARNING
    # overruled, but the signature is broken all the same
    assert signature_verdict(dataclasses.replace(overruled, intact=False)) is Verdict.INVALID
    assert signature_verdict(_sig(diff_overruled=True)) is Verdict.VALID


@pytest.mark.parametrize(
    ("kind", "allowed", "expected"),
    [
        (K.SIGNATURES, True, Severity.OK),
        (K.SIGNATURES, False, Severity.OK),
        (K.FORM_FILLING, True, Severity.WARNING),
        (K.FORM_FILLING, False, Severity.BAD),
        (K.ANNOTATIONS, True, Severity.WARNING),
        (K.ANNOTATIONS, False, Severity.BAD),
        (K.METADATA, True, Severity.WARNING),
        (K.METADATA, False, Severity.WARNING),
        (K.TRAILING_BYTES, True, Severity.WARNING),
        (K.TRAILING_BYTES, False, Severity.WARNING),
        (K.CONTENT, True, Severity.BAD),
        (K.CONTENT, False, Severity.BAD),
        (K.UNKNOWN, True, Severity.BAD),
        (K.UNKNOWN, False, Severity.BAD),
    ],
)
def test_each_kind_of_change_weighs_as_the_rule_says(
    kind: ChangeKind, allowed: bool, expected: Severity
) -> None:
    assert severity(kind, allowed) is expected
    found = _sig(changes=(kind,), changes_allowed=allowed)
    assert found.change_severity() is expected
    verdicts = {Severity.OK: Verdict.VALID, Severity.WARNING: Verdict.WARNING}
    assert signature_verdict(found) is verdicts.get(expected, Verdict.INVALID)


def test_the_worst_change_decides() -> None:
    assert _sig(changes=()).change_severity() is Severity.OK
    assert _sig(changes=(K.SIGNATURES, K.METADATA)).change_severity() is Severity.WARNING
    assert _sig(changes=(K.METADATA, K.CONTENT, K.SIGNATURES)).change_severity() is Severity.BAD
    assert signature_verdict(_sig(changes=(K.SIGNATURES, K.METADATA))) is Verdict.WARNING
    assert signature_verdict(_sig(changes=(K.CONTENT, K.METADATA))) is Verdict.INVALID
    assert signature_verdict(_sig(changes=(K.SIGNATURES,))) is Verdict.VALID


def test_a_file_is_as_good_as_its_worst_signature_and_invalid_without_one() -> None:
    warn, bad = _sig(changes=(K.METADATA,)), _sig(revoked=True)
    assert overall_verdict([]) is Verdict.INVALID
    assert overall_verdict([GOOD]) is Verdict.VALID
    assert overall_verdict([GOOD, GOOD]) is Verdict.VALID
    assert overall_verdict([GOOD, warn]) is Verdict.WARNING
    assert overall_verdict([warn, GOOD]) is Verdict.WARNING
    assert overall_verdict([bad, warn, GOOD]) is Verdict.INVALID
    assert overall_verdict([GOOD, warn, bad]) is Verdict.INVALID

    def report(*signatures: SignatureReport) -> VerificationReport:
        return VerificationReport(Path("x.pdf"), "0" * 64, datetime.now(UTC), signatures)

    assert report().verdict is Verdict.INVALID and not report().ok
    assert report(GOOD, warn).verdict is Verdict.WARNING and not report(GOOD, warn).ok
    assert report(GOOD).ok and report(GOOD, GOOD).ok
