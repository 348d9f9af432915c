"""Every registered claim, the same three ways: its pinned check (pass, or xfail for a recorded finding) with
the negative control rejected; its relation over the whole domain (hypothesis, ``claim.examples`` draws);
and a clear error for unknown parameters."""

import pytest
from hypothesis import example, given, settings

from theorems.registry import all_claims

CLAIMS = all_claims()


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_pinned_check_and_negative_control(claim):
    result = claim.check(seed=0)
    assert result.verdict == ("pass" if claim.expected == "pass" else "xfail"), result
    assert result.negative_control_rejected, result


@pytest.mark.parametrize("claim", [c for c in CLAIMS if c.expected == "pass"], ids=lambda c: c.id)
def test_claim_holds_over_its_domain(claim):
    def holds(params):
        result = claim.check(seed=11, control=False, **params)
        assert result.passed, (params, result)

    for params in claim.pinned:
        holds = example(params=params)(holds)
    settings(max_examples=claim.examples)(given(params=claim.strategy())(holds))()


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_unknown_parameters_are_rejected(claim):
    with pytest.raises(ValueError, match="bogus"):
        claim.check(bogus=1)
