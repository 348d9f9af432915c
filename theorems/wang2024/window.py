"""Sparse attention cuts CoT attention cost: exact counts of attended pairs (docs/attention_sparsemax_dual.md).

L. Wang, *Sparse attention for chain of thought* (arXiv:2411.09111): only the cost claim is testable — the
paper's timing results come from a prompted chat model and are not evidence about any kernel.  Here:
the number of (query, key) pairs a sliding-window mask keeps, derived by summation (sympy), equals the count
taken from the kernel's own band; the band's score array has n·w entries (w = 2r+1, or r+1 causal), never n².
Measured time and memory scaling are in ``benchmarks/attention.py``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from seqtheory.simulate.nn import sparse
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer
from seqtheory.theorems.core.relations import ExactEquality
from seqtheory.theorems.exact.attention_costs import n_s, r_s, window_count
from seqtheory.theorems.papers import WANG2024


def _count(seed: int, n: int, r: int, causal: int) -> sp.Integer:
    return sp.Integer(sparse.window_nnz(n, r, bool(causal)))


def _band_size(seed: int, n: int, r: int, causal: int) -> sp.Integer:
    rng = np.random.default_rng(seed)
    q, k, v = (rng.standard_normal((n, 4)) for _ in range(3))
    _, cache_ = sparse.sliding_window_attention_forward(q, k, v, r, bool(causal))
    return sp.Integer(cache_[3].size)  # the probability band P, shape (n, w)


_DOM = Domain((Integer("n", 1, tractable=8192, probe=300), Integer("r", 0, tractable=8192, probe=299),
               Integer("causal", 0, 1)),
              (Constraint("r ≤ n − 1", lambda n, r, causal: r <= n - 1),))

CLAIMS = (
    Claim(
        id="wang2024/window/nnz", stance="supports",
        examples=15, paper=WANG2024, where="cost claim (sliding-window pair count)",
        fidelity="reconstructed",
        source="the summary's mechanism 1: sparse attention cuts the cost from O(n²) towards linear by letting each "
               "token attend to a small subset; the exact pair count is this toolkit's",
        statement="A radius-r sliding window keeps n(2r+1) − r(r+1) pairs (causal: n(r+1) − r(r+1)/2), r ≤ n − 1.",
        domain=_DOM, defaults={"n": 1000, "r": 64, "causal": 1},
        theory=lambda n, r, causal: window_count(bool(causal)).subs({n_s: n, r_s: r}),
        simulate=_count, relation=ExactEquality(),
        negative_control=lambda n, r, causal: sp.Integer(n * (r + 1) if causal else n * (2 * r + 1)),
        negative_control_text="n(2r+1) / n(r+1) (edges ignored)",
        method="count of valid band entries in the kernel",
    ),
    Claim(
        id="wang2024/window/memory", stance="supports",
        examples=15, paper=WANG2024, where="cost claim (O(n·w) memory)",
        fidelity="reconstructed",
        source="the summary's mechanism 1 (memory of the attended band); the exact count is this toolkit's",
        statement="The banded kernel's score array has n·w entries (w = 2r+1, or r+1 causal): O(n·r), never n×n.",
        domain=_DOM, defaults={"n": 512, "r": 16, "causal": 0},
        theory=lambda n, r, causal: sp.Integer(n * (r + 1 if causal else 2 * r + 1)),
        simulate=_band_size, relation=ExactEquality(),
        negative_control=lambda n, r, causal: sp.Integer(n * n), negative_control_text="n² (dense scores)",
        method="size of the forward pass's probability array",
    ),
)
