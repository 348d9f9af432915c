"""The Wishart claims refuse arguments outside their domain with an error that names the condition."""

import pytest

from seqtheory.theorems.wishart import five_term, identities, montecarlo


def test_domain_constraints_name_their_condition():
    all_claims = (*identities.CLAIMS, *five_term.CLAIMS, *montecarlo.CLAIMS)
    mc_inv = next(c for c in all_claims if c.id == "wishart/montecarlo/inverse")
    with pytest.raises(ValueError, match="finite eighth moment"):
        mc_inv.check(j=2, n=30, d=5)  # n − d + 1 = 26 ≤ 32: the variance is finite, the kurtosis is not estimable
    mixed = next(c for c in all_claims if c.id == "wishart/identities/wick-vs-stein-mixed")
    with pytest.raises(ValueError, match="digits"):
        mixed.check(code=13)
