"""Exact attention costs: the number of (query, key) pairs a sliding-window mask keeps (the cost claim of Wang 2024,
arXiv:2411.09111; derivation: ``docs/attention_sparsemax_dual.md``)."""

from __future__ import annotations

from functools import cache

import sympy as sp

n_s, r_s, i_s = sp.symbols("n r i", integer=True, nonnegative=True)


@cache
def window_count(causal: bool) -> sp.Expr:
    """Σ_i #{j : |i − j| ≤ r, 0 ≤ j < n (, j ≤ i)} for r ≤ n − 1, by summation: the full band n(2r+1) (or
    n(r+1)) minus the pairs that fall off the edges, Σ_{i<r}(r − i) at the start (and the same at the end)."""
    band = n_s * (r_s + 1) if causal else n_s * (2 * r_s + 1)
    edge = sp.summation(r_s - i_s, (i_s, 0, r_s - 1))
    return sp.factor(sp.expand(band - (1 if causal else 2) * edge))
