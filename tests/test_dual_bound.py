"""The dual model's generalisation-gap sampler (:mod:`seqtheory.simulate.dual_bound`): shapes, the exact worst gap
against a direct search over the ball, and bad input refused by name."""

import numpy as np
import pytest

from seqtheory.simulate import dual_bound
from seqtheory.theorems.exact import dual_moments


def test_the_worst_gap_is_attained_on_the_ball():
    """B‖Ĉ − C‖_F is the sup over ‖W‖_F ≤ B of |⟨W, C − Ĉ⟩|: no random W in the ball beats it, W ∝ Ĉ − C attains it."""
    s = dual_bound.setting(2, 2, 5, 0.6, 0.3)
    c = dual_moments.cross_moment(s)
    rng = np.random.default_rng(0)
    k = 0.6 * rng.standard_normal((7, 2))
    v = k @ s.a.T + 0.3 * rng.standard_normal((7, 2))
    c_hat = v.T @ dual_bound.features(s, k) / 7
    worst = np.linalg.norm(c_hat - c)
    ws = rng.standard_normal((2000, *c.shape))
    ws /= np.linalg.norm(ws, axis=(1, 2), keepdims=True)
    assert np.max(np.abs(np.einsum("mvr,vr->m", ws, c - c_hat))) <= worst
    w_star = (c_hat - c) / worst
    assert np.isclose(abs(np.sum(w_star * (c - c_hat))), worst, rtol=1e-12)


def test_sup_gaps_shape_and_refusals():
    s = dual_bound.setting(3, 2, 4, 0.5, 0.1)
    c = dual_moments.cross_moment(s)
    gaps = dual_bound.sup_gaps(s, c, 9, 13, np.random.default_rng(1))
    assert gaps.shape == (13,) and np.all(gaps >= 0)
    with pytest.raises(ValueError, match="c must have shape"):
        dual_bound.sup_gaps(s, c[:, :2], 9, 13, np.random.default_rng(1))
    with pytest.raises(ValueError, match="n"):
        dual_bound.sup_gaps(s, c, 0, 13, np.random.default_rng(1))
    with pytest.raises(TypeError, match="replicas"):
        dual_bound.sup_gaps(s, c, 3, True, np.random.default_rng(1))
    with pytest.raises(ValueError, match="spread"):
        dual_bound.setting(3, 2, 4, 0.0, 0.1)
    with pytest.raises(ValueError, match="noise"):
        dual_bound.setting(3, 2, 4, 0.5, -1.0)
    with pytest.raises(ValueError, match="over the budget"):
        dual_bound.sup_gaps(s, c, 10**12, 2, np.random.default_rng(1))
