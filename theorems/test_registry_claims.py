"""Every registered claim, checked the way any package's claims are (:func:`seqtheory.testing.parametrize_with_claims`):
its pinned check (pass, or xfail for a recorded finding) with the negative control rejected; its relation over the
whole domain (hypothesis draws from the strategy derived from the claim's ``Domain``, ``claim.examples`` draws scaled
by the active profile); every boundary value of the probed domain reachable; a clear error for unknown parameters.
Plus the house rule of the registry: a claim's id names its file."""

import pytest
from hypothesis import HealthCheck, Phase, find, settings

from seqtheory.testing import parametrize_with_claims
from seqtheory.theorems.run import registry

#: Claims about trained models (tag "trained": seconds of training per check — observations and replicas rather
#: than proofs) are checked by tests/test_trained_claims.py in the full suite and by `seqtheory verify` in CI, not in
#: this proof check.
ALL = registry.all_claims()
CLAIMS = [c for c in ALL if "trained" not in c.tags]


@parametrize_with_claims(CLAIMS)
def test_claim(claim, check):
    check(claim)


@parametrize_with_claims([c for c in ALL if "trained" in c.tags], checks=["boundaries", "unknown-parameter"])
def test_trained_claim_metadata(claim, check):
    check(claim)


def test_derived_strategies_draw_the_boundary_values():
    """The mechanism the per-claim test relies on: a parameter strategy draws its boundary values, and the domain
    strategy only draws admissible dicts."""
    from seqtheory.theorems.core.domain import Constraint, Domain, Integer, Partition, Real

    dom = Domain((Integer("n", 1, probe=50), Real("eta", 0.0, 2.0, low_open=True), Partition("code", 4)),
                 (Constraint("n ≥ 2", lambda n, eta, code: n >= 2),))
    quick = settings(max_examples=2000, database=None, derandomize=True, phases=[Phase.generate],
                     suppress_health_check=list(HealthCheck))
    for name, value in dom.boundary_points():
        if (name, value) == ("n", 1):
            continue  # excluded by the constraint
        found = find(dom.strategy(), lambda p, name=name, value=value: p[name] == value, settings=quick)
        assert dom.admits(found)
    assert dict(dom.boundary_points())["eta"] == 2.0 and min(v for k, v in dom.boundary_points() if k == "eta") > 0
    assert dom.boundary_witness("n", 1) is None and dom.boundary_witness("n", 50)["n"] == 50


def test_every_claim_id_names_its_file():
    for module, claims in registry.claims_by_module(registry.builtin_modules()).items():
        assert claims, f"{module} is in a paper folder but defines no claims"
        for claim in claims:
            assert registry.module_for_id(claim.id) == module, (
                f"{claim.id} must live in {registry.module_for_id(claim.id)}, not {module}")


def test_module_for_id_rule():
    assert registry.module_for_id("huang2025/thm3.1/one-step-loss") == "seqtheory.theorems.huang2025.thm3_1"
    assert registry.module_for_id("wishart/identities/chi-square") == "seqtheory.theorems.wishart.identities"
    for bad in ("huang2025/one", "a/b/c/d", "a//c"):
        with pytest.raises(ValueError, match="three segments"):
            registry.module_for_id(bad)
