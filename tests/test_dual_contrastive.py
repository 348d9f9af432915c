"""The modified attention layers of :mod:`seqtheory.simulate.nn.dual_contrastive` (Ren & Liu 2024, §5, as
reconstructed): the ridge factor c_k against exact rational arithmetic over its whole domain, its attained values
(c_1 = 1, c_k(0) = 1, c_2(4) = 0), the attention side against the dual side at extreme scales, and bad input refused
by name."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from seqtheory.simulate.nn import dual, dual_contrastive


def _exact_scale(x: float, k: int) -> Fraction:
    """c_k(x) = (1/k) Σ_{j<k} (1 − x/k)^j in exact rationals (the geometric-sum form: no division by x)."""
    rho = 1 - Fraction(x) / k
    return sum((rho**j for j in range(k)), Fraction(0)) / k


@given(x=st.floats(0.0, 8.0, allow_subnormal=True), k=st.integers(1, 200))
@example(x=5e-324, k=64)
@example(x=1e-6, k=3)
@example(x=4.0, k=2)
def test_regularised_scale_matches_exact_rationals(x, k):
    exact = _exact_scale(x, k)
    got = dual_contrastive.regularised_scale(x, k)
    assert abs(Fraction(got) - exact) <= 4e-15 * max(abs(exact), Fraction(1, 10**6)), (x, k, got, float(exact))


def test_regularised_scale_attained_values():
    assert dual_contrastive.regularised_scale(1.7, 1) == 1.0  # one step never feels the penalty
    assert dual_contrastive.regularised_scale(0.0, 9) == 1.0
    assert dual_contrastive.regularised_scale(4.0, 2) == 0.0  # ρ = −1: two steps return to W = 0
    flow = -np.expm1(-1.0)
    assert abs(dual_contrastive.regularised_scale(1.0, 10**6) - flow) < 1e-6


def _tokens(seed, T=5, d=3, spread=1.0):
    rng = np.random.default_rng(seed)
    h = spread * rng.standard_normal((T, d))
    wq, wk, wv, u_k, u_v = (rng.standard_normal((d, d)) / np.sqrt(d) for _ in range(5))
    return h, wq, wk, wv, u_k, u_v


@pytest.mark.parametrize("spread", [1e-8, 0.3, 1.5])
def test_dual_side_equals_attention_side_with_every_modification(spread):
    h, wq, wk, wv, u_k, u_v = _tokens(3, spread=spread)
    q, k = h @ wq, dual_contrastive.augment(h, u_k) @ wk
    degree = dual.taylor_degree_for(float(np.abs(q @ k.T).max()) / np.sqrt(q.shape[1]))
    feats = lambda x: dual.taylor_features(x, degree)  # noqa: E731
    got = dual_contrastive.contrastive_dual_layer(h, wq, wk, wv, feats, eta=0.7, lam=1.3, steps=5, beta=0.4,
                                                  u_k=u_k, u_v=u_v, shift=2)
    want = dual_contrastive.contrastive_attention_layer(h, wq, wk, wv, scale=dual_contrastive.regularised_scale(
        0.7 * 1.3, 5), beta=0.4, u_k=u_k, u_v=u_v, shift=2)
    assert np.max(np.abs(got - want)) <= 1e-10 * max(1.0, np.abs(h).max())


def test_bad_input_is_refused_by_name():
    h, wq, wk, wv, _, _ = _tokens(0)
    layer = dual_contrastive.contrastive_attention_layer
    with pytest.raises(ValueError, match="beta"):
        layer(h, wq, wk, wv, beta=-0.1)
    with pytest.raises(ValueError, match="shift"):
        layer(h, wq, wk, wv, shift=0)
    with pytest.raises(TypeError, match="shift"):
        layer(h, wq, wk, wv, shift=True)
    with pytest.raises(ValueError, match="u_k"):
        layer(h, wq, wk, wv, u_k=np.ones((2, 2)))
    with pytest.raises(ValueError, match="wq and wk"):
        layer(h, wq[:2], wk, wv)
    with pytest.raises(ValueError, match="x"):
        dual_contrastive.regularised_scale(-1.0, 3)
    with pytest.raises(ValueError, match="steps"):
        dual_contrastive.regularised_scale(1.0, 0)
    with pytest.raises(ValueError, match="lam"):
        dual_contrastive.contrastive_dual_layer(h, wq, wk, wv, lambda x: x, lam=float("nan"))
