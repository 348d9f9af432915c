"""Exact costs of dynamic programming with chain of thought (Ren, Li, Liu 2024, arXiv:2410.03810, Thms 4–5;
derivation: ``docs/mamba_copy_bounds.md``): the stored entries a CoT solver reads in total for a general DP (every
earlier step) and for an m-local one, and the number of LIS-prefix classes a recurrent model must keep apart."""

from __future__ import annotations

from functools import cache

import sympy as sp

T_s, m_s, i_s = sp.symbols("T m i", integer=True, positive=True)


@cache
def general_reads() -> sp.Expr:
    return sp.factor(sp.summation(i_s - 1, (i_s, 1, T_s)))


@cache
def local_reads() -> sp.Expr:
    """Σ_{i ≤ m}(i − 1) + Σ_{m < i ≤ T} m, for T ≥ m."""
    return sp.expand(sp.summation(i_s - 1, (i_s, 1, m_s)) + sp.summation(m_s, (i_s, m_s + 1, T_s)))


def state_classes(T: int, q: int) -> sp.Integer:
    """Σ_{j=0}^{min(T,q−1)} C(q−1, j): the number of LIS-prefix profiles after T tokens over q symbols."""
    return sp.Integer(sum(sp.binomial(q - 1, j) for j in range(min(T, q - 1) + 1)))
