"""No chain of thought: one-layer LSA is at best one GD step.

Huang, Wang, Lee, *Transformers Learn to Implement Multi-step Gradient Descent with Chain of Thought*,
ICLR 2025, arXiv:2502.21212, Theorem 3.1 (the one-step loss; the bound over all
dense models is Corollary 3.1, in :mod:`seqtheory.theorems.huang2025.cor3_1`).  Derivation:
``docs/huang2025_thm3_1_no_cot.md``.

Setting: ``w* ~ N(0, I_d)``, ``x_j ~ N(0, I_d)``, ``S = XXᵀ/n``.  One GD step from w_0 = 0 gives
``w_1 = ηSw*``, so ``L_1(η) = E‖(I − ηS)w*‖² = E tr (I − ηS)² = d − 2η tr E[S] + η² tr E[S²]``.

Derivation (symbolic, nothing typed in): :mod:`seqtheory.theorems.exact.lsa_gd` — ``E[W] = m_1 I`` and
``E[W²] = m_2 I`` by Isserlis enumeration, then ``L_1(η) = d − 2ηd + η²d(n+d+1)/n``, ``η* = n/(n+d+1)``,
``L* = d(d+1)/(n+d+1)``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from seqtheory.simulate import lsa
from seqtheory.simulate.stats import Estimate
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer, Real
from seqtheory.theorems.core.relations import ZTest
from seqtheory.theorems.exact.lsa_gd import one_step_loss
from seqtheory.theorems.papers import HUANG2025


def _simulate_one_step(seed: int, n: int, d: int, eta: float) -> Estimate:
    return lsa.mc_one_step_loss(np.random.default_rng(seed), eta, n, d)


def _wrong_loss(n: int, d: int, eta: float) -> sp.Expr:
    """Negative control: the off-by-one ``n+d`` in place of ``n+d+1``."""
    return sp.Integer(d) - 2 * sp.Rational(repr(eta)) * d + sp.Rational(repr(eta)) ** 2 * d * (n + d) / n


_ND = (Integer("n", 1, doc="in-context examples", probe=64), Integer("d", 1, doc="dimension", probe=12))

CLAIMS = (
    Claim(
        id="huang2025/thm3.1/one-step-loss", stance="lemma",
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
