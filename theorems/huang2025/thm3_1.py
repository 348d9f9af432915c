"""No chain of thought: a one-layer LSA is at best one GD step (Huang, Wang, Lee 2025, arXiv:2502.21212, Thm 3.1).

What the theorem says, in the authors' words in the OpenReview discussion (replies A2 and A7): without CoT, any
one-layer transformer provably cannot do better than the one-step GD output ŵ = (η/n)Xyᵀ with η = n/(n+d+1), the
optimal step for isotropic data.  Derivation: ``docs/huang2025_thm3_1_no_cot.md``.

Setting: ``w* ~ N(0, I_d)``, ``x_j ~ N(0, I_d)``, ``S = XXᵀ/n``.  One GD step from w_0 = 0 gives ``w_1 = ηSw*``, so
``L_1(η) = E tr (I − ηS)² = d − 2ηd + η²d(n+d+1)/n``, ``η* = n/(n+d+1)``, ``L* = d(d+1)/(n+d+1)``
(:mod:`seqtheory.theorems.exact.lsa_gd`, nothing typed in).  For a dense LSA the prediction's part odd in w* is
``M S w*`` with ``M = c V_wx + V_wy uᵀ`` (:func:`seqtheory.simulate.lsa.effective_map`); the even part is
orthogonal to the error's odd part and only adds loss, and ``E‖(MS − I)w*‖² = ((n+d+1)/n)‖M − η*I‖_F² + L*``.
Hence ``E‖ŵ − w*‖² ≥ L*`` with equality iff ``M = η*I`` and the even part vanishes.  Checked four ways: the
one-step loss; the bound at random perturbations of the optimum; its attainment at the optimum; a model trained
on fresh prompts reaching it from above; an adversary fitting a fixed sample (its in-sample loss dips below L*,
its loss on fresh prompts never does).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from seqtheory.simulate import lsa, training
from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.simulate.tails import power_draws, sized_mean
from seqtheory.simulate.tasks import sample_prompts
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer, Real
from seqtheory.theorems.core.paper import Source
from seqtheory.theorems.core.relations import AttainsFromAbove, LowerBound, ZTest
from seqtheory.theorems.exact.lsa_gd import map_distance_bound, one_step_loss, optimal_loss
from seqtheory.theorems.papers import HUANG2025, HUANG2025_OPENREVIEW

#: Draws of the one-step Monte Carlo (of ‖ηS − I‖²_F: w* integrated out exactly, which divides the draws' kurtosis by
#: ≈ 12 at d = 1): at least 20 000, more where an independent pilot finds heavy tails, at most 10⁶
#: (:func:`~seqtheory.simulate.tails.sized_mean`).
ONE_STEP_SAMPLES, ONE_STEP_MOST = 20_000, 1_000_000


def _simulate_one_step(seed: int, n: int, d: int, eta: float) -> Estimate:
    floats = max(d * n, (2 * d + 2) ** 2, (n + 1) ** 2)  # per draw, as sample_prompts prices it

    def draw(rng: np.random.Generator, m: int) -> np.ndarray:
        return lsa.chunked_draws(rng, m, floats, lambda r, b: lsa.one_step_conditional_draws(r, b, n, d, eta))

    return sized_mean(draw, np.random.SeedSequence(seed), ONE_STEP_SAMPLES, ONE_STEP_MOST)


def _wrong_loss(n: int, d: int, eta: float) -> sp.Expr:
    """Negative control: the off-by-one ``n+d`` in place of ``n+d+1``."""
    return sp.Integer(d) - 2 * sp.Rational(repr(eta)) * d + sp.Rational(repr(eta)) ** 2 * d * (n + d) / n


#: Monte Carlo draws of the pilot (and the least of the main sample) of the perturbed-optimum check.
MC_SAMPLES = 20_000


def _loss_draws(V, W, n: int, d: int, linear: bool):
    """draw(rng, m): m no-CoT losses ‖ŵ − w*‖² of the LSA (V, W) on fresh prompts, in chunks of ≈ 16 MB of
    arrays; for a model ``linear`` in y (the GD construction) each draw is E[· | X], w* integrated out exactly
    (:func:`~seqtheory.simulate.lsa.linear_loss_draws`, d ≤ 8)."""
    per_draw = (min(d, lsa.BASIS_MAX_D) if linear else 1) * max(d * n, (2 * d + 2) ** 2, (n + 1) ** 2)

    def chunk(rng: np.random.Generator, m: int) -> np.ndarray:
        p = sample_prompts(rng, m, n, d)
        if linear:
            return lsa.linear_loss_draws(p, lambda q: lsa.no_cot_loss(V, W, q))
        return lsa.no_cot_loss(V, W, p)

    return lambda rng, m: lsa.chunked_draws(rng, m, per_draw, chunk)


def _simulate_perturbed(seed: int, n: int, d: int, eps: float) -> Estimate:
    """Monte Carlo loss of the perturbed optimum (:func:`~seqtheory.simulate.tails.sized_mean`): the sample size is
    the larger of what the negative control's power needs (:func:`~seqtheory.simulate.stats.samples_for_power`,
    gap = the control's distance from where the pilot puts the loss) and what the pilot's kurtosis asks for a
    readable standard error.  At eps = 0 (the construction itself, linear in y) each draw integrates w* out exactly
    for d ≤ 8 (:func:`~seqtheory.simulate.lsa.linear_loss_draws`); a perturbed model is not linear in y, so its draws
    sample w*."""
    weights_ss, sample_ss = np.random.SeedSequence(seed).spawn(2)
    V, W = lsa.perturbed_construction(np.random.default_rng(weights_ss), n, d, eps)
    bound, wrong = float(optimal_loss(n, d)), float(_wrong_bound(n, d))
    draw = _loss_draws(V, W, n, d, linear=eps == 0.0)

    def power(pilot: Estimate) -> int:
        gap = wrong - max(pilot.value, bound)  # where the estimate will sit
        gap = gap if gap > 0 else wrong - bound
        return power_draws(pilot.stderr * np.sqrt(pilot.samples), gap, 2 * MC_SAMPLES, POWER_SAMPLES)

    return sized_mean(draw, sample_ss, 2 * MC_SAMPLES, MAX_SAMPLES, pilot=MC_SAMPLES, need=power)


#: Most Monte Carlo draws of the perturbed-optimum check the control's power may ask for (it asks for more only far
#: from the pinned point — large n, where the control's gap 1/(n+d) shrinks — where only the bound itself is
#: asserted), and the most the heavy-tail rule may (small n, large eps).
POWER_SAMPLES, MAX_SAMPLES = 100_000, 1_000_000
TRAIN_STEPS = 2000
#: Evaluation draws of the trained model: the control d(d+1)/(n+d) sits 1/(n+d) ≈ 3.6 % above the bound at the
#: defaults, and the per-draw relative spread is ≈ 1.1, so 10⁶ draws put it ≥ 5 tolerances (z = 5) away.
TRAINED_EVAL_SAMPLES = 1_000_000


def _simulate_trained(seed: int, n: int, d: int) -> Observation:
    train_rng, eval_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    result = training.train_lsa(train_rng, n, d, steps=TRAIN_STEPS)
    loss = lsa.mc_no_cot_loss(eval_rng, result.V, result.W, n, d, samples=TRAINED_EVAL_SAMPLES)
    M = lsa.effective_map(result.V, result.W, d)
    dist = float(np.linalg.norm(M - n / (n + d + 1) * np.eye(d)))
    return Observation(loss, f"‖M − η*I‖_F = {dist:.3g} (≤ {map_distance_bound(loss, n, d):.3g} implied by "
                             f"the loss gap); {TRAIN_STEPS} Adam steps")


def _wrong_bound(n: int, d: int, **_) -> sp.Expr:
    """Negative control: ``d(d+1)/(n+d)`` (off by one in the denominator)."""
    return sp.Rational(d * (d + 1), n + d)


#: The adversary's fixed sample: small enough that fitting it pushes the in-sample loss below L*.
ADVERSARY_SAMPLE = 512
#: Fresh prompts on which the adversary's fit is evaluated: at least ADVERSARY_EVAL, more where a pilot finds heavy
#: tails, at most ADVERSARY_MOST (n = d = 1: the fitted model's losses have a kurtosis ≈ 2000, and 200 000 draws read
#: r = 0.12 at seed 8 — one large draw; :func:`~seqtheory.simulate.tails.sized_mean`).
ADVERSARY_EVAL, ADVERSARY_MOST = 200_000, 2_000_000


def _simulate_adversary(seed: int, n: int, d: int, eps: float) -> Observation:
    """L-BFGS on one fixed sample from the optimum perturbed by eps, evaluated on fresh prompts."""
    start_ss, fit_ss, eval_ss = np.random.SeedSequence(seed).spawn(3)
    V0, W0 = lsa.perturbed_construction(np.random.default_rng(start_ss), n, d, eps)
    V, W, in_sample = training.fit_fixed_sample(np.random.default_rng(fit_ss), n, d, ADVERSARY_SAMPLE, V0, W0)
    fresh = sized_mean(_loss_draws(V, W, n, d, linear=False), eval_ss, ADVERSARY_EVAL, ADVERSARY_MOST)
    bound = float(optimal_loss(n, d))
    return Observation(fresh, f"in-sample loss {in_sample:.4g} ({'below' if in_sample < bound else 'above'} "
                              f"L* = {bound:.4g}) on {ADVERSARY_SAMPLE} fitted prompts; fresh {fresh.value:.4g}")


_SOURCE_A2 = Source(HUANG2025_OPENREVIEW, "authors' reply A2 to reviewer iVV1 (weakness 2)",
                    "any one-layer transformer provably cannot perform better than the one-step GD output with "
                    "η = n/(n+d+1), the optimal step for isotropic data")
_ND = (Integer("n", 1, doc="in-context examples", probe=64), Integer("d", 1, doc="dimension", probe=12))
_DENSE = (Integer("n", 1, doc="in-context examples", tractable=128, probe=48),
          Integer("d", 1, doc="dimension", tractable=16, probe=8))

CLAIMS = (
    Claim(
        id="huang2025/thm3.1/one-step-loss", stance="lemma",
        examples=15,
        fidelity="derived",
        source="the one-step loss behind Thm 3.1, derived here from exact Wishart moments",
        pinned=({"n": 1, "d": 1, "eta": 2.0}, {"n": 64, "d": 12, "eta": 0.05},
                {"n": 1, "d": 1, "eta": 2.3038415223421723e-16}),  # the conditional draws' rounding (CI profile)
        paper=HUANG2025, where="Thm 3.1 (the one-step GD loss)",
        statement="One GD step of size η from w_0 = 0 has E‖w_1 − w*‖² = d − 2ηd + η²d(n+d+1)/n.",
        domain=Domain((*_ND, Real("eta", 0.0, low_open=True, doc="step size", probe=(0.0, 2.0)))),
        defaults={"n": 20, "d": 5, "eta": 0.8},
        theory=lambda n, d, eta: one_step_loss(eta, n, d),
        simulate=_simulate_one_step, relation=ZTest(5.0, rtol=lsa.DRAW_ROUNDING),
        negative_control=_wrong_loss, negative_control_text="d − 2ηd + η²d(n+d)/n",
        method="Monte Carlo of ‖(I − ηS)w*‖²",
    ),
    Claim(
        id="huang2025/thm3.1/dense-lower-bound", stance="supports", examples=6,
        fidelity="restated", source=_SOURCE_A2,
        paper=HUANG2025, where="Thm 3.1 (no-CoT lower bound over every dense one-layer LSA)",
        statement="Any dense one-layer LSA without CoT has E‖ŵ − w*‖² ≥ d(d+1)/(n+d+1): checked at random "
                  "perturbations (scale eps > 0) of the optimum, where the bound is nearly tight.",
        domain=Domain((*_DENSE, Real("eps", 0.0, 10.0, low_open=True, doc="perturbation scale"))),
        defaults={"n": 4, "d": 2, "eps": 0.02},  # the control is 1/(n+d) above the bound; eps small keeps it tight
        pinned=({"n": 1, "d": 1, "eps": 1e-3},),
        theory=lambda n, d, eps: optimal_loss(n, d),
        simulate=_simulate_perturbed, relation=LowerBound(5.0),
        negative_control=_wrong_bound, negative_control_text="d(d+1)/(n+d)",
        method="Monte Carlo loss of a perturbed dense LSA, sample size from the control's power",
    ),
    Claim(
        id="huang2025/thm3.1/bound-attained", stance="supports", examples=6,
        fidelity="restated", source=_SOURCE_A2,
        paper=HUANG2025, where="Thm 3.1 (the bound is attained by one GD step at η*)",
        statement="The one-step-GD construction at η* = n/(n+d+1) attains the bound: its no-CoT loss equals "
                  "d(d+1)/(n+d+1) (z ≤ 5).",
        domain=Domain(_DENSE), defaults={"n": 4, "d": 2}, pinned=({"n": 1, "d": 1},),
        theory=lambda n, d: optimal_loss(n, d),
        simulate=lambda seed, n, d: _simulate_perturbed(seed, n, d, 0.0), relation=ZTest(5.0),
        negative_control=_wrong_bound, negative_control_text="d(d+1)/(n+d)",
        method="Monte Carlo loss of the construction, sample size from the control's power",
    ),
    Claim(
        id="huang2025/thm3.1/adversarial", stance="supports", examples=4,
        fidelity="restated", source=_SOURCE_A2,
        paper=HUANG2025, where="Thm 3.1 (an optimiser trying to beat the bound)",
        statement=f"A dense LSA fitted by L-BFGS to one fixed sample of {ADVERSARY_SAMPLE} prompts, from the "
                  "optimum perturbed by eps, drives its in-sample loss below L* (reported) but its loss on fresh "
                  "prompts stays ≥ d(d+1)/(n+d+1) (z ≤ 5; checked for n ≥ 2).",
        # n ≥ 2: at n = 1 the fitted model's fresh losses are too heavy-tailed to read — the heavy-tail diagnostic
        # gave r = 0.12–0.30 (sample kurtosis up to 1.9e5 from 535 000 pilot-sized draws) at 2 of 10 seeds with d = 1;
        # at n = 2 it stays ≤ 0.066 (10 seeds × eps = 0, 0.5, 1)
        domain=Domain((Integer("n", 2, doc="in-context examples", tractable=64, probe=24),
                       Integer("d", 1, doc="dimension", tractable=8, probe=3),
                       Real("eps", 0.0, 1.0, doc="perturbation of the start"))),
        defaults={"n": 4, "d": 2, "eps": 0.3},
        theory=lambda n, d, eps: optimal_loss(n, d),
        simulate=_simulate_adversary, relation=LowerBound(5.0),
        negative_control=_wrong_bound, negative_control_text="d(d+1)/(n+d)",
        method=f"L-BFGS on {ADVERSARY_SAMPLE} fixed prompts; ≥ {ADVERSARY_EVAL} fresh evaluations (pilot-sized)",
    ),
    Claim(
        id="huang2025/thm3.1/trained-attains", stance="supports", tags=("slow", "trained"),
        examples=1,
        fidelity="restated",
        source=Source(HUANG2025_OPENREVIEW, "authors' reply A7 to reviewer iVV1 (question 3)",
                      "without CoT the optimal one-layer transformer can at most output a one-step gradient "
                      "approximation w_1 = (η/n)Xyᵀ with η = n/(n+d+1) for isotropic data"),
        paper=HUANG2025, where="Thm 3.1 (a trained no-CoT LSA reaches the bound)",
        statement="A dense LSA trained on the no-CoT loss reaches d(d+1)/(n+d+1) from above (within 2 %, "
                  "never significantly below), its effective map → η*I.",
        domain=Domain((Integer("n", 1, doc="in-context examples", tractable=128, probe=40),
                       Integer("d", 1, doc="dimension", tractable=16, probe=4))),
        defaults={"n": 24, "d": 4},
        theory=lambda n, d: optimal_loss(n, d),
        simulate=_simulate_trained, relation=AttainsFromAbove(rel=0.02, z=5.0),
        negative_control=_wrong_bound, negative_control_text="d(d+1)/(n+d)",
        method="Adam on fresh prompts, then Monte Carlo evaluation",
    ),
)
