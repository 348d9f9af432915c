"""Claims about trained models (tagged "trained": the papers' replicas and the trained-LSA observations): the
pinned check with its negative control, and draws from the claim's domain — the same two checks
theorems/test_registry_claims.py makes for every other claim, kept out of the 60-second proof check because each
check trains models for seconds."""

import pytest
from hypothesis import given, settings

from seqtheory.profiles import scaled
from seqtheory.theorems.core import registry

TRAINED = [c for c in registry.all_claims() if "trained" in c.tags]


def test_there_are_trained_claims():
    assert TRAINED, "no claim is tagged 'trained'"


@pytest.mark.parametrize("claim", TRAINED, ids=lambda c: c.id)
def test_trained_pinned_check_and_negative_control(claim):
    result = claim.check(seed=0)
    assert result.verdict == ("pass" if claim.expected == "pass" else "xfail"), result
    assert result.negative_control_rejected, result


@pytest.mark.parametrize("claim", [c for c in TRAINED if c.expected == "pass"], ids=lambda c: c.id)
def test_trained_claim_holds_over_its_domain(claim):
    @settings(max_examples=scaled(claim.examples), deadline=None)
    @given(params=claim.strategy())
    def holds(params):
        result = claim.check(seed=11, control=False, **params)
        assert result.passed, (params, result)

    holds()
