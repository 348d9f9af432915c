"""Proof sanity checks for the attention claims: sparsemax/entmax, sparse-attention cost, dual-model GD."""

import numpy as np
import pytest
import sympy as sp

from seqtheory.simulate.nn import attention, dual
from seqtheory.theorems.exact import attention_costs


def test_window_count_derivation_matches_the_stated_formulas():
    n, r = attention_costs.n_s, attention_costs.r_s
    assert sp.expand(attention_costs.window_count(False) - (n * (2 * r + 1) - r * (r + 1))) == 0
    assert sp.expand(attention_costs.window_count(True) - (n * (r + 1) - r * (r + 1) / 2)) == 0


def test_dual_loss_is_linear_so_k_steps_at_eta_over_k_equal_one_step():
    rng = np.random.default_rng(0)
    q, k, v = 0.5 * rng.standard_normal((4, 3)), 0.5 * rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    feats = lambda x: dual.taylor_features(x, 12)  # noqa: E731
    one = dual.dual_gd_output(q, k, v, feats, eta=0.7, steps=1)
    for steps in (2, 5, 13):
        np.testing.assert_allclose(dual.dual_gd_output(q, k, v, feats, eta=0.7, steps=steps), one, rtol=1e-12)
    # and the step size is irrelevant: the 1/η in the loss cancels the η of the step
    np.testing.assert_allclose(dual.dual_gd_output(q, k, v, feats, eta=3.0), one, rtol=1e-12)
    np.testing.assert_allclose(one, attention.softmax_attention(q, k, v), rtol=1e-10)


def test_taylor_features_reproduce_the_truncated_exponential_series():
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal(3), rng.standard_normal(3)
    for P in (0, 1, 2, 5):
        lhs = dual.taylor_features(x, P) @ dual.taylor_features(y, P)
        rhs = sum((x @ y) ** m / np.prod(range(1, m + 1)) for m in range(P + 1))
        assert lhs == pytest.approx(rhs, rel=1e-12)


def test_positive_random_features_are_unbiased():
    rng = np.random.default_rng(2)
    x, y = 0.5 * rng.standard_normal(3), 0.5 * rng.standard_normal(3)
    omega = rng.standard_normal((200_000, 3))
    terms = np.exp(omega @ x - x @ x / 2) * np.exp(omega @ y - y @ y / 2)
    assert abs(terms.mean() - np.exp(x @ y)) <= 5 * terms.std(ddof=1) / np.sqrt(terms.size)


@pytest.mark.parametrize(("call", "name"), [
    (lambda: dual.taylor_degree_for(1e3), "rescale"), (lambda: dual.taylor_features(np.ones(2), -1), "degree"),
    (lambda: dual.dual_gd_output(np.ones((2, 2)), np.ones((2, 2)), np.ones((2, 1)), np.exp, steps=0), "steps"),
])
def test_dual_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()
