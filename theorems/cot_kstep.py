"""The exact k-step CoT loss, CoT vs no CoT, and the heavy-tail finding.

Huang, Wang, Lee 2025 (arXiv:2502.21212), Thm 3.2 (MATH §1.3).  With the construction, k CoT steps are k GD
steps, so the evaluation loss is ``L_k(η) = E tr (I − ηS)^{2k} = Σ_j C(2k,j)(−η/n)^j M_j`` exactly
(:func:`theorems.wishart_moments.gd_loss`).

**Finding (heavy tails).** For any fixed η > 0, ``P(ηλ_max(S) > 2) > 0`` (the Wishart spectrum is unbounded),
and on that event ‖w_k − w*‖ grows like |1 − ηλ_max|^k, so the *mean* L_k(η) → ∞ as k → ∞.  As the moments
of a positive measure (u = (1 − ηλ)²), L_k is log-convex in k, so it falls to one minimum and then rises:
exactly one turning point.  The *median* behaves differently: per prompt the loss tends to ‖P_null w*‖² on
{ηλ_max < 2} and to ∞ off it.  So the median → 0 only when n ≥ d (and P(ηλ_max < 2) > ½); for n < d the
(d − n)-dimensional null space of S is never learned and the median tends to the median of χ²_{d−n}.
MATH's "median → 0" is therefore false as stated for n < d; it is recorded as an expected failure.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise
from math import comb, log, sqrt

import numpy as np
import sympy as sp
from scipy import stats

from simulate import cot, lsa
from simulate.quantiles import median_estimate
from simulate.stats import Estimate
from simulate.tasks import sample_prompts
from theorems import wishart_moments as wm
from theorems.claim import Claim, Observation
from theorems.domain import Constraint, Domain, Integer, Real
from theorems.lsa_one_step import PAPER, optimal_loss
from theorems.relations import ExactEquality, UpperBound, ZTest

MC_SAMPLES = 20_000
#: Tail probability allowed for ηλ_max(S) ≥ 2 in the median claim's domain (via the edge bound).
TAIL = 1e-3


def loss_coefficients(k: int, n: int, d: int, moments: list[int] | None = None) -> list[Fraction]:
    """Exact coefficients a_j of L_k(η) = Σ_j a_j η^j (a_j = C(2k,j)(−1/n)^j M_j); ``moments`` may pass
    M_0..M_2k already computed."""
    m = moments or [wm.trace_moment_value(j, n, d) for j in range(2 * k + 1)]
    return [Fraction(comb(2 * k, j) * (-1) ** j * m[j], n**j) for j in range(2 * k + 1)]


def loss_at(coeffs: list[Fraction], eta: Fraction) -> Fraction:
    total = Fraction(0)
    for c in reversed(coeffs):
        total = total * eta + c
    return total


def best_step(k: int, n: int, d: int) -> tuple[Fraction, Fraction]:
    """A rational η close to argmin_η L_k(η) (found in floats, then rationalised) and the exact L_k there."""
    coeffs = loss_coefficients(k, n, d)
    deriv = [float(j * c) for j, c in enumerate(coeffs)][1:]
    roots = np.roots(deriv[::-1])
    candidates = [r.real for r in roots if abs(r.imag) < 1e-9 and 0 < r.real < 4] or [n / (n + d + 1)]
    best = None
    for r in candidates:
        eta = Fraction(r).limit_denominator(10**6)
        if eta <= 0:
            continue
        value = loss_at(coeffs, eta)
        if best is None or value < best[1]:
            best = (eta, value)
    return best


def mc_kstep_loss(seed: int, n: int, d: int, k: int, eta: float, samples: int = MC_SAMPLES) -> Estimate:
    """Monte Carlo of E‖ŵ_k − w*‖² from the autoregressive rollout of the dense construction."""
    rng = np.random.default_rng(seed)
    V, W = lsa.gd_construction(d, eta)
    draws = []
    for start in range(0, samples, 5000):
        p = sample_prompts(rng, min(5000, samples - start), n, d)
        final = cot.cot_rollout(p.X, p.y, V, W, k)[-1]
        draws.append(np.sum((final - p.w_star) ** 2, axis=-1))
    return Estimate.of_mean(np.concatenate(draws))


def mean_losses(n: int, d: int, eta, K: int) -> list[Fraction]:
    """Exact L_0 = d, L_1, …, L_K at η (moments M_0..M_2K computed once)."""
    e = sp.Rational(eta) if not isinstance(eta, float) else sp.Rational(repr(eta))
    e = Fraction(int(e.p), int(e.q))
    moments = [wm.trace_moment_value(j, n, d) for j in range(2 * K + 1)]
    return [Fraction(d)] + [loss_at(loss_coefficients(k, n, d, moments), e) for k in range(1, K + 1)]


def turning_points(n: int, d: int, eta, K: int) -> tuple[int, list[Fraction]]:
    """Exact L_0..L_K at η and the number of sign changes of L_{k+1} − L_k."""
    losses = mean_losses(n, d, eta, K)
    signs = [np.sign(float(b - a)) for a, b in pairwise(losses) if b != a]
    changes = sum(1 for s, t in pairwise(signs) if s != t)
    return changes, losses


def _median_limit(seed: int, n: int, d: int, eta: float) -> Observation:
    p = sample_prompts(np.random.default_rng(seed), MC_SAMPLES, n, d)
    est = median_estimate(cot.limit_losses(p, eta))
    finite_k = float(np.exp(np.median(cot.spectral_log_losses(p, eta, [200])[:, 0])))
    return Observation(est, f"median at k = 200: {finite_k:.4g}; P̂(ηλ_max ≥ 2) = "
                            f"{float(np.mean(np.isinf(cot.limit_losses(p, eta)))):.2g}")


def _median_theory(n: int, d: int, eta: float) -> float:
    return float(stats.chi2.median(d - n)) if d > n else 0.0


def _separation(seed: int, n: int, d: int, k: int) -> Observation:
    eta, value = best_step(k, n, d)
    bound = optimal_loss(n, d)
    return Observation(Estimate.exact(sp.Rational(value.numerator, value.denominator)),
                       f"η = {eta} (≈ {float(eta):.4f}); L*/L_k = {float(bound) / float(value):.3f}")


def _turns(seed: int, n: int, d: int, eta: float, K: int) -> Observation:
    changes, losses = turning_points(n, d, eta, K)
    k_min = int(np.argmin([float(x) for x in losses]))
    return Observation([changes <= 1, losses[K] > losses[K - 1]],
                       f"{changes} turning point(s) for k = 0..{K}; minimum at k = {k_min} "
                       f"(L = {float(losses[k_min]):.4g}); L_K/L_min = {float(losses[K] / losses[k_min]):.3g}")


def _st_kstep():
    from hypothesis import strategies as st

    def build(nd):
        n, d = nd
        return st.fixed_dictionaries({"n": st.just(n), "d": st.just(d), "k": st.integers(1, 6),
                                      "eta": st.floats(0.05, 1 / (1 + sqrt(d / n)) ** 2, allow_nan=False)})
    return st.tuples(st.integers(16, 64), st.integers(1, 6)).flatmap(build)


def _st_separation():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"n": st.integers(1, 64), "d": st.integers(1, 8), "k": st.integers(2, 5)})


def _st_turns():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"n": st.integers(1, 12), "d": st.integers(1, 6),
                                  "eta": st.sampled_from([0.75, 1.0, 1.25, 1.5]), "K": st.just(40)})


def _median_ok(n, d, eta) -> bool:
    return eta * (1 + sqrt(d / n) + sqrt(2 * log(1 / TAIL) / n)) ** 2 <= 2


def _st_median():
    from hypothesis import strategies as st

    def build(nd):
        n, d = nd
        top = 2 / (1 + sqrt(d / n) + sqrt(2 * log(1 / TAIL) / n)) ** 2
        return st.fixed_dictionaries({"n": st.just(n), "d": st.just(d), "eta": st.floats(0.5 * top, top)})
    return st.tuples(st.integers(1, 30), st.integers(1, 8)).flatmap(build)


_NDK = (Integer("n", 1), Integer("d", 1), Integer("k", 1, wm.MAX_K // 2))

CLAIMS = (
    Claim(
        id="huang2025/thm3.2/kstep-loss", examples=4, paper=PAPER, where="Thm 3.2 (k-step loss, exact)",
        statement="The CoT rollout's mean loss after k steps equals L_k(η) = Σ_j C(2k,j)(−η/n)^j E tr W^j, in the "
                  "regime where the mean is stable: n ≥ 16, k ≤ 6, η(1+√(d/n))² ≤ 1.",
        domain=Domain((Integer("n", 16), Integer("d", 1), Integer("k", 1, 6), Real("eta", 0.0, low_open=True)),
                      (Constraint("η(1+√(d/n))² ≤ 1 (stable mean)",
                                  lambda n, d, k, eta: eta * (1 + sqrt(d / n)) ** 2 <= 1),)),
        defaults={"n": 24, "d": 4, "k": 4, "eta": 0.5},
        theory=lambda n, d, k, eta: wm.gd_loss(k, eta, n, d),
        simulate=lambda seed, n, d, k, eta: mc_kstep_loss(seed, n, d, k, eta),
        relation=ZTest(5.0), negative_control=lambda n, d, k, eta: d * (1 - eta) ** (2 * k),
        negative_control_text="d(1−η)^{2k} (S ≈ I)", strategy=_st_kstep,
        method=f"{MC_SAMPLES} autoregressive rollouts of the construction",
    ),
    Claim(
        id="huang2025/thm3.2/separation", examples=5, paper=PAPER, where="Thm 3.1 vs Thm 3.2 (CoT beats no CoT)",
        statement="With k ≥ 2 CoT steps at a good step size η the exact loss L_k(η) is below the best no-CoT loss "
                  "d(d+1)/(n+d+1) (the detail gives η and the factor).",
        domain=Domain((Integer("n", 1), Integer("d", 1), Integer("k", 2, 30))),
        defaults={"n": 16, "d": 4, "k": 4},
        theory=lambda n, d, k: optimal_loss(n, d), simulate=_separation, relation=UpperBound(z=0.0),
        negative_control=lambda n, d, k: d * (optimal_loss(n, d) / d) ** k,
        negative_control_text="d(L*/d)^k (steps compound independently; Hölder makes it a lower bound)",
        strategy=_st_separation, method="exact L_k at a rationalised argmin of the exact polynomial",
    ),
    Claim(
        id="huang2025/thm3.2/mean-diverges", examples=3, paper=PAPER, where="Thm 3.2, heavy-tail finding (mean)",
        statement="For fixed η the mean L_k(η) (L_0 = d) is log-convex in k — at most one turning point — and "
                  "eventually increases without bound (P(ηλ_max(S) > 2) > 0); checked on k = 0..K for η where "
                  "the increase starts before K.",
        domain=Domain((Integer("n", 1), Integer("d", 1), Real("eta", 0.0, low_open=True), Integer("K", 3, 60))),
        defaults={"n": 8, "d": 4, "eta": 0.75, "K": 30},
        theory=lambda n, d, eta, K: [True, True], simulate=_turns, relation=ExactEquality(),
        negative_control=lambda n, d, eta, K: [True, False],
        negative_control_text="decreasing at K (more CoT steps always help)",
        strategy=_st_turns, method="exact L_1..L_K from the Wishart engine",
    ),
    Claim(
        id="huang2025/thm3.2/median-vanishes", paper=PAPER, where="MATH §1.3 finding, as stated there",
        statement="As stated in MATH §1.3: for fixed η the median k-step loss → 0 as k → ∞.",
        domain=Domain((Integer("n", 1), Integer("d", 1), Real("eta", 0.0, low_open=True))),
        defaults={"n": 2, "d": 4, "eta": 0.2},
        theory=lambda n, d, eta: 0.0, simulate=_median_limit, relation=ZTest(5.0),
        negative_control=lambda n, d, eta: float(d), negative_control_text="d (nothing learned)",
        strategy=_st_median, method="median of the k → ∞ limit per prompt",
        expected="fail",
        finding="false for n < d: at n = 2, d = 4, η = 0.2 the limit median is ≈ 1.386 = median of χ²_2, not 0 — "
                "the (d − n)-dimensional null space of S is never learned (see huang2025/thm3.2/median-limit).",
    ),
    Claim(
        id="huang2025/thm3.2/median-limit", paper=PAPER, where="MATH §1.3 finding, corrected",
        statement="If P(ηλ_max(S) ≥ 2) ≤ 1e-3 (guaranteed by η(1+√(d/n)+√(2 ln 1000/n))² ≤ 2), the median k-step "
                  "loss tends to the median of χ²_{d−n} (0 when n ≥ d).",
        domain=Domain((Integer("n", 1), Integer("d", 1), Real("eta", 0.0, low_open=True)),
                      (Constraint("η(1+√(d/n)+√(2 ln 1000/n))² ≤ 2", _median_ok),)),
        defaults={"n": 2, "d": 4, "eta": 0.07},
        theory=_median_theory, simulate=_median_limit, relation=ZTest(5.0),
        negative_control=lambda n, d, eta: 0.0, negative_control_text="0 (MATH's statement)",
        strategy=_st_median, method="median of the k → ∞ limit per prompt",
    ),
)
