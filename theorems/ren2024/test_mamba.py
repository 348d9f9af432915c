"""Proof sanity checks for the Mamba claims beyond the generic registry tests (theorems/mamba_*.py)."""

from fractions import Fraction

import numpy as np
import pytest

from seqtheory.simulate import copy
from seqtheory.simulate.nn import ssm
from seqtheory.theorems.exact import dp_costs as c


def test_random_encoders_never_beat_the_counting_bound():
    rng = np.random.default_rng(0)
    for bits, alphabet, length in [(2, 2, 4), (3, 3, 3), (5, 2, 6)]:
        bound = min(Fraction(1), Fraction(2**bits, alphabet**length))
        for _ in range(20):
            assert copy.random_codec_success(rng, bits, alphabet, length) <= bound


def test_softmax_gap_grows_logarithmically_while_decay_score_grows_exponentially():
    delta = 0.01
    gaps = [np.log((L - 1) * (1 - delta) / delta) for L in (11, 101, 1001, 10_001)]
    assert np.allclose(np.diff(gaps), np.log(10))  # + ln 10 per decade of L
    scores = [(1 - delta) * 0.9 ** -dist for dist in (10, 100)]
    assert scores[1] / scores[0] == pytest.approx(0.9**-90)


def test_scan_is_stable_for_long_sequences_and_strong_decay():
    rng = np.random.default_rng(1)
    L = 50_000
    y = ssm.selective_scan(rng.standard_normal((L, 2)), np.full((L, 2), 5.0), -np.full((2, 3), 50.0),
                           rng.standard_normal((L, 3)), rng.standard_normal((L, 3)))
    assert np.all(np.isfinite(y))


def test_batched_scan_equals_per_sequence_reference():
    rng = np.random.default_rng(2)
    args = [ssm.random_inputs(rng, 12, 2, 3) for _ in range(3)]
    u, delta, B, C = (np.stack([a[i] for a in args]) for i in (0, 1, 3, 4))
    A, D = args[0][2], args[0][5]
    out = ssm.selective_scan(u, delta, A, B, C, D, chunk=5)
    for b in range(3):
        np.testing.assert_allclose(out[b], ssm.selective_scan_reference(u[b], delta[b], A, B[b], C[b], D),
                                   rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("chunk", [None, 1, 5])
def test_batch_axes_that_only_B_and_C_carry_broadcast_u(chunk):
    """u (L, E) with B (2, L, N) and C (2, 1, L, N): validation accepts the broadcast, so the scan must honour it —
    output (2, 2, L, E), entry [i, j] the reference on (u, B[j], C[i, 0]).  (Before: the numpy engine raised numpy's
    own broadcasting error from inside the chunk loop.)"""
    rng = np.random.default_rng(9)
    u, delta, A, _, _, D = ssm.random_inputs(rng, 20, 3, 4)
    B, C = rng.standard_normal((2, 20, 4)), rng.standard_normal((2, 1, 20, 4))
    out = ssm.selective_scan(u, delta, A, B, C, D, chunk=chunk)
    assert out.shape == (2, 2, 20, 3)
    for i in range(2):
        for j in range(2):
            np.testing.assert_allclose(out[i, j], ssm.selective_scan_reference(u, delta, A, B[j], C[i, 0], D),
                                       rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ssm.selective_scan_unrolled(u, delta, A, B, C, D), out, rtol=1e-12, atol=1e-12)


def test_step_mode_cost_does_not_grow_with_position():
    """The state has a fixed size (E, N): one step reads nothing else."""
    rng = np.random.default_rng(3)
    u, delta, A, B, C, D = ssm.random_inputs(rng, 3, 2, 4)
    h = np.zeros((2, 4))
    for t in range(3):
        _, h = ssm.selective_scan_step(h, u[t], delta[t], A, B[t], C[t], D)
        assert h.shape == (2, 4)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"delta": -1.0}, "delta"), ({"A": 1.0}, "A"), ({"L": 0}, "L"), ({"B_shape": (5, 2)}, "B and C"),
    ({"D_shape": (3,)}, "D"), ({"discretization": "rk4"}, "discretization"), ({"chunk": 10**6, "A": -1e3}, "chunk"),
])
def test_bad_input(kwargs, name):
    L = kwargs.get("L", 4)
    u = np.ones((L, 2))
    delta = np.full((L, 2), kwargs.get("delta", 0.1))
    A = np.full((2, 3), kwargs.get("A", -1.0))
    B = np.ones(kwargs.get("B_shape", (L, 3)))
    C = np.ones((L, 3))
    D = np.ones(kwargs["D_shape"]) if "D_shape" in kwargs else None
    with pytest.raises(ValueError, match=name):
        ssm.selective_scan(u, delta, A, B, C, D, discretization=kwargs.get("discretization", "euler"),
                           chunk=kwargs.get("chunk"))


def test_a_window_of_size_m_cannot_run_a_general_dp():
    """LIS through an O(m) memory goes wrong: steps 4 and 5 need a_1 = 1, which has left the window."""
    from seqtheory.simulate import dp

    b = np.array([1, 9, 8, 7, 2])
    assert dp.lis_direct(b) == [1, 2, 2, 2, 2]
    assert dp.lis_cot(b, dp.Window(2)) == [1, 2, 2, 1, 1]
    assert dp.lis_cot(b, dp.KVCache()) == dp.lis_direct(b)


def test_dp_reads_formulas_symbolic():
    T, m = c.T_s, c.m_s
    assert sp_equal(c.general_reads(), T * (T - 1) / 2)
    assert sp_equal(c.local_reads(), m * T - m * (m + 1) / 2)


def sp_equal(a, b) -> bool:
    import sympy

    return sympy.simplify(a - b) == 0


def test_counting_bound_statistically_on_sampled_strings():
    """Sample uniform strings too long to enumerate and run the optimal codec: success ≤ 2^b/|D|^L (z = 5)."""
    bits, alphabet, length = 12, 4, 8  # 4^8 = 65536 strings, 2^12 = 4096 codes: bound 1/16
    rng = np.random.default_rng(0)
    draws = rng.integers(0, alphabet, size=(20_000, length))
    index = draws @ (alphabet ** np.arange(length - 1, -1, -1))  # lexicographic rank of each string
    success = (index < 2**bits).astype(float)  # the codec is injective on the first 2^b strings only
    mean, se = success.mean(), success.std(ddof=1) / np.sqrt(success.size)
    bound = 2**bits / alphabet**length
    assert mean <= bound + 5 * se
    assert abs(mean - bound) <= 5 * se  # and the bound is attained


@pytest.mark.parametrize("chunk", [None, 1, 7])
@pytest.mark.parametrize("zoh", [False, True])
def test_float32_scan_returns_float32_rounded_from_the_float64_reference(chunk, zoh):
    """The numpy engine: float32 in, float32 out; inside, float64 — so the answer is the float64 reference on the
    same (float32) inputs, rounded once: within one float32 ulp of it.  (The numba engine, which ``"auto"`` picks
    for float32 when installed, computes in float32: tests/test_fused_scan.py.)"""
    rng = np.random.default_rng(4)
    u, delta, A, B, C, D = (x.astype(np.float32) for x in ssm.random_inputs(rng, 40, 3, 4))
    kind = "zoh" if zoh else "euler"
    out = ssm.selective_scan(u, delta, A, B, C, D, discretization=kind, chunk=chunk, engine="numpy")
    assert out.dtype == np.float32
    ref = ssm.selective_scan_reference(*(x.astype(np.float64) for x in (u, delta, A, B, C, D)), discretization=kind)
    np.testing.assert_allclose(out, ref.astype(np.float32), rtol=2**-23, atol=1e-30)


def test_float32_overflow_is_an_error_not_a_warning():
    L = 4
    u = np.full((L, 1), 3e38, dtype=np.float32)
    ones = np.ones((L, 1), dtype=np.float32)
    with pytest.raises(ValueError, match="overflows float32"):
        ssm.selective_scan(u, ones, np.zeros((1, 1), dtype=np.float32), ones, ones)
    zero = np.zeros((L, 1), dtype=np.float32)  # the skip term alone overflows: D·u = 6e38
    for engine in ("numpy", "auto"):
        with pytest.raises(ValueError, match="overflows float32"):
            ssm.selective_scan(u, zero, np.zeros((1, 1), np.float32), ones, ones, D=np.array([2.0], np.float32),
                               engine=engine)
