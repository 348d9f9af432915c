"""Unit tests of simulate/cot.py: CoT columns, rollout, teacher-forced gradients, spectral losses."""

import warnings

import numpy as np
import pytest

from seqtheory.simulate import cot, lsa
from seqtheory.simulate.gradcheck import central_gradient, central_vjp
from seqtheory.simulate.quantiles import median_estimate
from seqtheory.simulate.tasks import sample_prompts


def test_cot_append_layout():
    Z = lsa.embed(np.ones((2, 3)), np.ones(3))
    Z2 = cot.cot_append(Z, np.array([5.0, 6.0]))
    assert Z2.shape == (6, 5)
    np.testing.assert_array_equal(Z2[:, -1], [0, 0, 0, 5, 6, 1])
    np.testing.assert_array_equal(Z2[:, :-1], Z)


def test_rollout_of_construction_equals_gd_iterates():
    p = sample_prompts(np.random.default_rng(0), 7, 10, 3)
    V, W = lsa.gd_construction(3, 0.4)
    np.testing.assert_allclose(cot.cot_rollout(p.X, p.y, V, W, 6), cot.gd_iterates(p, 0.4, 6)[1:], rtol=1e-12,
                               atol=1e-12)


@pytest.mark.parametrize("d", [1, 2])
def test_dense_cot_gradient_matches_central_differences(d):
    rng = np.random.default_rng(d)
    p = sample_prompts(rng, 4, 5, d)
    D = lsa.token_dim(d)
    V, W = 0.3 * rng.standard_normal((D, D)), 0.3 * rng.standard_normal((D, D))
    _, dV, dW = cot.cot_loss_and_grad(V, W, p, 0.3, 3)
    np.testing.assert_allclose(dV, central_gradient(lambda A: cot.cot_loss_and_grad(A, W, p, 0.3, 3)[0].mean(), V),
                               atol=1e-7)
    np.testing.assert_allclose(dW, central_gradient(lambda A: cot.cot_loss_and_grad(V, A, p, 0.3, 3)[0].mean(), W),
                               atol=1e-7)


def test_sparse_gradient_matches_central_differences_and_dense_restriction():
    rng = np.random.default_rng(7)
    p = sample_prompts(rng, 5, 6, 2)
    V31, W13 = rng.standard_normal((2, 2)), rng.standard_normal((2, 2))
    loss, g_v, g_w = cot.sparse_cot_loss_and_grad(V31, W13, p, 0.3, 3)
    numeric = central_vjp(lambda a, b: cot.sparse_cot_loss_and_grad(a, b, p, 0.3, 3)[0].mean(), [V31, W13], 1.0)
    np.testing.assert_allclose(g_v, numeric[0], atol=1e-7)
    np.testing.assert_allclose(g_w, numeric[1], atol=1e-7)
    V, W = cot.sparse_to_dense(V31, W13)
    dense_loss, dV, dW = cot.cot_loss_and_grad(V, W, p, 0.3, 3)
    np.testing.assert_allclose(loss, dense_loss, rtol=1e-12)
    np.testing.assert_allclose(dV[3:5, 0:2], g_v, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dW[0:2, 3:5], g_w, rtol=1e-12, atol=1e-14)


def test_spectral_log_losses_match_direct_iterates():
    p = sample_prompts(np.random.default_rng(1), 9, 8, 3)
    iters = cot.gd_iterates(p, 0.5, 5)
    direct = np.sum((iters[[2, 5]] - p.w_star) ** 2, axis=-1).T  # (B, 2)
    np.testing.assert_allclose(np.exp(cot.spectral_log_losses(p, 0.5, [2, 5])), direct, rtol=1e-9)


def test_limit_losses_null_space_and_divergence():
    p = sample_prompts(np.random.default_rng(2), 2000, 2, 4)
    lim = cot.limit_losses(p, 0.05)
    assert np.all(np.isfinite(lim)) and np.all(lim > 0)  # a 2-dim null space is never learned
    assert np.all(np.isinf(cot.limit_losses(p, 100.0)))
    full = sample_prompts(np.random.default_rng(3), 100, 20, 3)
    assert np.all(cot.limit_losses(full, 0.1) == 0.0)


def test_median_estimate_and_errors():
    x = np.random.default_rng(0).standard_normal(10_000)
    est = median_estimate(x)
    # asymptotic s.e. of the normal median: √(π/2)/√m ≈ 0.0125
    assert abs(est.stderr - np.sqrt(np.pi / 2) / 100) < 0.003 and abs(est.value) < 5 * est.stderr
    assert median_estimate(np.zeros(100)).stderr > 0
    with pytest.raises(ValueError, match="draws"):
        median_estimate([1.0, 2.0])


def test_divergent_rollout_warns_instead_of_overflowing_silently():
    p = sample_prompts(np.random.default_rng(0), 20, 4, 3)
    V, W = lsa.gd_construction(3, 3.0)
    with pytest.warns(cot.DivergenceWarning, match="diverges"):
        out = cot.cot_rollout(p.X, p.y, V, W, 400)
    assert out.shape == (400, 20, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cot.cot_rollout(p.X, p.y, *lsa.gd_construction(3, 0.1), 50)  # stable: no warning


@pytest.mark.parametrize(("call", "name"), [
    (lambda p: cot.cot_rollout(p.X, p.y, *lsa.gd_construction(2, 0.1), 0), "k"),
    (lambda p: cot.gd_iterates(p, 0.0, 3), "eta"),
    (lambda p: cot.gd_iterates(p, -1.0, 3), "eta"),
    (lambda p: cot.cot_loss_and_grad(*lsa.gd_construction(2, 0.1), p, 0.1, 0), "k"),
    (lambda p: cot.cot_loss_and_grad(np.eye(5), np.eye(6), p, 0.1, 2), "V"),
    (lambda p: cot.sparse_cot_loss_and_grad(np.eye(3), np.eye(2), p, 0.1, 2), "V31"),
    (lambda p: cot.cot_append(np.zeros((6, 4)), np.zeros(3)), "w"),
    (lambda p: cot.spectral_log_losses(p, 0.0, [1]), "eta"),
    (lambda p: sample_prompts(np.random.default_rng(0), 2, 4, 2, sigma=-np.eye(2)), "sigma"),
])
def test_bad_input(call, name):
    p = sample_prompts(np.random.default_rng(0), 3, 4, 2)
    with pytest.raises(ValueError, match=name):
        call(p)
