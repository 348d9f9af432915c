"""Monte Carlo summaries (:mod:`seqtheory.simulate.stats`): the mean estimate at any scale of its draws."""

import numpy as np
import pytest

from seqtheory.simulate.stats import Estimate


@pytest.mark.parametrize("scale", [1e-300, 1e-200, 1e-120, 1.0, 1e120, 1e200, 1e300])
def test_of_mean_is_right_at_any_scale(scale):
    """Squared deviations of draws near 1e-200 underflowed to 0 (a standard error of 0: an exact z-test on noisy
    draws) and near 1e200 overflowed to ∞; the estimate now scales with the draws."""
    x = np.random.default_rng(0).standard_normal(1000)
    base = Estimate.of_mean(x)
    e = Estimate.of_mean(x * scale)
    assert e.value / scale == pytest.approx(base.value, rel=1e-12)
    assert e.stderr / scale == pytest.approx(base.stderr, rel=1e-12) and e.stderr > 0
    assert Estimate.of_mean(np.zeros(5)).stderr == 0.0
