"""Claims about trained models (tagged "trained": the papers' replicas and the trained-LSA observations): the
pinned check with its negative control, and draws from the claim's domain — the checks
theorems/test_registry_claims.py makes for every other claim, kept out of the 60-second proof check because each
check trains models for seconds."""

from seqtheory.testing import assert_holds_over_domain, parametrize_with_claims
from seqtheory.theorems.run import registry

TRAINED = [c for c in registry.all_claims() if "trained" in c.tags]


def test_there_are_trained_claims():
    assert TRAINED, "no claim is tagged 'trained'"


@parametrize_with_claims(TRAINED, checks=["pinned"])
def test_trained_pinned_check_and_negative_control(claim, check):
    check(claim)


@parametrize_with_claims([c for c in TRAINED if c.expected == "pass"], checks=["domain"])
def test_trained_claim_holds_over_its_domain(claim, check):
    assert check is assert_holds_over_domain
    assert_holds_over_domain(claim, deadline=None)
