"""Unit tests of the one-layer LSA: layout, fast vs loop reference, analytic gradients, error paths."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from seqtheory.simulate import lsa
from seqtheory.simulate.gradcheck import central_gradient
from seqtheory.simulate.tasks import sample_prompts


def _weights(rng, d, scale=1.0):
    D = lsa.token_dim(d)
    return scale * rng.standard_normal((D, D)), scale * rng.standard_normal((D, D))


def test_embedding_layout_matches_math_1_1():
    rng = np.random.default_rng(0)
    p = sample_prompts(rng, 2, 4, 3)
    w0 = rng.standard_normal((2, 3))
    Z = lsa.embed(p.X, p.y, w0)
    assert Z.shape == (2, 8, 5)
    np.testing.assert_array_equal(Z[:, 0:3, :4], p.X)
    np.testing.assert_array_equal(Z[:, 3, :4], p.y)
    np.testing.assert_array_equal(Z[:, 4:7, :4], 0.0)
    np.testing.assert_array_equal(Z[:, 7, :4], 0.0)
    np.testing.assert_array_equal(Z[:, 0:4, 4], 0.0)
    np.testing.assert_array_equal(Z[:, 4:7, 4], w0)
    np.testing.assert_array_equal(Z[:, 7, 4], 1.0)
    np.testing.assert_array_equal(lsa.embed(p.X, p.y)[:, 4:7, 4], 0.0)


@given(st.integers(1, 3), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_forward_matches_loop_reference(d, n, seed):
    rng = np.random.default_rng(seed)
    p = sample_prompts(rng, 1, n, d)
    V, W = _weights(rng, d)
    Z = lsa.embed(p.X, p.y, rng.standard_normal((1, d)))[0]
    fast, ref = lsa.forward(Z, V, W, n), lsa.forward_reference(Z, V, W, n)
    # entries are sums of O(D²N) products of O(1) numbers: a few hundred ulps of the largest term at most
    scale = np.abs(V).max() * np.abs(W).max() * np.abs(Z).max() ** 3 * lsa.token_dim(d) ** 2 * (n + 1)
    np.testing.assert_allclose(fast, ref, rtol=0, atol=64 * np.finfo(float).eps * scale)


def test_predict_is_w_block_of_last_column_of_forward():
    rng = np.random.default_rng(1)
    p = sample_prompts(rng, 5, 6, 2)
    V, W = _weights(rng, 2)
    Z = lsa.embed(p.X, p.y, rng.standard_normal((5, 2)))
    np.testing.assert_allclose(lsa.predict(Z, V, W, 6), lsa.forward(Z, V, W, 6)[:, 3:5, -1], rtol=1e-12,
                               atol=1e-12)


@pytest.mark.parametrize("d", [1, 2, 3])
def test_no_cot_gradient_matches_central_differences(d):
    rng = np.random.default_rng(10 + d)
    p = sample_prompts(rng, 4, 5, d)
    V, W = _weights(rng, d, 0.5)
    _, dV, dW = lsa.no_cot_loss_and_grad(V, W, p)
    num_V = central_gradient(lambda A: lsa.no_cot_loss(A, W, p).mean(), V)
    num_W = central_gradient(lambda A: lsa.no_cot_loss(V, A, p).mean(), W)
    # central differences: truncation O(h²) plus rounding eps·|L|/h ≈ 1e-10·|L|
    tol = 1e-7 * max(1.0, np.abs(lsa.no_cot_loss(V, W, p)).mean())
    np.testing.assert_allclose(dV, num_V, atol=tol)
    np.testing.assert_allclose(dW, num_W, atol=tol)


def test_gd_construction_is_one_gd_step():
    rng = np.random.default_rng(2)
    p = sample_prompts(rng, 6, 9, 3)
    V, W = lsa.gd_construction(3, 0.3)
    w_hat = rng.standard_normal((6, 3))
    pred = lsa.predict(lsa.embed(p.X, p.y, w_hat), V, W, 9)
    gd = w_hat - 0.3 * np.einsum("bij,bj->bi", p.covariance(), w_hat - p.w_star)
    np.testing.assert_allclose(pred, gd, rtol=1e-12, atol=1e-12)


def test_effective_map_reproduces_the_odd_part_of_the_prediction():
    rng = np.random.default_rng(3)
    p = sample_prompts(rng, 3, 7, 2)
    V, W = _weights(rng, 2)
    Z_plus = lsa.embed(p.X, p.y)
    Z_minus = lsa.embed(p.X, -p.y)  # w* → −w*
    odd = (lsa.predict(Z_plus, V, W, 7) - lsa.predict(Z_minus, V, W, 7)) / 2
    M = lsa.effective_map(V, W, 2)
    np.testing.assert_allclose(odd, np.einsum("ij,bjk,bk->bi", M, p.covariance(), p.w_star), rtol=1e-10,
                               atol=1e-12)


@pytest.mark.parametrize(("call", "name"), [
    (lambda V, W, Z: lsa.forward(Z, V[:-1], W, 3), "V"),
    (lambda V, W, Z: lsa.forward(Z, V, W[:, :-1], 3), "W"),
    (lambda V, W, Z: lsa.forward(Z, V, W, 0), "n"),
    (lambda V, W, Z: lsa.forward(Z * np.nan, V, W, 3), "Z"),
    (lambda V, W, Z: lsa.predict(Z, np.full_like(V, np.inf), W, 3), "V"),
    (lambda V, W, Z: lsa.embed(np.zeros((2, 3)), np.zeros(4)), "y"),
    (lambda V, W, Z: lsa.embed(np.zeros((2, 3)), np.zeros(3), np.zeros(3)), "w0"),
    (lambda V, W, Z: lsa.gd_construction(2, 0.0), "eta"),
    (lambda V, W, Z: lsa.gd_construction(0, 0.1), "d"),
])
def test_bad_input_raises_value_error_naming_it(call, name):
    V, W = lsa.gd_construction(2, 0.5)
    Z = lsa.embed(np.ones((2, 3)), np.ones(3))
    with pytest.raises(ValueError, match=name):
        call(V, W, Z)


@pytest.mark.parametrize("D", [1, 2, 3, 5, 7])
def test_predict_refuses_a_token_dimension_that_is_not_2d_plus_2(D):
    Z = np.zeros((D, 4))
    with pytest.raises(ValueError, match="token dimension"):
        lsa.predict(Z, np.eye(D), np.eye(D), 3)


def test_conditional_draws_integrate_w_star_out_exactly():
    """E[‖ŵ − w*‖² | X] three ways on the same covariates: ‖ηS − I‖²_F (one_step_conditional_draws), the d
    basis prompts through the actual LSA at the GD construction (basis_loss_draws), and the mean over 20 000 w*
    draws for one X (Monte Carlo, 5 standard errors)."""
    n, d, eta = 7, 3, 0.6
    direct = lsa.one_step_conditional_draws(np.random.default_rng(5), 16, n, d, eta)  # (16,)
    X = sample_prompts(np.random.default_rng(5), 16, n, d).X  # the same covariates
    V, W = lsa.gd_construction(d, eta)
    through_lsa = lsa.basis_loss_draws(X, lambda p: lsa.no_cot_loss(V, W, p))
    np.testing.assert_allclose(through_lsa, direct, rtol=1e-12)
    w_star = np.random.default_rng(6).standard_normal((20_000, d))
    S = X[0] @ X[0].T / n
    errors = np.sum(((eta * S - np.eye(d)) @ w_star.T) ** 2, axis=0)  # (20 000,)
    assert abs(errors.mean() - direct[0]) <= 5 * errors.std() / np.sqrt(len(errors))


def test_chunked_draws_keep_the_stream_and_name_bad_sizes():
    calls = []

    def draw(rng, m):
        calls.append(m)
        return rng.standard_normal(m)

    out = lsa.chunked_draws(np.random.default_rng(2), 10, lsa.CHUNK_FLOATS // 4, draw)
    assert calls == [4, 4, 2] and out.shape == (10,)
    np.testing.assert_array_equal(out, np.random.default_rng(2).standard_normal(10))  # chunks continue one stream
    calls.clear()
    lsa.chunked_draws(np.random.default_rng(2), 3, 10 * lsa.CHUNK_FLOATS, draw)
    assert calls == [1, 1, 1]  # a draw larger than a chunk: one at a time
    for args, match in (((0, 5), "samples"), ((3, 0), "floats_per_draw"), ((True, 5), "samples")):
        with pytest.raises((TypeError, ValueError), match=match):
            lsa.chunked_draws(np.random.default_rng(0), *args, draw)
    with pytest.raises(ValueError, match="X"):
        lsa.basis_loss_draws(np.zeros((3, 4)), lambda p: 0)


def test_linear_loss_draws_condition_only_up_to_basis_max_d():
    loss = lambda p: np.sum(p.w_star**2, axis=-1)  # noqa: E731  (a stand-in whose E[· | X] is d)
    small = sample_prompts(np.random.default_rng(0), 5, 3, lsa.BASIS_MAX_D)
    np.testing.assert_allclose(lsa.linear_loss_draws(small, loss), lsa.BASIS_MAX_D)  # integrated out: exactly d
    large = sample_prompts(np.random.default_rng(0), 5, 3, lsa.BASIS_MAX_D + 1)
    np.testing.assert_array_equal(lsa.linear_loss_draws(large, loss), loss(large))  # a plain draw
