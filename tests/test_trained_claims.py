"""Claims about trained models (tagged "trained": the papers' replicas and the trained-LSA observations): the
pinned check with its negative control, and draws from the claim's domain — the checks
theorems/test_registry_claims.py makes for every other claim, kept out of the 60-second proof check because each
check trains models for seconds."""

import pytest

from seqtheory.testing import assert_holds_over_domain, parametrize_with_claims
from seqtheory.theorems.run import registry

TRAINED = [c for c in registry.all_claims() if "trained" in c.tags]


def test_there_are_trained_claims():
    assert TRAINED, "no claim is tagged 'trained'"


@parametrize_with_claims(TRAINED, checks=["pinned"])
def test_trained_pinned_check_and_negative_control(claim, check):
    check(claim)


@parametrize_with_claims([c for c in TRAINED if c.expected == "pass" and c.experiment is None], checks=["domain"])
def test_trained_claim_holds_over_its_domain(claim, check):
    assert check is assert_holds_over_domain
    assert_holds_over_domain(claim, deadline=None)


EXPERIMENTS = [c for c in TRAINED if c.experiment is not None]


@pytest.mark.parametrize("claim", EXPERIMENTS, ids=[c.id for c in EXPERIMENTS])
@pytest.mark.parametrize("seed", [1, 2])
def test_recorded_observation_at_the_other_check_seeds(claim, seed):
    """An experiment claim's domain is its one recorded configuration; its "whole domain" is the check seeds the
    record holds (0 in the pinned test, 1 and 2 here): each reads the record (replica 0 replayed), never stale, and
    its verdict is the expected one or out-of-regime."""
    result = claim.check(seed=seed)
    assert result.design is not None and result.design["runs_from"] == "record", result
    assert result.verdict in ({"pass": "pass", "fail": "xfail"}[claim.expected], "out-of-regime"), result


@pytest.mark.parametrize("claim", EXPERIMENTS, ids=[c.id for c in EXPERIMENTS])
def test_enough_replicas_for_the_test(claim):
    """≥ 10 replicas, or at least the count a power calculation on the calibration replicas gives for 80 % power at
    the calibrated effect (never fewer than 5: the Experiment refuses less)."""
    design = claim.check(seed=0, control=False).design
    assert design["replicas"] >= 5
    if design["power_replicas"] is not None:
        assert design["replicas"] >= 10 or design["replicas"] >= design["power_replicas"], design
