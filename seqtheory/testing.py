"""The two checks every claim's tests make, shared by theorems/test_registry_claims.py (the proof check) and
tests/test_trained_claims.py (the trained-model claims): the pinned check with its negative control, and the
relation over the claim's domain (hypothesis, the claim's example budget scaled by the active profile)."""

from __future__ import annotations


def assert_pinned(claim) -> None:
    """Pass (or xfail for a recorded finding) at the pinned point, seed 0, with the negative control rejected."""
    result = claim.check(seed=0)
    assert result.verdict == ("pass" if claim.expected == "pass" else "xfail"), result
    assert result.negative_control_rejected, result


def assert_holds_over_domain(claim, **overrides) -> None:
    """The relation at seed 11 on every pinned counterexample and on the strategy derived from the domain
    (``overrides``: hypothesis settings beyond the active profile's, e.g. ``deadline=None`` for training)."""
    from hypothesis import example, given, settings

    from seqtheory.profiles import scaled

    def holds(params):
        result = claim.check(seed=11, control=False, **params)
        assert result.passed, (params, result)

    for params in claim.pinned:
        holds = example(params=params)(holds)
    settings(max_examples=scaled(claim.examples), **overrides)(given(params=claim.strategy())(holds))()
