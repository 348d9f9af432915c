"""Sparsemax is the Euclidean projection onto the simplex, and its Jacobian.

A. F. T. Martins, R. F. Astudillo, *From Softmax to Sparsemax*, ICML 2016, arXiv:1602.02068 (Prop. 1, eq. 7;
Jacobian eq. 9–10).  Derivation: ``docs/attention_sparsemax_dual.md``.  The random score rows and their rounding
scale (:mod:`seqtheory.simulate.nn.sparse`) are shared with the 1.5-entmax claim.

The sort-based kernels are compared with an independent characterisation of the same object: bisection on
the threshold τ of ``Σ_i [z_i − τ]_+ = 1``, run to machine precision.
Tolerances: both sides are exact up to rounding in O(n) additions of numbers of size max|z|, so the error is
held to ``8·n·ε·max(1, max|z|)`` (the ``scale``).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate.nn import attention, sparse
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer, Real
from seqtheory.theorems.core.relations import Formula, MatchesFormula, Sample
from seqtheory.theorems.papers import MARTINS2016

EPS = float(np.finfo(float).eps)


def kernel_sample(kernel):
    """The claim's numeric side: ``kernel`` applied to 64 random score rows, error in units of their rounding scale
    (:func:`seqtheory.simulate.nn.sparse.rounding_scale`)."""
    def simulate(seed: int, n: int, spread: float, masked: int) -> Sample:
        z = sparse.random_score_rows(np.random.default_rng(seed), n, spread, masked)
        return Sample(z, kernel(z), sparse.rounding_scale(z))
    return simulate


def _jacobian_sample(seed: int, n: int, spread: float, masked: int) -> Sample:
    """Central-difference VJP of sparsemax at rows whose support is stable within ±h (sparsemax is piecewise
    linear, so the difference quotient is exact there up to rounding ≈ ε·max|z|/h)."""
    rng = np.random.default_rng(seed)
    z = sparse.random_score_rows(np.random.default_rng(seed), n, spread, 0)
    p = sparse.sparsemax(z)
    tau = np.max(z - np.where(p > 0, p, -np.inf), axis=-1, keepdims=True)  # z_i − p_i = τ on the support
    keep = np.min(np.abs(z - tau), axis=-1) > 1e-3  # rows far from a kink
    z, p = z[keep], p[keep]
    g = rng.standard_normal(z.shape)
    h = 1e-6
    measured = np.zeros_like(z)
    for j in range(n):
        e = np.zeros(n)
        e[j] = h
        measured[:, j] = np.sum(g * (sparse.sparsemax(z + e) - sparse.sparsemax(z - e)), axis=-1) / (2 * h)
    scale = 8 * n * EPS * max(1.0, np.abs(z).max()) / h * max(1.0, np.abs(g).max())
    return Sample({"p": p, "g": g, "z": z}, measured, scale)


def _softmax_vjp(inp):
    p = attention.masked_softmax(inp["z"], None)
    return p * (inp["g"] - np.sum(p * inp["g"], axis=-1, keepdims=True))



ROW_DOMAIN = Domain((Integer("n", 2, probe=40), Real("spread", 0.0, low_open=True, probe=(0.0, 50.0)),
                     Integer("masked", 0, probe=5)))

CLAIMS = (
    Claim(
        id="martins2016/sparsemax/projection", stance="supports",
        examples=8, paper=MARTINS2016,
        fidelity="reconstructed",
        source="Prop. 1 as commonly stated (the paper's text was not re-read)",
        where="Prop. 1 (sparsemax = projection onto Δ)",
        statement="The sort-based sparsemax equals the Euclidean projection onto the simplex computed by bisection "
                  "on τ (Σ[z_i − τ]_+ = 1); −∞ entries get exactly 0.",
        domain=ROW_DOMAIN, defaults={"n": 12, "spread": 2.0, "masked": 3},
        theory=lambda n, spread, masked: Formula("projection by bisection on τ",
                                                 sparse.rowwise(sparse.sparsemax_bisection)),
        simulate=kernel_sample(sparse.sparsemax), relation=MatchesFormula(1.0),
        negative_control=lambda n, spread, masked: Formula("softmax", lambda z: attention.masked_softmax(z, None)),
        negative_control_text="softmax", method="64 random rows, error in units of 8nε·max|z|",
    ),
    Claim(
        id="martins2016/sparsemax/jacobian", stance="supports",
        examples=8, paper=MARTINS2016,
        fidelity="reconstructed",
        source="eq. 9–10 as commonly stated (the paper's text was not re-read)",
        where="eq. 9–10 (Jacobian diag(s) − ssᵀ/|S|)",
        statement="The vector–Jacobian product of sparsemax is g ↦ s ⊙ (g − Σ_S g/|S|) (s the support indicator).",
        domain=Domain((Integer("n", 2, probe=30), Real("spread", 0.0, low_open=True, probe=(0.0, 10.0)),
                       Integer("masked", 0, 0))),
        defaults={"n": 10, "spread": 1.0, "masked": 0},
        theory=lambda n, spread, masked: Formula("s ⊙ (g − Σ_S g/|S|)",
                                                 lambda inp: sparse.sparsemax_vjp(inp["p"], inp["g"])),
        simulate=_jacobian_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, spread, masked: Formula("softmax Jacobian diag(p) − ppᵀ", _softmax_vjp),
        negative_control_text="the softmax Jacobian",
        method="central differences (h = 1e-6) away from kinks",
    ),
)

