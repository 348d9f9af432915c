"""No chain of thought: one-layer LSA is at best one GD step.

Huang, Wang, Lee, *Transformers Learn to Implement Multi-step Gradient Descent with Chain of Thought*,
ICLR 2025, arXiv:2502.21212, Theorem 3.1 (the one-step loss; the bound over all
dense models is Corollary 3.1, in :mod:`seqtheory.theorems.huang2025.cor3_1`).  Derivation:
``docs/huang2025_thm3_1_no_cot.md``.

Setting: ``w* ~ N(0, I_d)``, ``x_j ~ N(0, I_d)``, ``S = XXᵀ/n``.  One GD step from w_0 = 0 gives
``w_1 = ηSw*``, so ``L_1(η) = E‖(I − ηS)w*‖² = E tr (I − ηS)² = d − 2η tr E[S] + η² tr E[S²]``.

Derivation (symbolic, nothing typed in): ``E[W] = m_1 I`` and ``E[W²] = m_2 I`` with m_1, m_2 obtained by
Isserlis enumeration (:mod:`seqtheory.theorems.exact.wick`), which also shows the off-diagonal parts vanish; then
``L_1(η) = d − 2ηd + η²d(n+d+1)/n``, ``η* = n/(n+d+1)``, ``L* = d(d+1)/(n+d+1)``.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from seqtheory.simulate import lsa
from seqtheory.simulate.stats import Estimate
from seqtheory.simulate.tasks import sample_prompts
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer, Real
from seqtheory.theorems.core.relations import ZTest
from seqtheory.theorems.exact import wick
from seqtheory.theorems.exact.values import exact_integer, exact_real, poly_from_dict
from seqtheory.theorems.papers import HUANG2025

#: Symbols of the closed forms: n examples, d dimension (positive integers), η step size (positive).
n, d = sp.symbols("n d", positive=True, integer=True)
eta = sp.Symbol("eta", positive=True)

#: Monte Carlo sample sizes of the pinned checks (the z-tests adapt to the stderr they produce).
MC_SAMPLES = 20_000
EVAL_SAMPLES = 200_000


@cache
def wishart_first_moments() -> tuple[sp.Expr, sp.Expr]:
    """``(m_1, m_2)`` with ``E[W] = m_1 I``, ``E[W²] = m_2 I``, derived by Isserlis enumeration.

    Raises ``AssertionError`` if an off-diagonal contribution survived (it must not, by invariance).
    """
    out = []
    for k in (1, 2):
        diag, off = wick.matrix_entry_moment(k)
        assert not off, f"E[W^{k}] has an off-diagonal part {off}"
        out.append(sp.factor(poly_from_dict(diag, n, d)))
    return out[0], out[1]


@cache
def _loss_expr() -> sp.Expr:
    """L_1(η) = d − 2η tr E[S] + η² tr E[S²] with E[S] = E[W]/n, E[S²] = E[W²]/n²."""
    m1, m2 = wishart_first_moments()
    return sp.expand(d - 2 * eta * d * m1 / n + eta**2 * d * m2 / n**2)


def one_step_loss(eta_value, n_value, d_value) -> sp.Expr:
    """Exact ``L_1(η) = E‖w_1 − w*‖²`` for one GD step of size η from w_0 = 0 (symbols allowed)."""
    e = exact_real("eta", eta_value, low=0, low_open=True)
    nn, dd = exact_integer("n", n_value), exact_integer("d", d_value)
    return sp.simplify(_loss_expr().subs({eta: e, n: nn, d: dd}))


@cache
def _optimum() -> tuple[sp.Expr, sp.Expr]:
    loss = _loss_expr()
    (step,) = sp.solve(sp.diff(loss, eta), eta)
    assert sp.simplify(sp.diff(loss, eta, 2)) .is_positive, "L_1 must be strictly convex in η"
    return sp.factor(step), sp.factor(loss.subs(eta, step))


def optimal_step(n_value, d_value) -> sp.Expr:
    """η* = argmin_η L_1(η) = n/(n+d+1), exact."""
    return _optimum()[0].subs({n: exact_integer("n", n_value), d: exact_integer("d", d_value)})


def optimal_loss(n_value, d_value) -> sp.Expr:
    """L* = L_1(η*) = d(d+1)/(n+d+1), exact; also the lower bound on the no-CoT loss of any dense LSA."""
    return _optimum()[1].subs({n: exact_integer("n", n_value), d: exact_integer("d", d_value)})


# ------------------------------------------------------------------------------------------------------
# numeric sides


def mc_one_step_loss(rng: np.random.Generator, eta_value: float, n_value: int, d_value: int,
                     samples: int = MC_SAMPLES) -> Estimate:
    """Monte Carlo of E‖w_1 − w*‖² with w_1 = ηSw* computed directly (no LSA involved)."""
    return Estimate.of_mean(one_step_draws(rng, samples, n_value, d_value, eta_value))


def one_step_draws(rng: np.random.Generator, samples: int, n_value: int, d_value: int, eta_value: float
                   ) -> np.ndarray:
    """``samples`` draws of ‖w_1 − w*‖² on fresh prompts (the Monte Carlo of the one-step loss)."""
    p = sample_prompts(rng, samples, n_value, d_value)
    w1 = eta_value * np.einsum("bij,bj->bi", p.covariance(), p.w_star)  # (B, d)
    return np.sum((w1 - p.w_star) ** 2, axis=-1)  # (B,)


def mc_no_cot_loss(rng: np.random.Generator, V, W, n_value: int, d_value: int,
                   samples: int = EVAL_SAMPLES, chunk: int = 20_000) -> Estimate:
    """Monte Carlo of the dense LSA's no-CoT loss E‖ŵ − w*‖² on fresh prompts (chunked for memory)."""
    draws = [lsa.no_cot_loss(V, W, sample_prompts(rng, min(chunk, samples - start), n_value, d_value))
             for start in range(0, samples, chunk)]
    return Estimate.of_mean(np.concatenate(draws))


def _simulate_one_step(seed: int, n: int, d: int, eta: float) -> Estimate:
    return mc_one_step_loss(np.random.default_rng(seed), eta, n, d)


def _wrong_loss(n: int, d: int, eta: float) -> sp.Expr:
    """Negative control: the off-by-one ``n+d`` in place of ``n+d+1``."""
    return sp.Integer(d) - 2 * sp.Rational(repr(eta)) * d + sp.Rational(repr(eta)) ** 2 * d * (n + d) / n


_ND = (Integer("n", 1, doc="in-context examples", probe=64), Integer("d", 1, doc="dimension", probe=12))

CLAIMS = (
    Claim(
        id="huang2025/thm3.1/one-step-loss",
        examples=15,
        fidelity="derived",
        source="the one-step loss behind Thm 3.1, derived here from exact Wishart moments",
        pinned=({"n": 1, "d": 1, "eta": 2.0}, {"n": 64, "d": 12, "eta": 0.05}),
        paper=HUANG2025, where="Thm 3.1 / Cor 3.1 (one-step GD loss)",
        statement="One GD step of size η from w_0 = 0 has E‖w_1 − w*‖² = d − 2ηd + η²d(n+d+1)/n.",
        domain=Domain((*_ND, Real("eta", 0.0, low_open=True, doc="step size", probe=(0.0, 2.0)))),
        defaults={"n": 20, "d": 5, "eta": 0.8},
        theory=lambda n, d, eta: one_step_loss(eta, n, d),
        simulate=_simulate_one_step, relation=ZTest(5.0),
        negative_control=_wrong_loss, negative_control_text="d − 2ηd + η²d(n+d)/n",
        method="Monte Carlo of ‖(I − ηS)w*‖²",
    ),
)
