"""The modular fast path of the zonal closed form against the big-integer Gram sum (the slow, obviously-correct
path), and each of its parts against its definition: the simplified weights, the evaluation tables, the inverse
Vandermonde matrix, the chunked float64 products, the CRT, the coefficient bound and the check prime."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from seqtheory.theorems.exact import bipoly, zonal, zonal_crt


@given(st.integers(1, 36))
@example(1).via("smallest k: only λ = (1)")
@example(2).via("first two-row shape")
@example(36).via("top of the drawn range")
def test_modular_path_equals_the_big_integer_gram_sum(k):
    (fast,) = zonal_crt.trace_moment_arrays(k, start=k)
    assert bipoly.equal(fast, zonal.reference_moment_array(k))


def test_batch_equals_single_and_reference_to_k40():
    batch = zonal_crt.trace_moment_arrays(40)
    for k in (1, 17, 40):
        assert bipoly.equal(batch[k - 1], zonal.reference_moment_array(k))
        assert bipoly.equal(batch[k - 1], zonal_crt.trace_moment_arrays(k, start=k)[0])
    # a batch that starts late holds the same arrays as the full batch
    assert all(bipoly.equal(a, b) for a, b in zip(zonal_crt.trace_moment_arrays(40, start=30), batch[29:],
                                                  strict=True))


@pytest.mark.parametrize("k", [1, 2, 9, 40, 80])
def test_coefficients_are_pairing_counts_summing_to_the_double_factorial(k):
    """The bound that sizes the prime set, checked on the result: coefficients ≥ 0, Σ = M_k(1, 1) = (2k−1)!!."""
    (M,) = zonal_crt.trace_moment_arrays(k, start=k)
    values = [int(v) for v in M.ravel()]
    assert min(values) >= 0
    assert sum(values) == zonal_crt.double_factorial_odd(k)
    assert bipoly.evaluate(M, 1, 1) == zonal.trace_moment_at(k, 1, 1)
    assert bipoly.evaluate(M, 7, 3) == zonal.trace_moment_at(k, 7, 3)  # an independent exact evaluation


def test_simplified_weights_equal_the_hook_products_mod_p():
    p = zonal_crt.primes(1)[0]
    tables = zonal_crt._Residues(p, 30)
    for k in range(1, 31):
        a, b, c = zonal_crt._shapes(k)
        got = tables.weights(a, b, c)
        for ai, bi, ci, g in zip(a.tolist(), b.tolist(), c.tolist(), got.tolist(), strict=True):
            w = zonal.coefficient_abc(ai, bi, ci)
            assert g == w.numerator * pow(w.denominator, p - 2, p) % p, (ai, bi, ci)


def test_shapes_are_the_surviving_partitions():
    for k in range(1, 25):
        a, b, c = zonal_crt._shapes(k)
        got = sorted(zonal._shape(int(x), int(y), int(z)) for x, y, z in zip(a, b, c, strict=True))
        assert got == sorted(zonal.surviving_shapes(k))


def test_evaluations_equal_the_shifted_products():
    p = zonal_crt.primes(1)[0]
    tables = zonal_crt._Residues(p, 12)
    a, b, c = zonal_crt._shapes(12)
    values = tables.values(a, b, c, 14)
    for row, shape in enumerate(zonal._shape(int(x), int(y), int(z)) for x, y, z in zip(a, b, c, strict=True)):
        for x in range(14):
            exact = np.prod([x + s for s in zonal.pochhammer_shifts(shape)], dtype=object)
            assert values[row, x] == exact % p


@pytest.mark.parametrize("m", [1, 2, 5, 30])
def test_inverse_vandermonde_inverts(m):
    p = zonal_crt.primes(1)[0]
    T = zonal_crt._inverse_vandermonde(p, m, 32)
    V = np.array([[pow(i, e, p) for e in range(m)] for i in range(m)], dtype=np.int64)
    assert np.array_equal(zonal_crt._matmul_mod(T, V, p), np.eye(m, dtype=np.int64))


def test_chunked_products_are_exact(monkeypatch):
    p = zonal_crt.primes(1)[0]
    rng = np.random.default_rng(0)
    x = rng.integers(0, p, size=(3, 50))
    y = rng.integers(0, p, size=(50, 4))
    exact = (x.astype(object) @ y.astype(object)) % p
    monkeypatch.setattr(zonal_crt, "_CHUNK", 7)  # several chunks, the last one short
    assert np.array_equal(zonal_crt._matmul_mod(x, y, p), exact.astype(np.int64))
    big = np.full((1, 8192), p - 1)  # the largest exact sum: 8192 (p−1)² < 2^53
    assert 8192 * (p - 1) ** 2 < 2**53
    monkeypatch.setattr(zonal_crt, "_CHUNK", 8192)
    assert zonal_crt._matmul_mod(big, big.T, p)[0, 0] == 8192 * (p - 1) ** 2 % p


def test_crt_reconstructs_integers_up_to_the_prime_product():
    ps = zonal_crt.primes(4)
    top = int(np.prod(np.array(ps, dtype=object)))
    targets = [0, 1, top - 1, top // 3, 2**70 + 12345]
    residues = np.array([[t % p for t in targets] for p in ps], dtype=np.int64)
    assert zonal_crt._crt(residues, ps).tolist() == targets


def test_prime_set_covers_the_bound():
    for K in (1, 5, 40, 80, 120):
        ps = zonal_crt.primes_for(K)
        assert np.prod(np.array(ps[:-1], dtype=object)) > zonal_crt.double_factorial_odd(K)
        assert all(p < 2**20 and p > 4 * K + 8 for p in ps)  # every factorial used is invertible
    assert zonal_crt.primes(3) == (1048573, 1048571, 1048559)


def test_a_wrong_residue_is_caught_by_the_check_prime(monkeypatch):
    real = zonal_crt._crt

    def off_by_one(residues, ps):
        out = real(residues, ps)
        out[5] += 1
        return out

    monkeypatch.setattr(zonal_crt, "_crt", off_by_one)
    with pytest.raises(ArithmeticError, match="check prime"):
        zonal_crt.trace_moment_arrays(6)


@pytest.mark.parametrize("K, start, name", [(0, 1, "K"), (5, 0, "start"), (3, 4, "K"), (True, 1, "K"),
                                           (5, 2.0, "start")])
def test_bad_range(K, start, name):
    with pytest.raises((ValueError, TypeError), match=name):
        zonal_crt.trace_moment_arrays(K, start=start)


def test_weights_are_fractions_in_the_reference():
    assert zonal.coefficient_abc(1, 0, 0) == Fraction(1)  # w_(1) = 2·1!/2! = 1: M_1 = nd
