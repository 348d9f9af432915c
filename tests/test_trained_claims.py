"""Claims about trained models (tagged "trained": the papers' replicas and the trained-LSA observations): the
pinned check with its negative control, and draws from the claim's domain — the same two checks
theorems/test_registry_claims.py makes for every other claim, kept out of the 60-second proof check because each
check trains models for seconds."""

import pytest

from seqtheory import testing as assertions
from seqtheory.theorems.run import registry

TRAINED = [c for c in registry.all_claims() if "trained" in c.tags]


def test_there_are_trained_claims():
    assert TRAINED, "no claim is tagged 'trained'"


@pytest.mark.parametrize("claim", TRAINED, ids=lambda c: c.id)
def test_trained_pinned_check_and_negative_control(claim):
    assertions.assert_pinned(claim)


@pytest.mark.parametrize("claim", [c for c in TRAINED if c.expected == "pass"], ids=lambda c: c.id)
def test_trained_claim_holds_over_its_domain(claim):
    assertions.assert_holds_over_domain(claim, deadline=None)
