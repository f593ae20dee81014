"""Our own trust check of a signer's certificate (certificate_trust.py) and the DocMDP rule for
comments, at their edges: a chain that ends at a root this office does not trust is named as such,
one that stops short is "no chain"; comments are allowed exactly from the ANNOTATE level up."""

from __future__ import annotations

from datetime import timedelta

from fixtures.workspaces import FIXED_NOW
from pyhanko.sign.fields import MDPPerm
from signing_fixtures import Issued

from anninh_desktop.services.signing.certificate_trust import TrustProblem, certificate_trust
from anninh_desktop.services.signing.changes import annotations_permitted
from anninh_desktop.services.signing.trust import TrustStore


def test_a_chain_to_a_trusted_root_is_trusted(
    signer: Issued, ca: Issued, trust: TrustStore
) -> None:
    found = certificate_trust(signer.cert, [ca.cert], trust, FIXED_NOW)
    assert (found.trusted, found.problem, found.chain) == (
        True,
        TrustProblem.NONE,
        [signer.cert, ca.cert],
    )
    found = certificate_trust(signer.cert, [], trust, FIXED_NOW)  # the store supplies the root
    assert (found.trusted, found.chain) == (True, [signer.cert, ca.cert])


def test_a_chain_to_a_root_not_trusted_here_names_that_root(
    signer: Issued, ca: Issued, empty_trust: TrustStore
) -> None:
    found = certificate_trust(signer.cert, [ca.cert], empty_trust, FIXED_NOW)
    assert (found.trusted, found.problem) == (False, TrustProblem.UNTRUSTED_ROOT)
    assert found.chain == [signer.cert, ca.cert]


def test_a_chain_that_stops_short_of_any_root_is_no_chain(
    signer: Issued, empty_trust: TrustStore
) -> None:
    found = certificate_trust(signer.cert, [], empty_trust, FIXED_NOW)
    assert (found.trusted, found.problem, found.chain) == (
        False,
        TrustProblem.NO_CHAIN,
        [signer.cert],
    )


def test_comments_are_permitted_from_the_annotate_level_up() -> None:
    assert annotations_permitted(None) is True  # no certification signature: no restriction
    assert annotations_permitted(MDPPerm.ANNOTATE) is True
    assert annotations_permitted(MDPPerm.FILL_FORMS) is False
    assert annotations_permitted(MDPPerm.NO_CHANGES) is False


def test_the_chain_is_judged_at_the_moment_asked_not_today(
    signer: Issued, trust: TrustStore
) -> None:
    """The signer's certificate is valid for a year from 30 days before FIXED_NOW: judged at a
    moment after that it is expired, before it began not yet valid, whatever today's date is."""
    valid_from, valid_to = signer.cert.not_valid_before_utc, signer.cert.not_valid_after_utc
    assert certificate_trust(signer.cert, [], trust, valid_from + timedelta(hours=1)).trusted
    assert certificate_trust(signer.cert, [], trust, valid_to - timedelta(hours=1)).trusted
    for moment, problem in (
        (valid_to + timedelta(days=1), TrustProblem.EXPIRED),
        (valid_from - timedelta(days=1), TrustProblem.NOT_YET_VALID),
    ):
        found = certificate_trust(signer.cert, [], trust, moment)
        assert (found.trusted, found.problem) == (False, problem), moment


def test_a_self_signed_signer_not_trusted_here_is_an_untrusted_root(
    ca: Issued, empty_trust: TrustStore
) -> None:
    found = certificate_trust(ca.cert, [], empty_trust, FIXED_NOW)
    assert (found.trusted, found.problem, found.chain) == (
        False,
        TrustProblem.UNTRUSTED_ROOT,
        [ca.cert],
    )
