"""Sparse kernels: sparsemax / entmax properties, masks, top-k, sliding window, block-sparse, backward."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from seqtheory.simulate.gradcheck import central_vjp
from seqtheory.simulate.nn import attention as at
from seqtheory.simulate.nn import sparse as sp_

rows = arrays(np.float64, st.integers(1, 12), elements=st.floats(-50, 50, allow_nan=False, allow_infinity=False))


@given(rows)
def test_sparsemax_is_a_distribution_satisfying_kkt(z):
    p = sp_.sparsemax(z)
    assert np.all(p >= 0) and abs(p.sum() - 1) < 1e-12
    tau = np.max(z[p > 0] - p[p > 0])
    assert np.allclose(z[p > 0] - p[p > 0], tau, atol=1e-9)
    assert np.all(z[p == 0] <= tau + 1e-9)


@given(rows, st.floats(-100, 100))
def test_shift_invariance_and_permutation_equivariance(z, c):
    p = sp_.sparsemax(z)
    np.testing.assert_allclose(sp_.sparsemax(z + c), p, atol=1e-9)
    perm = np.random.default_rng(0).permutation(z.size)
    np.testing.assert_allclose(sp_.sparsemax(z[perm]), p[perm], atol=1e-12)


@given(rows, st.integers(0, 2**31))
def test_one_lipschitz(z, seed):
    w = z + np.random.default_rng(seed).standard_normal(z.size)
    assert np.linalg.norm(sp_.sparsemax(z) - sp_.sparsemax(w)) <= np.linalg.norm(z - w) + 1e-12


@given(rows)
def test_one_hot_iff_top_gap_at_least_one(z):
    assume(z.size >= 2)
    top2 = np.sort(z)[-2:]
    assume(abs(top2[1] - top2[0] - 1) > 1e-9)
    one_hot = np.max(sp_.sparsemax(z)) == 1.0
    assert one_hot == (top2[1] - top2[0] > 1)


def test_minus_infinity_entries_are_zero_and_the_rest_unchanged():
    z = np.array([0.3, -np.inf, 1.2, 0.9, -np.inf])
    p = sp_.sparsemax(z)
    assert p[1] == 0 and p[4] == 0
    np.testing.assert_array_equal(p[[0, 2, 3]], sp_.sparsemax(z[[0, 2, 3]]))
    assert np.all(sp_.sparsemax(np.full(4, -np.inf)) == 0)
    e = sp_.entmax15(z)
    np.testing.assert_allclose(e[[0, 2, 3]], sp_.entmax15(z[[0, 2, 3]]), rtol=1e-12)


def test_sparsemax_agrees_with_a_generic_qp_solver():
    from scipy.optimize import minimize

    rng = np.random.default_rng(0)
    for _ in range(10):
        z = rng.standard_normal(5)
        res = minimize(lambda p, z=z: np.sum((p - z) ** 2), np.full(5, 0.2), method="SLSQP", bounds=[(0, None)] * 5,
                       constraints=[{"type": "eq", "fun": lambda p: p.sum() - 1}], options={"ftol": 1e-14})
        np.testing.assert_allclose(sp_.sparsemax(z), res.x, atol=1e-6)


@pytest.mark.parametrize("kernel", ["sparsemax", "entmax15"])
def test_vjp_matches_central_differences(kernel):
    f, vjp = {"sparsemax": (sp_.sparsemax, sp_.sparsemax_vjp), "entmax15": (sp_.entmax15, sp_.entmax15_vjp)}[kernel]
    rng = np.random.default_rng(1)
    z = rng.standard_normal((4, 6))
    g = rng.standard_normal((4, 6))
    np.testing.assert_allclose(vjp(f(z), g), central_vjp(f, [z], g)[0], atol=1e-7)


def test_entmax_matches_bisection_and_is_between_softmax_and_sparsemax_in_support():
    rng = np.random.default_rng(2)
    for _ in range(20):
        z = 3 * rng.standard_normal(8)
        e = sp_.entmax15(z)
        np.testing.assert_allclose(e, sp_.entmax15_bisection(z), atol=1e-12)
        assert np.count_nonzero(e) >= np.count_nonzero(sp_.sparsemax(z))


def test_topk_has_exactly_k_nonzeros_and_ties_go_to_the_smaller_index():
    q = np.ones((1, 1))
    k = np.array([[1.0], [2.0], [2.0], [0.5], [2.0]])
    v = np.eye(5)
    out = sp_.topk_attention(q, k, v, 2)
    np.testing.assert_allclose(out, [[0, 0.5, 0.5, 0, 0]])
    rng = np.random.default_rng(3)
    qq, kk, vv = rng.standard_normal((6, 3)), rng.standard_normal((9, 3)), np.eye(9)
    for t in (1, 4, 9):
        assert np.all(np.count_nonzero(sp_.topk_attention(qq, kk, vv, t), axis=-1) == t)
    with pytest.raises(ValueError, match="topk"):
        sp_.topk_attention(qq, kk, vv, 10)


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("radius", [0, 1, 3, 20])
def test_sliding_window_equals_masked_dense_and_backward(causal, radius):
    rng = np.random.default_rng(4)
    n = 9
    q, k, v = rng.standard_normal((2, n, 3)), rng.standard_normal((2, n, 3)), rng.standard_normal((2, n, 2))
    i, j = np.indices((n, n))
    mask = (np.abs(i - j) <= radius) & ((j <= i) if causal else True)
    out, cache = sp_.sliding_window_attention_forward(q, k, v, radius, causal)
    np.testing.assert_allclose(out, at.softmax_attention(q, k, v, mask), rtol=1e-12, atol=1e-12)
    dout = rng.standard_normal(out.shape)
    dense = at.softmax_attention_backward(dout, at.softmax_attention_forward(q, k, v, mask)[1])
    for a, b in zip(sp_.sliding_window_attention_backward(dout, cache), dense, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ["sparsemax", "entmax15"])
def test_simplex_attention_backward_central_differences(name):
    forward, backward = getattr(sp_, f"{name}_attention_forward"), getattr(sp_, f"{name}_attention_backward")
    rng = np.random.default_rng(5)
    q, k, v = rng.standard_normal((3, 2)), rng.standard_normal((4, 2)), rng.standard_normal((4, 2))
    mask = at.causal_mask(3, 4)
    out, cache = forward(q, k, v, mask)
    dout = rng.standard_normal(out.shape)
    dq, dk, dv = backward(dout, cache)
    numeric = central_vjp(lambda a, b, c: forward(a, b, c, mask)[0], [q, k, v], dout)
    for analytic, num in zip((dq, dk, dv), numeric, strict=True):
        np.testing.assert_allclose(analytic, num, atol=1e-7)


def test_entmax15_attention_is_the_row_map_of_the_bisection_reference():
    rng = np.random.default_rng(15)
    q, k, v = rng.standard_normal((2, 5, 3)), rng.standard_normal((2, 6, 3)), rng.standard_normal((2, 6, 2))
    mask = at.causal_mask(5, 6)
    s = np.where(mask, q @ np.swapaxes(k, -1, -2) / np.sqrt(3), -np.inf)
    p = np.array([[sp_.entmax15_bisection(row) for row in head] for head in s])  # (2, 5, 6): row by row
    np.testing.assert_allclose(sp_.entmax15_attention(q, k, v, mask), p @ v, rtol=1e-10, atol=1e-12)


def test_block_sparse_equals_dense_with_expanded_mask_and_counts():
    rng = np.random.default_rng(6)
    bm = sp_.block_sparse_mask(6, 1, 1, 1, np.random.default_rng(0))
    q, k, v = rng.standard_normal((24, 3)), rng.standard_normal((24, 3)), rng.standard_normal((24, 2))
    full = np.kron(bm, np.ones((4, 4), bool))
    np.testing.assert_allclose(sp_.block_sparse_attention(q, k, v, 4, bm), at.softmax_attention(q, k, v, full),
                               rtol=1e-12, atol=1e-12)
    assert sp_.block_sparse_nnz(4, bm) == int(full.sum())
    same = sp_.block_sparse_mask(6, 1, 1, 1, np.random.default_rng(0))
    np.testing.assert_array_equal(bm, same)  # seeded


@pytest.mark.parametrize(("call", "name"), [
    (lambda: sp_.sparsemax([1.0, np.nan]), "NaN"),
    (lambda: sp_.entmax15([1.0, np.inf]), "inf"),
    (lambda: sp_.sliding_window_attention(np.ones((4, 2)), np.ones((4, 2)), np.ones((4, 2)), -1), "radius"),
    (lambda: sp_.sliding_window_attention(np.ones((4, 2)), np.ones((5, 2)), np.ones((5, 2)), 1), "keys"),
    (lambda: sp_.block_sparse_attention(np.ones((5, 2)), np.ones((5, 2)), np.ones((5, 2)), 2, np.ones((2, 2))),
     "block"),
    (lambda: sp_.block_sparse_mask(4, 1, 5, 0, np.random.default_rng(0)), "n_global"),
])
def test_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_entmax15_single_support_rows_stay_probabilities():
    # a one-entry support gives p = (z/2 − τ)² = (1 ± ε)²; the vjp refuses p > 1, so the map must not return it
    rng = np.random.default_rng(16)
    z = rng.standard_normal((2000, 4)) * 0.3
    z[:, 0] += 3.0 + 100 * rng.random(2000)  # the first entry dominates: support {0}
    p = sp_.entmax15(z)
    assert np.all(p <= 1.0) and np.all(p[:, 0] == 1.0) and np.all(p[:, 1:] == 0.0)
    sp_.entmax15_vjp(p, np.ones_like(p))  # accepted


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_sparse_kernel_returns_the_inputs_float_dtype(dtype):
    """float32 in → float32 out, forward and backward (they came back float64), and within float32 rounding of the
    float64 result."""
    q64 = np.random.default_rng(3).standard_normal((2, 9, 4))
    q = q64.astype(dtype)
    tol = 1e-5 if dtype == np.float32 else 0.0
    for name, forward, backward in [
        ("sparsemax", sp_.sparsemax_attention_forward, sp_.sparsemax_attention_backward),
        ("entmax15", sp_.entmax15_attention_forward, sp_.entmax15_attention_backward),
        ("window", lambda *x: sp_.sliding_window_attention_forward(*x, 2), sp_.sliding_window_attention_backward),
    ]:
        out, cache = forward(q, q, q)
        reference, _ = forward(q64, q64, q64)
        assert out.dtype == dtype, name
        np.testing.assert_allclose(out, reference, atol=tol, rtol=tol)
        assert all(g.dtype == dtype for g in backward(np.ones_like(out), cache)), name
    for f, vjp in ((sp_.sparsemax, sp_.sparsemax_vjp), (sp_.entmax15, sp_.entmax15_vjp)):
        p = f(q[0])
        assert p.dtype == dtype and vjp(p, np.ones_like(p)).dtype == dtype
    assert sp_.topk_attention(q, q, q, 3).dtype == dtype
