"""DP with chain of thought: total cost Θ(T²) for a general DP, Θ(mT) for an m-local one, and the state a
recurrent model needs for the general one (Ren, Li, Liu 2024, arXiv:2410.03810, Thms 4–5;
docs/mamba_copy_bounds.md).

*general-cost.* A general DP (longest increasing subsequence: step i may depend on every earlier step) run as CoT
on a Transformer's KV cache reads all i − 1 earlier entries at step i: Σ_{i=1}^{T}(i − 1) = T(T − 1)/2 reads,
counted on the executed solver (its output checked against a direct DP).

*local-cost.* An m-local DP runs on the **selective scan itself**: an m-slot ring buffer made of S6's own
selectivity (Δ opens exactly one slot per step; ``simulate.dp.local_cot_mamba``); the slots it consults number
Σ_i min(i − 1, m) = mT − m(m + 1)/2 for T ≥ m, read off the scan's occupancy channels, and its chain of thought
equals the direct DP bit for bit.

*state-classes.* What the rest of the LIS chain of thought needs from a prefix over symbols 0..q−1 is its
profile f(v) = max{dp_j : a_j < v}, v = 1..q−1 (sufficient: later dp_i = 1 + max(f(a_i), later terms) with
f(0) = 0; necessary: the one-token continuation v emits 1 + f(v)).  Profiles have increments in {0, 1} at the
values 0..q−2, and every jump set J with |J| ≤ T is realised (J in increasing order, padded with copies of
max J, or all q−1 when J is empty), so after T ≥ 1 tokens there are exactly Σ_{j=0}^{min(T,q−1)} C(q−1, j)
classes — 2^T when q > T.  A recurrent model that emits this CoT exactly must keep them apart: its state
needs ≥ log₂ of that many bits, growing linearly in T.  Counted by enumerating all q^T prefixes.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from seqtheory.simulate import dp
from seqtheory.simulate.stats import Observation
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer
from seqtheory.theorems.core.relations import ExactEquality
from seqtheory.theorems.exact.dp_costs import T_s, general_reads, local_reads, m_s, state_classes
from seqtheory.theorems.papers import REN2024


def _general(seed: int, T: int) -> Observation:
    a = np.random.default_rng(seed).integers(0, 10 * T, size=T)
    mem = dp.KVCache()
    cot = dp.lis_cot(a, mem)
    if cot != dp.lis_direct(a):
        raise AssertionError("the LIS chain of thought disagrees with the direct DP")
    return Observation(sp.Integer(mem.reads), f"CoT correct; peak memory {mem.peak} entries (= T)")


def _local(seed: int, T: int, m: int) -> Observation:
    a = np.random.default_rng(seed).standard_normal(T)
    cot, reads = dp.local_cot_mamba(a, m)
    if cot != dp.local_direct(a, m):
        raise AssertionError("the m-local chain of thought on the scan disagrees with the direct DP")
    return Observation(sp.Integer(reads), f"CoT on the selective scan equals the direct DP bit for bit; state "
                                          f"{2 * m} scalars (m value slots + m occupancy flags)")


def _classes(seed: int, T: int, q: int) -> Observation:
    count = dp.lis_state_classes(T, q)
    return Observation(sp.Integer(count), f"{q}^{T} prefixes enumerated: ≥ log₂ {count} = "
                                          f"{float(np.log2(count)):.3g} bits of state needed")




CLAIMS = (
    Claim(
        id="ren2024/dp/general-cost", stance="supports",
        paper=REN2024, where="Thm 4 (general DP with CoT)",
        fidelity="reconstructed",
        source="the abstract: to solve arbitrary DP problems the total cost of Mamba is comparable to standard "
               "Transformers; the read count is this toolkit's cost model",
        statement="CoT for a general DP (LIS) reads T(T−1)/2 stored entries in total — Θ(T²) for a Transformer "
                  "with KV cache and for a Mamba whose state grows to O(T).",
        domain=Domain((Integer("T", 1, 5000, probe=200),)), defaults={"T": 256},
        theory=lambda T: general_reads().subs(T_s, T), simulate=_general, relation=ExactEquality(),
        negative_control=lambda T: sp.Integer(T * (T + 1) // 2),
        negative_control_text="T(T+1)/2 (each step also reading its own entry)",
        method="counted reads of the executed CoT solver",
    ),
    Claim(
        id="ren2024/dp/local-cost", stance="supports",
        paper=REN2024, where="Thm 5 (m-local DP with CoT)",
        fidelity="reconstructed",
        source="the abstract: for DP problems with locality Mamba can save overhead; the m-slot construction and its "
               "read count are this toolkit's",
        statement="CoT for an m-local DP on a selective scan with an m-slot state (T ≥ m) consults "
                  "mT − m(m+1)/2 stored entries in total — Θ(mT) — and reproduces the DP exactly.",
        domain=Domain((Integer("T", 1, 100_000, probe=330), Integer("m", 1, probe=30)),
                      (Constraint("T ≥ m", lambda T, m: T >= m),)),
        defaults={"T": 1000, "m": 8},
        theory=lambda T, m: local_reads().subs({T_s: T, m_s: m}), simulate=_local, relation=ExactEquality(),
        negative_control=lambda T, m: sp.Integer(m * T),
        negative_control_text="mT (every slot read every step, empty ones included)",
        method="the m-slot ring buffer on selective_scan_step; occupied slots read per step",
    ),
    Claim(
        id="ren2024/dp/state-classes", stance="lemma",
        paper=REN2024, where="Thm 4 (general DP needs a state that grows)",
        fidelity="toolkit",
        source="the toolkit's exact count of the prefix classes a recurrent model must separate",
        statement="After T tokens over q symbols the LIS chain of thought distinguishes exactly "
                  "Σ_{j=0}^{min(T,q−1)} C(q−1, j) prefix classes (2^T for q > T), so a recurrent model emitting "
                  "it exactly needs a state of ≥ log₂ of that many bits — T bits, growing with T.",
        domain=Domain((Integer("T", 1, 12), Integer("q", 1, 12)),
                      (Constraint("q^T ≤ 50 000 (exhaustive enumeration)", lambda T, q: q**T <= 50_000),)),
        defaults={"T": 5, "q": 6},
        theory=state_classes, simulate=_classes, relation=ExactEquality(),
        negative_control=lambda T, q: sp.Integer(min(T, q - 1) + 1),
        negative_control_text="min(T, q−1) + 1 (only the running LIS length matters)",
        method="enumerate all q^T prefixes and their profiles f(v) = max{dp_j : a_j < v}",
    ),
)
