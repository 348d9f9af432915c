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

from seqtheory.simulate import copy
from seqtheory.simulate.copy import target_weight
from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer, Real
from seqtheory.theorems.core.relations import Close, LowerBound
from seqtheory.theorems.exact.copy_bounds import required_gap
from seqtheory.theorems.papers import REN2024

#: Longest sequence checked (a single query against L keys).
MAX_L = 1_000_000
RTOL = 4 * MAX_L * float(np.finfo(float).eps)


def _simulate(seed: int, L: int, delta: float) -> Observation:
    g = required_gap(L, delta)
    return Observation(Estimate.exact(target_weight(L, g)),
                       f"required gap g* = {g:.6g} = log((L−1)(1−δ)/δ) for L = {L}")


def _copy(seed: int, L: int, delta: float, vocab: int) -> Observation:
    gap = required_gap(max(L, 2), delta)
    accuracy, weight, largest = copy.attention_copy(np.random.default_rng(seed), L, vocab, gap)
    return Observation(Estimate.exact(weight), f"token accuracy {accuracy:.6g} over {L} outputs; logit gap "
                                               f"{gap:.4g} = log((L−1)(1−δ)/δ); largest |logit| {largest:.3g}")


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
    Claim(
        id="ren2024/thm2/attention-copies", stance="supports", paper=REN2024,
        where="Thm 2 (a Transformer copies with a logarithmic score)", fidelity="reconstructed",
        source="the abstract (constant-size Mamba may struggle with COPY while Transformers handle it more easily) "
               "and Thm 2's logarithmic score as the project's early notes record it; the head is this toolkit's "
               "construction",
        statement="One softmax-attention head of constant size (3-dimensional position features) copies L random "
                  "tokens exactly, every output putting weight ≥ 1 − δ on its source, when the source's logit exceeds "
                  "every other position's by g = log((L − 1)(1 − δ)/δ) — a gap logarithmic in L, where a decayed "
                  "state needs a score exponential in the distance (Thm 1).",
        domain=Domain((Integer("L", 2, 4096, probe=1024), Real("delta", 0.0, 0.5, low_open=True, high_open=True,
                                                                probe=(1e-9, 0.49)),
                       Integer("vocab", 2, 64, probe=32))),
        defaults={"L": 1024, "delta": 0.01, "vocab": 16}, examples=8,
        theory=lambda L, delta, vocab: 1.0 - delta, simulate=_copy, relation=LowerBound(z=0.0, atol=RTOL),
        negative_control=lambda L, delta, vocab: 1.0 - delta / (4 * (L - 1)),
        negative_control_text="1 − δ/(4(L − 1)): the source weight if each side's nearest neighbour sat a quarter of "
                              "the uniform-distractor share below it",
        method="the softmax_attention kernel on hand-set 3-dimensional position features; identity values read the "
               "attention matrix",
    ),
)
