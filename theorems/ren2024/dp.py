"""DP with chain of thought: total cost Θ(T²) for a general DP, Θ(mT) for an m-local one (Ren, Li, Liu 2024,
arXiv:2410.03810, Thms 4–5; docs/mamba_copy_bounds.md).

A general DP (longest increasing subsequence: step i may depend on every earlier step) forces step i to read
all i − 1 earlier entries, whether they sit in a Transformer's KV cache or in a Mamba state grown to O(T):
Σ_{i=1}^{T}(i − 1) = T(T − 1)/2 reads.  An m-local DP needs only the last m entries — a sliding window, or a
Mamba state of size O(m): Σ_i min(i − 1, m) = mT − m(m + 1)/2 reads for T ≥ m.  Both counts are derived by
summation and compared with the reads counted while the executable CoT solver runs (its output is checked
against a direct DP first).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from seqtheory.simulate import dp
from seqtheory.theorems.core.claim import Claim, Observation
from seqtheory.theorems.core.domain import Constraint, Domain, Integer
from seqtheory.theorems.core.relations import ExactEquality
from seqtheory.theorems.papers import REN2024

T_s, m_s, i_s = sp.symbols("T m i", integer=True, positive=True)


@cache
def general_reads() -> sp.Expr:
    return sp.factor(sp.summation(i_s - 1, (i_s, 1, T_s)))


@cache
def local_reads() -> sp.Expr:
    """Σ_{i ≤ m}(i − 1) + Σ_{m < i ≤ T} m, for T ≥ m."""
    return sp.expand(sp.summation(i_s - 1, (i_s, 1, m_s)) + sp.summation(m_s, (i_s, m_s + 1, T_s)))


def _general(seed: int, T: int) -> Observation:
    a = np.random.default_rng(seed).integers(0, 10 * T, size=T)
    mem = dp.KVCache()
    cot = dp.lis_cot(a, mem)
    if cot != dp.lis_direct(a):
        raise AssertionError("the LIS chain of thought disagrees with the direct DP")
    return Observation(sp.Integer(mem.reads), f"CoT correct; peak memory {mem.peak} entries (= T)")


def _local(seed: int, T: int, m: int) -> Observation:
    a = np.random.default_rng(seed).standard_normal(T)
    mem = dp.Window(m)
    cot = dp.local_cot(a, m, mem)
    if not np.allclose(cot, dp.local_direct(a, m), rtol=0, atol=0):
        raise AssertionError("the m-local chain of thought disagrees with the direct DP")
    return Observation(sp.Integer(mem.reads), f"CoT correct; peak memory {mem.peak} entries (= m)")


def _st_general():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"T": st.integers(1, 200)})


def _st_local():
    from hypothesis import strategies as st

    return st.integers(1, 30).flatmap(lambda m: st.fixed_dictionaries({"m": st.just(m),
                                                                      "T": st.integers(m, m + 300)}))


CLAIMS = (
    Claim(
        id="ren2024/dp/general-cost",
        paper=REN2024, where="Thm 4 (general DP with CoT)",
        fidelity="restated",
        source="Thm 4 as restated in docs/sources.md",
        statement="CoT for a general DP (LIS) reads T(T−1)/2 stored entries in total — Θ(T²) for a Transformer "
                  "with KV cache and for a Mamba whose state grows to O(T).",
        domain=Domain((Integer("T", 1, 5000),)), defaults={"T": 256},
        theory=lambda T: general_reads().subs(T_s, T), simulate=_general, relation=ExactEquality(),
        negative_control=lambda T: sp.Integer(2 * T), negative_control_text="2T (a local window)",
        strategy=_st_general, method="counted reads of the executed CoT solver",
    ),
    Claim(
        id="ren2024/dp/local-cost",
        paper=REN2024, where="Thm 5 (m-local DP with CoT)",
        fidelity="restated",
        source="Thm 5 as restated in docs/sources.md",
        statement="CoT for an m-local DP reads mT − m(m+1)/2 entries in total (T ≥ m) — Θ(mT), for a "
                  "sliding-window Transformer and for a Mamba with an O(m) state.",
        domain=Domain((Integer("T", 1, 100_000), Integer("m", 1)), (Constraint("T ≥ m", lambda T, m: T >= m),)),
        defaults={"T": 1000, "m": 8},
        theory=lambda T, m: local_reads().subs({T_s: T, m_s: m}), simulate=_local, relation=ExactEquality(),
        negative_control=lambda T, m: general_reads().subs(T_s, T),
        negative_control_text="T(T−1)/2 (as if the DP were general)", strategy=_st_local,
        method="counted reads of the executed CoT solver",
    ),
)
