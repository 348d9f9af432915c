"""Chain of thought implements multi-step GD (Huang, Wang, Lee 2025, arXiv:2502.21212, Thm 3.2).

Derivations: ``docs/huang2025_thm3_2_cot.md``.

*Sparse-structure identity.* With only V_31 (w-rows × x-cols), W_13 (x-rows × w-cols) and W_24 = −1 (y-row ×
1-col) non-zero, the last column of f(Z) for query (0; 0; ŵ; 1) is
``(0; 0; ŵ + V_31 S (W_13 ŵ − w*); 1)`` — the appended CoT columns have zero x and y parts, so
``C_xx = S`` and ``C_xy = S w*`` do not see them.

*Construction.* V_31 = −ηI, W_13 = I, W_24 = −1 makes each CoT step one GD step, so the autoregressive rollout
equals the GD iterates ``w_i = (I − (I − ηS)^i) w*`` exactly (to rounding).

Tolerances are derived from the computation: each output entry of the forward pass is a sum of
O(D²·N) products, so its rounding error is at most ≈ D²·N·ε times the product of the magnitudes involved;
we allow 8× that (``rtol`` in units of the printed scale).

*The exact k-step loss.* With the construction, k CoT steps are k GD steps, so the evaluation loss is ``L_k(η) = E tr
(I − ηS)^{2k} = Σ_j C(2k,j)(−η/n)^j M_j`` exactly (:func:`seqtheory.theorems.exact.wishart_moments.gd_loss`;
best steps, mean curves and the paper's regime in :mod:`seqtheory.theorems.exact.lsa_gd`).

**Finding (heavy tails).** For any fixed η > 0, ``P(ηλ_max(S) > 2) > 0`` (the Wishart spectrum is unbounded),
and on that event ‖w_k − w*‖ grows like |1 − ηλ_max|^k, so the *mean* L_k(η) → ∞ as k → ∞.  As the moments
of a positive measure (u = (1 − ηλ)²), L_k is log-convex in k, so it falls to one minimum and then rises:
exactly one turning point.  The *median* behaves differently: per prompt the loss tends to ‖P_null w*‖² on
{ηλ_max < 2} and to ∞ off it.  So the median → 0 only when n ≥ d (and P(ηλ_max < 2) > ½); for n < d the
(d − n)-dimensional null space of S is never learned and the median tends to the median of χ²_{d−n}.
The restatement "the median → 0 for every η" (``docs/sources.md``) is therefore false for n < d; it is
recorded as an expected failure.
"""

from __future__ import annotations

from math import log, sqrt

import numpy as np
import sympy as sp

from seqtheory.simulate import cot, lsa, training
from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.simulate.tails import power_draws, sized_mean
from seqtheory.simulate.tasks import sample_prompts
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer, Real
from seqtheory.theorems.core.relations import (
    AttainsFromAbove,
    ExactEquality,
    Formula,
    MatchesFormula,
    Sample,
    UpperBound,
    ZTest,
)
from seqtheory.theorems.exact import wishart_moments as wm
from seqtheory.theorems.exact.lsa_gd import (
    best_step,
    edge_rate,
    free_scale_optimum,
    looped_loss,
    optimal_loss,
    paper_regime,
    turning_points,
)
from seqtheory.theorems.papers import HUANG2025

EPS = float(np.finfo(float).eps)
#: Safety factor on the worst-case rounding estimate.
ROUNDING_FACTOR = 8.0


def _sparse_sample(seed: int, n: int, d: int, m: int) -> Sample:
    """Random sparse weights, random ŵ and m random CoT columns; measured: the full forward's last column."""
    rng = np.random.default_rng(seed)
    p = sample_prompts(rng, 1, n, d)
    V31, W13 = rng.standard_normal((d, d)), rng.standard_normal((d, d))
    V, W = cot.sparse_to_dense(V31, W13)
    Z = lsa.embed(p.X, p.y)[0]
    for _ in range(m):
        Z = cot.cot_append(Z, rng.standard_normal(d))
    w_hat = rng.standard_normal(d)
    Z = cot.cot_append(Z, w_hat)  # the query column
    measured = lsa.forward(Z, V, W, n)[:, -1]
    D, N = Z.shape
    scale = ROUNDING_FACTOR * EPS * D**2 * N * np.abs(V).max() * np.abs(W).max() * np.abs(Z).max() ** 3 + EPS
    inputs = {"S": p.covariance()[0], "w_star": p.w_star[0], "w_hat": w_hat, "V31": V31, "W13": W13, "d": d}
    return Sample(inputs, measured, scale)


def _column(inp, with_s: bool = True) -> np.ndarray:
    d = inp["d"]
    S = inp["S"] if with_s else np.eye(d)
    out = np.zeros(2 * d + 2)
    out[d + 1: 2 * d + 1] = inp["w_hat"] + inp["V31"] @ S @ (inp["W13"] @ inp["w_hat"] - inp["w_star"])
    out[-1] = 1.0
    return out


def _construction_sample(seed: int, n: int, d: int, k: int, eta: float) -> Sample:
    rng = np.random.default_rng(seed)
    p = sample_prompts(rng, 64, n, d)
    V, W = lsa.gd_construction(d, eta)
    preds = cot.cot_rollout(p.X, p.y, V, W, k)  # (k, B, d)
    return Sample({"S": p.covariance(), "w_star": p.w_star, "eta": eta, "k": k}, preds,
                  _rollout_scale(p, preds, n, d, k, eta))


def _rollout_scale(p, preds, n: int, d: int, k: int, eta: float) -> float:
    """Rounding bound of k chained forwards relative to the size of the iterates: k·D²·(n+k)·ε·(entry sizes)."""
    D = lsa.token_dim(d)
    mag = max(1.0, np.abs(p.X).max()) ** 2 * max(1.0, np.abs(preds).max(), np.abs(p.w_star).max()) * max(1.0, eta)
    return ROUNDING_FACTOR * EPS * k * D**2 * (n + k + 1) * mag


def _looped_sample(seed: int, n: int, d: int, k: int, eta: float) -> Sample:
    """The construction run as a looped transformer: Z ← f(Z) k times on the prompt itself (tied weights, no CoT
    columns appended); the w-block of the last column after each loop.  Also checks that it equals the CoT rollout's
    predictions to the same rounding bound (raises otherwise)."""
    rng = np.random.default_rng(seed)
    p = sample_prompts(rng, 64, n, d)
    V, W = lsa.gd_construction(d, eta)
    Z = lsa.embed(p.X, p.y)  # (B, D, n+1)
    wb = lsa.row_blocks(d)["w"]
    loops = []
    for _ in range(k):
        Z = lsa.forward(Z, V, W, n)  # the same layer again: Z ← f(Z)
        loops.append(Z[..., wb, -1])
    loops = np.stack(loops)  # (k, B, d)
    scale = _rollout_scale(p, loops, n, d, k, eta)
    rollout = cot.cot_rollout(p.X, p.y, V, W, k)  # (k, B, d)
    gap = float(np.max(np.abs(rollout - loops))) / scale
    if gap > 1.0:
        raise AssertionError(f"the looped model and the CoT rollout differ by {gap:.3g} rounding bounds")
    return Sample({"S": p.covariance(), "w_star": p.w_star, "eta": eta, "k": k}, loops, scale)


#: Where the trained looped models are checked: enough samples per dimension for training's batches to be tame, and
#: d ≥ k.  Below d = k the toolkit's training (LOOP_STEPS Adam steps) does not reach the optimum: judged exactly
#: (seeds 0–2), the trained loss lies up to 2.9 % above min_η L_k at (n, d, k) = (13, 2, 3) and 35 % at (13, 1, 4)
#: (12.5 % at (16, 2, 4), 4.9 % at (16, 3, 4)); the free-scale model up to 8.2 % above its optimum at (13, 2, 3),
#: 4.3 % at (12, 1, 3) — found by `falsify` at (9, 1, 3) (2.07 %) once the Monte Carlo evaluation, whose heavy tails
#: had hidden it, was replaced by the exact loss.  A finding about the training recipe, not the paper: with d ≥ k the
#: gap is ≤ 0.5 % at every point tried (n from 2(d + k) to 128).
_LOOPED = Domain((Integer("n", 8, probe=32), Integer("d", 2, 4), Integer("k", 2, 4)),
                 (Constraint("n ≥ 2(d + k)", lambda n, d, k: n >= 2 * (d + k)),
                  Constraint("d ≥ k (training reaches the optimum)", lambda n, d, k: d >= k)))
#: The looped models' training: Adam steps, batch, rate (iterates averaged over the last quarter).  At k = 4, d = 1,
#: n = 10 the free-scale optimum was too sharp for this budget to resolve within the precision of the Monte Carlo
#: evaluation the claim used before (the trained loss exceeded it by 1.5–2 tolerances at 2 of 3 seeds), so
#: looped-free-scale is asserted for k ≤ 3.
LOOP_STEPS, LOOP_BATCH, LOOP_LR = 800, 256, 0.02


def _trained_looped(seed: int, n: int, d: int, k: int, free_w: bool) -> Observation:
    """Train the tied-weight looped sparse LSA on the final-step loss only, then evaluate the trained (v, w)
    exactly: the population loss :func:`~seqtheory.theorems.exact.lsa_gd.looped_loss` from Wishart moments.  (A
    Monte Carlo through the layer is no test here: at the step sizes training finds, (1 − η′λ)^{2k} makes the draws'
    kurtosis 250–64 000 over the domain (10⁵ draws at the optimal (v, w), 58 points), so no affordable sample gives a
    trustworthy standard error.  That the layer computes the looped GD map is checked to rounding by
    huang2025/thm3.2/looped-construction.)"""
    train_ss, _ = np.random.SeedSequence(seed).spawn(2)
    v, w, _ = training.train_looped(np.random.default_rng(train_ss), n, d, k, LOOP_STEPS, LOOP_BATCH, LOOP_LR,
                                    free_w)
    return Observation(Estimate.exact(looped_loss(k, n, d, v, w)),
                       f"trained V₃₁ = {v:.4f}·I, W₁₃ = {w:.4f}·I (η′ = −vw = {-v * w:.4f})")


def _iterates(inp, shift: int = 0) -> np.ndarray:
    """(I − (I − ηS)^{i+shift}) w* for i = 1..k, by eigendecomposition (independent of the GD loop)."""
    lam, U = np.linalg.eigh(inp["S"])  # (B, d), (B, d, d)
    coef = np.einsum("bji,bj->bi", U, inp["w_star"])  # w* in the eigenbasis
    out = []
    for i in range(1, inp["k"] + 1):
        decay = (1.0 - inp["eta"] * lam) ** (i + shift)
        out.append(inp["w_star"] - np.einsum("bij,bj->bi", U, decay * coef))
    return np.stack(out)


MC_SAMPLES = 20_000


def _kstep_with_power(seed: int, n: int, d: int, k: int, eta: float) -> Estimate:
    """The k-step Monte Carlo (:func:`~seqtheory.simulate.cot.kstep_draws`) with its size chosen for the control
    (the same sum with complex Wishart moments) and for a readable standard error: an independent pilot measures
    the per-draw spread and kurtosis; :func:`~seqtheory.simulate.stats.samples_for_power` turns the spread into the
    draws that put the control ≥ 3 tolerances away (at most MAX_SAMPLES), the kurtosis into the draws for r ≤ 0.035
    (:func:`~seqtheory.simulate.tails.sized_mean`; at least MC_SAMPLES, at most MOST_SAMPLES)."""
    gap = abs(float(wm.gd_loss(k, eta, n, d) - wm.gd_loss(k, eta, n, d, field="complex")))

    def power(pilot: Estimate) -> int:
        return power_draws(pilot.stderr * np.sqrt(pilot.samples), gap, MC_SAMPLES, MAX_SAMPLES)

    return sized_mean(lambda rng, m: cot.kstep_draws(rng, n, d, k, eta, m), np.random.SeedSequence(seed),
                      MC_SAMPLES, MOST_SAMPLES, pilot=5_000, need=power)


#: The most draws the power rule may ask for (in the stable regime of the domain far fewer are needed), and the most
#: the heavy-tail rule may.
MAX_SAMPLES, MOST_SAMPLES = 60_000, 400_000


def _separation(seed: int, n: int, d: int, k: int) -> Observation:
    eta, value = best_step(k, n, d)
    bound = optimal_loss(n, d)
    return Observation(Estimate.exact(sp.Rational(value.numerator, value.denominator)),
                       f"η = {eta} (≈ {float(eta):.4f}); L*/L_k = {float(bound) / float(value):.3f}")


def _turns(seed: int, n: int, d: int, eta: float, K: int) -> Observation:
    """Exact L_0..L_K: log-convexity at every interior k, and whether the mean is rising at K."""
    changes, losses = turning_points(n, d, eta, K)
    log_convex = all(b * b <= a * c for a, b, c in zip(losses, losses[1:], losses[2:], strict=False))
    k_min = int(np.argmin([float(x) for x in losses]))
    return Observation([log_convex and changes <= 1, losses[K] > losses[K - 1]],
                       f"{changes} turning point(s) for k = 0..{K}; minimum at k = {k_min} "
                       f"(L = {float(losses[k_min]):.4g}); L_K/L_min = {float(losses[K] / losses[k_min]):.3g}")


def _regime_loss(seed: int, d: int, c: int, eta: float) -> Observation:
    n, k = paper_regime(d, c)
    L = wm.gd_loss(k, eta, n, d)
    rho, rho8 = edge_rate(n, d, eta), edge_rate(*paper_regime(8, c)[:1], 8, eta)
    alpha = -1 - 2 * c * log(rho8)
    return Observation(Estimate.exact(L), f"n = {n}, k = {k}: L_k(η) = {float(L):.4g}; L_k/L* = "
                                          f"{float(L / optimal_loss(n, d)):.4g}, L_k/(dρ^2k) = "
                                          f"{float(L) / (d * rho ** (2 * k)):.3g} (ρ = {rho:.4g}); "
                                          f"so L_k ≤ d^−α with α = {alpha:.3g} (ρ at d = 8, the largest)")


def _recovery_bound(d: int, c: int, eta: float) -> float:
    """min(L*, d·ρ^{2k}) in the regime n = ⌈d ln⁵ d⌉, k = ⌈c ln d⌉ (ρ: :func:`edge_rate`)."""
    n, k = paper_regime(d, c)
    return min(float(optimal_loss(n, d)), d * edge_rate(n, d, eta) ** (2 * k))


#: The construction's rollouts (CoT or looped): k steps in the stable regime.
_STABLE_ROLLOUT = Domain((Integer("n", 1, probe=60), Integer("d", 1, probe=6), Integer("k", 1, probe=10),
                          Real("eta", 0.0, 1.0, low_open=True, probe=(0.0, 0.78))),
                         (Constraint("η(1+√(d/n))² ≤ 1 (stable regime)",
                                     lambda n, d, k, eta: eta * (1 + sqrt(d / n)) ** 2 <= 1),))

CLAIMS = (
    Claim(
        id="huang2025/thm3.2/sparse-identity", stance="lemma",
        paper=HUANG2025,
        fidelity="derived",
        source="the sparse-structure identity the Thm 3.2 construction rests on",
        where="§3, sparse structure (docs/huang2025_thm3_2_cot.md)",
        statement="With only V_31, W_13 and W_24 = −1 non-zero, f(Z)'s last column is (0; 0; ŵ + V_31 S(W_13ŵ − w*); "
                  "1) for any V_31, W_13, ŵ, and appended CoT columns do not change it.",
        domain=Domain((Integer("n", 1, probe=40), Integer("d", 1, probe=6),
                       Integer("m", 0, doc="extra CoT columns", probe=6))),
        defaults={"n": 12, "d": 3, "m": 4},
        theory=lambda n, d, m: Formula("(0; 0; ŵ + V31 S (W13 ŵ − w*); 1)", _column),
        simulate=_sparse_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, d, m: Formula("(0; 0; ŵ + V31 (W13 ŵ − w*); 1)  [S dropped]",
                                                 lambda inp: _column(inp, with_s=False)),
        negative_control_text="ŵ + V31(W13ŵ − w*) (S dropped)",
        method="full forward vs closed form, error in units of the rounding bound",
    ),
    Claim(
        id="huang2025/thm3.2/construction", stance="supports",
        paper=HUANG2025, where="Thm 3.2 (construction)",
        fidelity="reconstructed",
        source="the construction behind Thm 3.2 as the OpenReview reviews summarise it (CoT appends the GD iterates "
               "w_0..w_k and the model predicts the next); the weights V₃₁ = −ηI, W₁₃ = I, W₂₄ = −1 are this "
               "toolkit's reading",
        statement="With V_31 = −ηI, W_13 = I, W_24 = −1 the autoregressive CoT rollout equals the GD iterates "
                  "(I − (I − ηS)^i) w* for every i ≤ k (stable regime η(1+√(d/n))² ≤ 1).",
        domain=_STABLE_ROLLOUT, defaults={"n": 20, "d": 4, "k": 8, "eta": 0.4},
        theory=lambda n, d, k, eta: Formula("(I − (I − ηS)^i) w*, i = 1..k", _iterates),
        simulate=_construction_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, d, k, eta: Formula("(I − (I − ηS)^{i+1}) w*", lambda inp: _iterates(inp, 1)),
        negative_control_text="(I − (I − ηS)^{i+1}) w* (off by one step)",
        method="rollout of the dense construction vs eigendecomposition",
    ),
    Claim(
        id="huang2025/thm3.2/looped-construction", stance="lemma",
        paper=HUANG2025, where="§3 (looped transformers vs CoT)",
        fidelity="derived",
        source="the looped-transformer reading of the Thm 3.2 construction, derived here",
        statement="Iterated as a looped transformer Z ← f(Z) on the prompt itself (tied weights, no CoT columns), the "
                  "construction V_31 = −ηI, W_13 = I, W_24 = −1 gives after t loops the GD iterate (I − (I − ηS)^t) w* "
                  "in the last column, equal to the t-th CoT prediction (stable regime η(1+√(d/n))² ≤ 1).",
        domain=_STABLE_ROLLOUT, defaults={"n": 20, "d": 4, "k": 8, "eta": 0.4},
        theory=lambda n, d, k, eta: Formula("(I − (I − ηS)^t) w*, t = 1..k", _iterates),
        simulate=_looped_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, d, k, eta: Formula("(I − (I − ηS)^{t+1}) w*", lambda inp: _iterates(inp, 1)),
        negative_control_text="(I − (I − ηS)^{t+1}) w* (off by one loop)",
        method="k applications of the same LSA layer to the whole prompt, vs eigendecomposition and the CoT rollout",
    ),
    Claim(
        id="huang2025/thm3.2/kstep-loss", stance="lemma",
        examples=2, paper=HUANG2025, where="Thm 3.2 (k-step loss, exact)",
        fidelity="derived",
        source="the exact k-step loss of the Thm 3.2 construction, derived from Wishart moments",
        statement="The CoT rollout's mean loss after k steps equals L_k(η) = Σ_j C(2k,j)(−η/n)^j E tr W^j, in the "
                  "regime where the mean is stable: n ≥ 16, k ≤ 6, η(1+√(d/n))² ≤ 1.",
        domain=Domain((Integer("n", 16, probe=64), Integer("d", 1, probe=6), Integer("k", 1, 6),
                       Real("eta", 0.0, 1.0, low_open=True, probe=(0.0, 0.78))),
                      (Constraint("η(1+√(d/n))² ≤ 1 (stable mean)",
                                  lambda n, d, k, eta: eta * (1 + sqrt(d / n)) ** 2 <= 1),)),
        defaults={"n": 24, "d": 4, "k": 4, "eta": 0.5},
        # falsify found η ≈ 3.6e-98: the control's gap ~ 1e-196 overflowed the power rule's square (now capped)
        pinned=({"n": 16, "d": 1, "k": 1, "eta": 3.5683935794220875e-98},),
        theory=lambda n, d, k, eta: wm.gd_loss(k, eta, n, d),
        simulate=_kstep_with_power,
        relation=ZTest(5.0), negative_control=lambda n, d, k, eta: wm.gd_loss(k, eta, n, d, field="complex"),
        negative_control_text="the same sum with complex Wishart moments M^ℂ_j",
        method="autoregressive rollouts of the construction, as many as the control's power needs",
    ),
    Claim(
        id="huang2025/thm3.2/looped-trained", stance="supports",
        examples=2, paper=HUANG2025, where="§3 (looped transformers trained end to end)",
        fidelity="reconstructed",
        source="the abstract: looped transformers significantly improve final performance compared to transformers "
               "without looping; the comparison with min_η L_k and L* is this toolkit's",
        statement="A tied-weight looped sparse LSA (V₃₁ = vI trained, W₁₃ = I, W₂₄ = −1) trained by Adam on the "
                  "final-step loss only reaches the best GD loss min_η L_k(η) — below the best no-CoT loss L* — from "
                  "above within 2 % (the precision of huang2025/thm3.1/trained-attains), its population loss "
                  "evaluated exactly at the trained v (d ≥ k: below it the toolkit's training falls short).",
        domain=_LOOPED, defaults={"n": 20, "d": 3, "k": 3},
        theory=lambda n, d, k: best_step(k, n, d)[1],
        simulate=lambda seed, n, d, k: _trained_looped(seed, n, d, k, free_w=False),
        relation=AttainsFromAbove(rel=0.02, z=5.0),
        negative_control=lambda n, d, k: optimal_loss(n, d),
        negative_control_text="L* = d(d+1)/(n+d+1): no better than one step",
        method=f"Adam ({LOOP_STEPS} steps, batch {LOOP_BATCH}) on the final-step loss; exact population loss",
    ),
    Claim(
        id="huang2025/thm3.2/looped-free-scale", stance="tool",
        examples=2, paper=HUANG2025, where="§3 (looped transformers trained end to end), W₁₃ free",
        fidelity="toolkit", source="the exact loss of the looped model with a trainable scale of W₁₃ (derived here)",
        statement="With W₁₃ = wI trained as well, the looped model beats every GD step size: training reaches "
                  "min over (c, η′) of c²d − 2c(1+c)T_k(η′) + (1+c)²T_2k(η′) (c = 1/w − 1), strictly below "
                  "min_η L_k(η), from above within 2 %, its population loss evaluated exactly at the trained (v, w) "
                  "(d ≥ k).",
        domain=Domain((Integer("n", 8, probe=32), Integer("d", 2, 4), Integer("k", 2, 3)),
                      (Constraint("n ≥ 2(d + k)", lambda n, d, k: n >= 2 * (d + k)),
                       Constraint("d ≥ k (training reaches the optimum; see _LOOPED)", lambda n, d, k: d >= k))),
        defaults={"n": 12, "d": 4, "k": 2},
        theory=lambda n, d, k: free_scale_optimum(k, n, d)[2],
        simulate=lambda seed, n, d, k: _trained_looped(seed, n, d, k, free_w=True),
        relation=AttainsFromAbove(rel=0.02, z=5.0),
        negative_control=lambda n, d, k: best_step(k, n, d)[1],
        negative_control_text="min_η L_k(η): the looped model no better than GD at its best step",
        method=f"Adam ({LOOP_STEPS} steps) on (v, w); exact population loss",
    ),
    Claim(
        id="huang2025/thm3.2/separation", stance="tool",
        examples=5, paper=HUANG2025, where="Thm 3.1 vs Thm 3.2 (CoT beats no CoT)",
        fidelity="toolkit",
        source="the toolkit's exact comparison at an optimised step (the paper's own regime is not this)",
        statement="With k ≥ 2 GD steps at the best step size η — a model free to choose its step, such as a looped "
                  "transformer trained end to end (looped-construction); CoT trained on data made with a fixed η runs "
                  "at that η instead (paper-regime) — the exact loss L_k(η) is below the best no-CoT loss "
                  "d(d+1)/(n+d+1) (the detail gives η and the factor).",
        domain=Domain((Integer("n", 1, probe=64), Integer("d", 1, probe=8), Integer("k", 2, 30, probe=5))),
        defaults={"n": 16, "d": 4, "k": 4},
        theory=lambda n, d, k: optimal_loss(n, d), simulate=_separation, relation=UpperBound(z=0.0),
        negative_control=lambda n, d, k: d * (optimal_loss(n, d) / d) ** k,
        negative_control_text="d(L*/d)^k (steps compound independently; Hölder makes it a lower bound)",
        method="exact L_k at a rationalised argmin of the exact polynomial",
    ),
    Claim(
        id="huang2025/thm3.2/mean-diverges", stance="tool",
        examples=3, paper=HUANG2025, where="Thm 3.2, heavy-tail finding (mean)",
        fidelity="toolkit",
        source="the toolkit's heavy-tail finding on the mean loss",
        statement="For fixed η the mean L_k(η) = E tr(I − ηS)^{2k} (L_0 = d) is log-convex in k "
                  "(L_k² ≤ L_{k−1}L_{k+1}: moments of a positive measure), so it has at most one turning point; "
                  "it eventually increases without bound (P(ηλ_max(S) > 2) > 0), and in the checked region "
                  "(n ≤ 12, d ≤ 6, η ∈ [3/4, 3/2]) it is already increasing at every K ≥ 10.",
        domain=Domain((Integer("n", 1, 12), Integer("d", 1, 6), Real("eta", 0.75, 1.5),
                       Integer("K", 10, 60, probe=40))),
        defaults={"n": 8, "d": 4, "eta": 0.75, "K": 30},
        theory=lambda n, d, eta, K: [True, True], simulate=_turns, relation=ExactEquality(),
        negative_control=lambda n, d, eta, K: [True, False],
        negative_control_text="decreasing at K (more CoT steps always help)",
        method="exact L_1..L_K from the Wishart engine (smaller η or K: the minimum can lie beyond K, e.g. "
               "n = 12, d = 1, η = 3/4 still decreases at K = 3; the domain starts where the rise is certain)",
    ),
    Claim(
        id="huang2025/thm3.2/recovery", stance="supports", paper=HUANG2025,
        where="Thm 3.2 (near-exact recovery with k = Θ(log d) CoT steps, n = Ω(d log⁵ d))", fidelity="reconstructed",
        source="the abstract (with CoT the transformer performs multi-step GD autoregressively, achieving near-exact "
               "recovery) and the regime of the OpenReview discussion (n = Ω(d log⁵ d), authors' reply A3; "
               "k = Θ(log d) at a constant step, reply A8), with the constants n = ⌈d ln⁵ d⌉, k = ⌈c ln d⌉ chosen "
               "here",
        statement="With n = ⌈d ln⁵ d⌉ examples and k = ⌈c ln d⌉ CoT steps at the data step η ∈ [½, 1], where c ≥ 2, "
                  "or c = 1 and η ≥ 0.6, the exact mean loss L_k(η) is below the best no-CoT loss d(d+1)/(n+d+1) "
                  "and below d·ρ^{2k}, ρ = max|1 − η(1 ± √(d/n))²| — hence O(d^{−α}) with α = −1 − 2c ln ρ(d = 8) "
                  "> 0 (reported): near-exact recovery, polynomially fast in d.",
        domain=Domain((Integer("d", 8, 128), Integer("c", 1, 3), Real("eta", 0.5, 1.0)),
                      (Constraint("c ≥ 2, or c = 1 and η ≥ 0.6 (below: huang2025/notes/regime-constant)",
                                  lambda d, c, eta: c >= 2 or eta >= 0.6),)),
        defaults={"d": 16, "c": 2, "eta": 0.5}, examples=10,
        theory=_recovery_bound, simulate=_regime_loss, relation=UpperBound(z=0.0),
        negative_control=lambda d, c, eta: float(d * (1 - eta) ** (2 * paper_regime(d, c)[1])),
        negative_control_text="d(1−η)^{2k} (S ≈ I: the population rate, which Jensen puts strictly below L_k)",
        method="exact L_k from the Wishart engine at n = ⌈d ln⁵ d⌉ (up to 344 214 examples)",
    ),
)
