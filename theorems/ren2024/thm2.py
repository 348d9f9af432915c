"""Transformers need only a logarithmic score to pick one token out of L (Ren, Li, Liu 2024, arXiv:2410.03810,
Thm 2's softmax side, derived here; derivation: docs/mamba_copy_bounds.md).

With one target key at logit g and L − 1 tied distractors at logit 0, softmax puts weight
w(g) = e^g/(e^g + L − 1) = 1/(1 + (L − 1)e^{−g}) on the target, so a weight of 1 − δ needs exactly
g* = log((L − 1)(1 − δ)/δ): the gap grows like log L, while a decayed state (Thm 1, ``ren2024/copy/decay-overflow``)
needs a score growing like a^{−distance}.  Checked on the toolkit's own ``softmax_attention`` kernel with a
single query (d = 1, so the 1/√d scale is 1) at the exact required gap.

Tolerance: the kernel's output is a ratio of an exponential to a sum of L exponentials; in float64 the relative
rounding error is at most ≈ L·ε for a naive sum (numpy sums pairwise, far less), so rtol = 4·10⁶·ε ≈ 8.9·10⁻¹⁰
covers every L ≤ 10⁶ of the domain.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate.copy import target_weight
from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer, Real
from seqtheory.theorems.core.relations import Close
from seqtheory.theorems.exact.copy_bounds import required_gap
from seqtheory.theorems.papers import REN2024

#: Longest sequence checked (a single query against L keys).
MAX_L = 1_000_000
RTOL = 4 * MAX_L * float(np.finfo(float).eps)


def _simulate(seed: int, L: int, delta: float) -> Observation:
    g = required_gap(L, delta)
    return Observation(Estimate.exact(target_weight(L, g)),
                       f"required gap g* = {g:.6g} = log((L−1)(1−δ)/δ) for L = {L}")


CLAIMS = (
    Claim(
        id="ren2024/thm2/softmax-gap", stance="lemma",
        paper=REN2024, where="Thm 2 (softmax attention needs only a logarithmic score)",
        fidelity="derived",
        source="the softmax identity behind Thm 2, derived here (no Transformer is trained or run beyond one "
               "attention call)",
        statement="With L − 1 tied distractors, softmax attention puts weight 1/(1 + (L − 1)e^{−g}) on a target at "
                  "logit gap g, so weight 1 − δ needs exactly g = log((L − 1)(1 − δ)/δ) — logarithmic in L.",
        domain=Domain((Integer("L", 2, MAX_L), Real("delta", 0.0, 1.0, low_open=True, high_open=True,
                                                     probe=(1e-12, 1 - 1e-12)))),
        defaults={"L": 1000, "delta": 0.01}, examples=8,
        theory=lambda L, delta: 1.0 - delta, simulate=_simulate, relation=Close(rtol=RTOL),
        negative_control=lambda L, delta: 1.0 / (1.0 + L * delta / ((L - 1) * (1.0 - delta))),
        negative_control_text="1/(1 + L·e^{−g}) at the same g (the target counted among the distractors)",
        method="the softmax_attention kernel, one query against L keys, at the exact required gap",
    ),
)
