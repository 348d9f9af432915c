"""Mamba's COPY bottleneck (Ren, Li, Liu 2024, arXiv:2410.03810).

Derivations: ``docs/mamba_copy_bounds.md`` (the counting bound of Jelassi et al. that frames them is in
:mod:`seqtheory.theorems.jelassi2024.copy`).  Checked here:

* **decay branch** (Ren et al. Thm 1): reading position s at time t through decays a ≤ a_max < 1 needs a
  score ≥ (1 − ε)/a^{t−s}; in floating point that score overflows at distance
  ⌊ln(max/(1−ε))/ln(1/a)⌋ + 1, while softmax needs only the gap log((L−1)(1−δ)/δ) (Thm 2);
* **subspace (Bessel) bound**: a state with N columns read by linear queries reproduces n orthonormal values
  with total error ≥ n − N (Eckart–Young), and Σ_k min_c ‖diag(α)Kc − e_k‖² = n − rank(K) exactly;
* **linear size suffices** (Thm 3): with d_state = n, one-hot keys B_s = e_s, queries C_t = e_{pos(t)},
  Δ ≡ 1 and A = 0, the bare selective scan copies exactly (accuracy 1).
"""

from __future__ import annotations

from fractions import Fraction
from math import floor, log

import numpy as np

from seqtheory.simulate.nn import ssm
from seqtheory.simulate.stats import Estimate
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer, Real
from seqtheory.theorems.core.relations import Close, ExactEquality, LowerBound, ZTest
from seqtheory.theorems.papers import REN2024

DTYPES = (np.float16, np.float32, np.float64)


def overflow_distance(a: float, eps: float, dtype) -> int:
    """Smallest t − s at which the score needed to read a token back through the **selective scan** overflows
    ``dtype``: a one-channel scan (Δ = 1, A = ln a, B = C = 1) is fed the token at s = 0 and its output
    y_t = a^t is read off; the required score (1 − ε)/y_t is computed in float64 and stored in ``dtype``.
    −1 when it never overflows within twice the predicted distance (see decay-overflow-subnormal)."""
    from seqtheory.simulate.nn import ssm

    span = int(2 * (log(float(np.finfo(dtype).max)) - np.log1p(-eps) + 1) / -log(a) + 10)  # twice the prediction
    u = np.zeros((span, 1))  # (L, E = 1): the token at s = 0
    u[0, 0] = 1.0
    ones = np.ones((span, 1))  # (L, 1): Δ, B, C
    state = ssm.selective_scan(u, ones, np.array([[log(a)]]), ones, ones)[:, 0]  # (L,) y_t = a^t
    with np.errstate(divide="ignore", over="ignore"):
        scores = ((1 - eps) / state).astype(dtype)  # (L,) the score a read at distance t needs, stored
    inf = np.flatnonzero(~np.isfinite(scores))
    return int(inf[0]) if inf.size else -1


def overflow_threshold(dtype) -> float:
    """ln H, H the smallest real that rounds to inf when stored in ``dtype`` (round to nearest): the largest
    finite value max = 2^e(2 − 2^{−p}) plus half its ulp 2^{e−p}, i.e. H = max·(1 + 2^{−(p+1)}/(2 − 2^{−p}))
    with p mantissa bits (float16: 65504 + 16 = 65520)."""
    info = np.finfo(dtype)
    p = info.nmant
    return log(float(info.max)) + float(np.log1p(2.0 ** -(p + 1) / (2 - 2.0**-p)))


def predicted_overflow_distance(a: float, eps: float, dtype) -> int:
    """⌊(ln H − ln(1−ε))/ln(1/a)⌋ + 1 with H = max + ulp(max)/2 the overflow threshold of round-to-nearest
    (:func:`overflow_threshold`): the first distance whose exact score reaches H."""
    return floor((overflow_threshold(dtype) - log(1 - eps)) / -log(a)) + 1  # −ln a: 1/a overflows for tiny a


def _predicted_distances(a: float, eps: float) -> list[int]:
    return [predicted_overflow_distance(a, eps, t) for t in DTYPES]


def _scan_distances(seed: int, a: float, eps: float) -> list[int]:
    return [overflow_distance(a, eps, t) for t in DTYPES]


def _off_by_one(a: float, eps: float) -> list[int]:
    """Negative control: the prediction without its +1."""
    return [d - 1 for d in _predicted_distances(a, eps)]


def subspace_error(K: np.ndarray, alpha: np.ndarray) -> float:
    """Σ_k min_c ‖diag(α)Kc − e_k‖² by least squares."""
    M = alpha[:, None] * K
    coef, *_ = np.linalg.lstsq(M, np.eye(K.shape[0]), rcond=None)
    return float(np.sum((M @ coef - np.eye(K.shape[0])) ** 2))


def best_copy_error(n: int, N: int, rng: np.random.Generator, trials: int = 20) -> float:
    """min over configurations of Σ_k ‖y_k − e_k‖², y_k = S q_k, state S = Σ_s e_s k_sᵀ (n × N): random
    keys/queries and the Eckart–Young optimum (keys = queries = the first N basis vectors)."""
    errors = []
    for _ in range(trials):
        keys = rng.standard_normal((n, N))  # row s: k_s
        S = keys  # Σ_s e_s k_sᵀ
        Q, *_ = np.linalg.lstsq(S, np.eye(n), rcond=None)  # best queries for these keys
        errors.append(float(np.sum((S @ Q - np.eye(n)) ** 2)))
    keys = np.zeros((n, N))
    keys[np.arange(min(n, N)), np.arange(min(n, N))] = 1.0
    errors.append(float(np.sum((keys @ keys.T - np.eye(n)) ** 2)))
    return min(errors)


def linear_state_copy_accuracy(n: int, vocab: int, seed: int, slots: int | None = None) -> float:
    """Copy n tokens with the bare scan, Δ = 1, A = 0: token s is written to slot s mod N (B_s = e_{s mod N})
    and read back from slot (t − n) mod N.  With N = n slots (the default) every token has its own slot;
    with N < n tokens share slots and the read returns their sum (argmax = the most frequent, ties → the
    smallest token)."""
    rng = np.random.default_rng(seed)
    N = n if slots is None else slots
    tokens = rng.integers(0, vocab, size=n)
    L = 2 * n
    u = np.zeros((L, vocab))
    u[np.arange(n), tokens] = 1.0  # one-hot tokens, then n blank steps
    B = np.zeros((L, N))
    B[np.arange(n), np.arange(n) % N] = 1.0
    C = np.zeros((L, N))
    C[np.arange(n, L), np.arange(n) % N] = 1.0
    y = ssm.selective_scan(u, np.ones((L, vocab)), np.zeros((vocab, N)), B, C)
    return float(np.mean(y[n:].argmax(axis=-1) == tokens))




def _subspace_sample(seed: int, n: int, N: int, rank: int) -> Estimate:
    rng = np.random.default_rng(seed)
    r = min(rank, N)
    K = rng.standard_normal((n, r)) @ rng.standard_normal((r, N))  # rank r
    return Estimate.exact(subspace_error(K, rng.uniform(0.5, 2.0, n)))


CLAIMS = (
    Claim(
        id="ren2024/copy/decay-overflow",
        paper=REN2024, where="Thm 1 (score ≥ (1−ε)/Π a_r)",
        fidelity="derived",
        source="the floating-point overflow distance implied by Thm 1's score bound",
        statement="Reading t − s steps back through decay a needs score (1−ε)a^{−(t−s)}: it overflows float16, "
                  "float32 and float64 at distance ⌊ln(H/(1−ε))/ln(1/a)⌋ + 1, H = max + ulp(max)/2 the "
                  "round-to-nearest overflow threshold (1 − ε ≥ 10⁻⁶).",
        domain=Domain((Real("a", 0.0, 1.0, low_open=True, high_open=True, probe=(0.0, 0.999)),
                       Real("eps", 0.0, 1 - 1e-6))),
        defaults={"a": 0.9, "eps": 0.1}, examples=15,
        pinned=({"a": 0.9951450489285093, "eps": 0.2432152210908628},),  # float16 score in (max, H): not inf
        theory=_predicted_distances, simulate=_scan_distances, relation=ExactEquality(),
        negative_control=_off_by_one, negative_control_text="⌊…⌋ without the +1",
        method="the state of a one-channel selective scan, read off and inverted in each dtype",
    ),
    Claim(
        id="ren2024/copy/decay-overflow-subnormal",
        paper=REN2024, where="Thm 1 (score ≥ (1−ε)/Π a_r), 1 − ε near machine epsilon",
        fidelity="toolkit",
        source="the overflow-distance formula of decay-overflow, pushed to 1 − ε ≈ 1e-16",
        statement="The overflow distance formula of decay-overflow also holds for 1 − ε down to machine epsilon.",
        domain=Domain((Real("a", 0.0, 1.0, low_open=True, high_open=True, probe=(0.0, 0.999)),
                       Real("eps", 0.0, 1.0, high_open=True))),
        defaults={"a": 0.999, "eps": 1 - 2.0**-53},
        theory=_predicted_distances, simulate=_scan_distances, relation=ExactEquality(),
        negative_control=_off_by_one, negative_control_text="⌊…⌋ without the +1",
        method="the state of a one-channel selective scan, read off and inverted in each dtype",
        expected="fail",
        finding="false in float64 at a = 0.999, 1 − ε = 1.1e-16: the formula predicts overflow at distance 746 147, "
                "but the scan's decayed state stalls at the smallest subnormals (0.999·y rounds back to y below "
                "≈ 2.5e-321), so the score (1−ε)/y never overflows (≈ 1.1e307 for ever).  Found when the numeric "
                "side started reading the state off the scan; decay-overflow holds for 1 − ε ≥ 10⁻⁶.",
    ),
    Claim(
        id="ren2024/copy/subspace-identity",
        paper=REN2024,
        fidelity="toolkit",
        source="the toolkit's subspace identity",
        where="docs/mamba_copy_bounds.md (Bessel / subspace identity)",
        statement="Σ_k min_c ‖diag(α)Kc − e_k‖² = n − rank(K) for any K (n × N) and positive α.",
        domain=Domain((Integer("n", 1, probe=12), Integer("N", 1, probe=12), Integer("rank", 1, probe=12)),
                      (Constraint("N ≤ n", lambda n, N, rank: N <= n),)),
        defaults={"n": 10, "N": 6, "rank": 4}, examples=15,
        theory=lambda n, N, rank: float(n - min(rank, N)), simulate=_subspace_sample,
        relation=Close(rtol=0.0, atol=1e-9),
        negative_control=lambda n, N, rank: float(n - N), negative_control_text="n − N (rank ignored)",
        method="least squares per basis vector",
    ),
    Claim(
        id="ren2024/copy/subspace-bound",
        paper=REN2024, where="docs/mamba_copy_bounds.md (frozen state of N columns)",
        fidelity="toolkit",
        source="the toolkit's subspace bound for a frozen N-column state",
        statement="Reading n orthonormal values from a state of N columns gives Σ_k ‖y_k − v_k‖² ≥ n − N for any keys "
                  "and queries; the bound is attained.",
        domain=Domain((Integer("n", 1, probe=12), Integer("N", 1, probe=12)),
                      (Constraint("N ≤ n", lambda n, N: N <= n),)),
        defaults={"n": 12, "N": 5}, examples=10,
        theory=lambda n, N: float(n - N),
        simulate=lambda seed, n, N: Estimate.exact(best_copy_error(n, N, np.random.default_rng(seed))),
        relation=LowerBound(z=0.0, atol=1e-9),  # rounding of the least-squares residuals
        negative_control=lambda n, N: float(n - N + 1), negative_control_text="n − N + 1 (not attained)",

        method="random keys with least-squares queries, and the Eckart–Young optimum",
    ),
    Claim(
        id="ren2024/copy/linear-state-copies",
        paper=REN2024, where="Thm 3 (linear-size state suffices)",
        fidelity="restated",
        source="Thm 3 as restated in docs/sources.md",
        statement="With d_state = n, one-hot keys B_s = e_s, queries C_t = e_{t−n}, Δ ≡ 1 and A ≈ 0, the bare "
                  "selective scan (block = 0) and a full Mamba block with hand-set weights (block = 1) copy n tokens "
                  "exactly (accuracy 1).",
        domain=Domain((Integer("n", 1, 512, probe=128), Integer("vocab", 2, probe=32), Integer("block", 0, 1))),
        defaults={"n": 128, "vocab": 16, "block": 1},
        theory=lambda n, vocab, block: 1.0,
        simulate=lambda seed, n, vocab, block: Estimate.exact(
            (block_copy_accuracy if block else linear_state_copy_accuracy)(n, vocab, seed)),
        relation=Close(rtol=0.0, atol=0.0),
        negative_control=lambda n, vocab, block: float(shared_slot_accuracy(n, n - 1, vocab)) if n > 1 else 1 / vocab,
        negative_control_text="the exact accuracy of n − 1 slots (as if one slot fewer sufficed)",
        method="hand-set scan weights",
    ),
)



def block_copy_accuracy(n: int, vocab: int, seed: int) -> float:
    """Copy with a full Mamba block whose channels carry [token | position] (E = vocab + 2n)."""
    from seqtheory.simulate.nn.ssm import block_param_shapes, mamba_block, silu

    rng = np.random.default_rng(seed)
    tokens = rng.integers(0, vocab, size=n)
    L = 2 * n
    P = 2 * n
    E, N, R, K = vocab + P, n, 1, 2
    d_model = vocab + P
    p = {k: np.zeros(s) for k, s in block_param_shapes(d_model, E, N, R, K).items()}
    p["in_w"][:, :E] = np.eye(d_model)  # x = [token | position]
    p["in_b"][E:] = 10.0  # gate z ≡ 10 on every channel
    p["conv_w"][-1] = 1.0  # identity at lag 0
    s1 = float(silu(1.0))  # the value u takes on a hot position channel
    # x_proj: B_t = e_t from position t < n; C_t = e_{t−n} from position t ≥ n (u = SiLU(1) on the hot entry)
    for t in range(n):
        p["x_w"][vocab + t, R + t] = 1.0 / s1
        p["x_w"][vocab + n + t, R + N + t] = 1.0 / s1
    p["dt_b"][:] = np.log(np.expm1(1.0))  # softplus⁻¹(1): Δ ≡ 1
    p["A_log"][:] = -40.0  # A = −e^{−40} ≈ 0: no decay
    p["out_w"][:vocab, :vocab] = np.eye(vocab)
    x = np.zeros((L, d_model))
    x[np.arange(n), tokens] = 1.0
    x[np.arange(L), vocab + np.arange(L)] = 1.0
    out = mamba_block(p, x)
    return float(np.mean(out[n:, :vocab].argmax(axis=-1) == tokens))


def expected_max_count(k: int, V: int) -> Fraction:
    """E[max_v c_v] for k tokens drawn uniformly from V symbols: Σ_{m≥1} P(max ≥ m), with
    P(max < m) = k!·[x^k](Σ_{j<m} x^j/j!)^V / V^k (exact rational arithmetic)."""
    from math import factorial

    total = Fraction(0)
    for m in range(1, k + 1):
        poly = [Fraction(1, factorial(j)) for j in range(min(m, k + 1))]  # Σ_{j<m} x^j/j!, truncated at x^k
        power = [Fraction(1)] + [Fraction(0)] * k
        for _ in range(V):
            power = [sum(power[i] * poly[d - i] for i in range(max(0, d - len(poly) + 1), d + 1))
                     for d in range(k + 1)]
        below = power[k] * factorial(k) / Fraction(V) ** k
        total += 1 - below
    return total


def shared_slot_accuracy(n: int, N: int, V: int) -> Fraction:
    """Exact expected token accuracy of the shared-slot copy (token s in slot s mod N, read = argmax of the
    slot's sum): a token is recovered iff its symbol is its slot's plurality, so the accuracy is
    Σ_slots E[max count in the slot]/n."""
    sizes = [len(range(j, n, N)) for j in range(min(N, n))]
    return sum((expected_max_count(k, V) for k in sizes), Fraction(0)) / n


def _slot_mc(seed: int, n: int, N: int, vocab: int, runs: int = 400) -> Estimate:
    seeds = np.random.SeedSequence(seed).generate_state(runs)
    return Estimate.of_mean([linear_state_copy_accuracy(n, vocab, int(s), slots=N) for s in seeds])



CLAIMS = (*CLAIMS, Claim(
    id="ren2024/copy/fixed-state-degrades",
    paper=REN2024, where="§3 (fixed state size; docs/mamba_copy_bounds.md)",
    fidelity="toolkit",
    source="the toolkit's shared-slot combinatorics",
    statement="Copying n tokens through N < n shared slots (the fixed-size version of the Thm 3 construction) "
              "recovers a token iff it is its slot's plurality: accuracy Σ_slots E[max count]/n (exact "
              "combinatorics vs simulation; the figure shows it falling as n/N grows, which is not asserted).",
    domain=Domain((Integer("n", 1, 512, probe=48), Integer("N", 1, probe=8), Integer("vocab", 2, 32, probe=6)),
                  (Constraint("N ≤ n", lambda n, N, vocab: N <= n),)),
    defaults={"n": 32, "N": 8, "vocab": 4}, examples=6,
    theory=lambda n, N, vocab: float(shared_slot_accuracy(n, N, vocab)),
    simulate=lambda seed, n, N, vocab: _slot_mc(seed, n, N, vocab), relation=ZTest(5.0, atol=1e-12),
    negative_control=lambda n, N, vocab: N / n, negative_control_text="N/n (only one token per slot survives)",
    method="400 seeded copies through the bare scan with shared slots",
))
