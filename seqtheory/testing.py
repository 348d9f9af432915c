"""Testing claims — seqtheory's own and another package's — in one line, as scikit-learn's
``parametrize_with_checks`` tests estimators::

    from seqtheory.testing import parametrize_with_claims
    from my_package.claims import CLAIMS

    @parametrize_with_claims(CLAIMS)
    def test_my_claims(claim, check):
        check(claim)

Every claim gets every check of :data:`CHECKS`: the pinned check at seed 0 (pass, or xfail for a recorded finding)
with its negative control rejected by ≥ 3 tolerances; the relation over the whole domain (hypothesis draws from the
strategy derived from the claim's ``Domain``, its ``examples`` budget scaled by the active profile, its pinned
counterexamples always tried; skipped for a recorded finding); every boundary value of the probed domain reachable
by an admissible draw, the defaults inside the domain; an unknown parameter refused with a ValueError naming it.
``theorems/test_registry_claims.py`` runs exactly these on every registered claim.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["CHECKS", "assert_boundaries_reachable", "assert_holds_over_domain", "assert_pinned",
           "assert_rejects_unknown_parameters", "parametrize_with_claims"]


def assert_pinned(claim: Any) -> None:
    """Pass (or xfail for a recorded finding) at the pinned point, seed 0, with the negative control rejected — or,
    for an observation with a regime gate, ``out-of-regime`` (its replicas miss the paper's regime: the verdict says
    nothing either way, and its control is not held to the margin there); never ``stale`` or an unexpected
    ``fail``."""
    result = claim.check(seed=0)
    if result.verdict == "out-of-regime":
        assert result.regime is not None and not result.regime["met"], result
        return
    assert result.verdict == ("pass" if claim.expected == "pass" else "xfail"), result
    assert result.negative_control_rejected, result


def assert_holds_over_domain(claim: Any, **overrides: Any) -> None:
    """The relation at seed 11 on every pinned counterexample and on the strategy derived from the domain
    (``overrides``: hypothesis settings beyond the active profile's, e.g. ``deadline=None`` for training).  A
    recorded finding (``expected="fail"``) is false somewhere in its domain by definition: nothing to assert."""
    if claim.expected == "fail":
        return
    from hypothesis import example, given, settings

    from seqtheory.profiles import scaled

    def holds(params: dict[str, Any]) -> None:
        result = claim.check(seed=11, control=False, **params)
        assert result.passed, (params, result)

    for params in claim.pinned:
        holds = example(params=params)(holds)
    settings(max_examples=scaled(claim.examples), **overrides)(given(params=claim.strategy())(holds))()


def assert_boundaries_reachable(claim: Any) -> None:
    """Each parameter's boundary values (the domain's ends, or the declared probe ends) are jointly admissible with
    the constraints — so the derived strategy, which draws every boundary value with positive probability, reaches
    them — and the defaults lie in the domain."""
    for name, value in claim.domain.boundary_points():
        witness = claim.domain.boundary_witness(name, value)
        assert witness is not None, f"{name} = {value} is a probe end no admissible draw reaches: fix the probe"
    assert claim.domain.admits(claim.defaults), "the pinned defaults must lie in the declared domain"


def assert_rejects_unknown_parameters(claim: Any) -> None:
    """An unknown parameter is a ValueError naming it (never silently ignored)."""
    import pytest

    with pytest.raises(ValueError, match="bogus"):
        claim.check(bogus=1)


#: Every check a claim gets, by name.
CHECKS: dict[str, Callable[[Any], None]] = {
    "pinned": assert_pinned,
    "domain": assert_holds_over_domain,
    "boundaries": assert_boundaries_reachable,
    "unknown-parameter": assert_rejects_unknown_parameters,
}


def parametrize_with_claims(claims: Iterable[Any], checks: Iterable[str] | None = None) -> Any:
    """A ``pytest.mark.parametrize`` over (claim, check) pairs: every claim with every check of :data:`CHECKS`
    (or the named ``checks``); test ids are ``<claim id>::<check name>``."""
    import pytest

    names = list(CHECKS) if checks is None else list(checks)
    unknown = sorted(set(names) - set(CHECKS))
    if unknown:
        raise ValueError(f"unknown checks {unknown}; the checks are {list(CHECKS)}")
    claims = list(claims)
    cases = [(claim, CHECKS[name]) for claim in claims for name in names]
    ids = [f"{claim.id}::{name}" for claim in claims for name in names]
    return pytest.mark.parametrize(("claim", "check"), cases, ids=ids)
