"""The counting bound on copying through a fixed-size state (Jelassi et al. 2024, arXiv:2402.01032).

A model whose state is b bits copies a uniform string of length L over an alphabet D with probability
≤ 2^b/|D|^L: any encoder/decoder through b bits decodes at most 2^b strings correctly, and an encoder injective
on 2^b strings attains min(1, 2^b/|D|^L) exactly.  Both are checked by enumerating every string.  Derivation:
``docs/mamba_copy_bounds.md``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from seqtheory.simulate.copy import optimal_codec_success, random_codec_success
from seqtheory.simulate.stats import Observation
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer
from seqtheory.theorems.core.relations import ExactEquality
from seqtheory.theorems.papers import JELASSI2024


def _count_sample(seed: int, bits: int, alphabet: int, length: int) -> Observation:
    rng = np.random.default_rng(seed)
    worst_random = max(random_codec_success(rng, bits, alphabet, length) for _ in range(5))
    bound = min(Fraction(1), Fraction(2**bits, alphabet**length))
    return Observation(optimal_codec_success(bits, alphabet, length),
                       f"random encoders: best success {float(worst_random):.4g} ≤ bound {float(bound):.4g}")


CLAIMS = (
    Claim(
        id="jelassi2024/copy/counting-bound", stance="supports",
        paper=JELASSI2024, where="Thm 2.7 (state-size bound for COPY)",
        fidelity="reconstructed",
        source="the counting argument of Thm 2.7 as commonly stated (the paper's text was not re-read; it states a "
               "strict inequality, the toolkit checks ≤ and attainment)",
        statement="With a b-bit state, P(copy a uniform length-L string over D) ≤ 2^b/|D|^L, attained (capped at 1) "
                  "by an encoder injective on 2^b strings — checked exhaustively.",
        domain=Domain((Integer("bits", 0, 12), Integer("alphabet", 2, 6), Integer("length", 1, 6)),
                      (Constraint("|D|^L ≤ 5000 (exhaustive)",
                                  lambda bits, alphabet, length: alphabet**length <= 5000),)),
        defaults={"bits": 4, "alphabet": 2, "length": 6}, examples=15,
        theory=lambda bits, alphabet, length: sp.Rational(min(Fraction(1), Fraction(2**bits, alphabet**length))),
        simulate=lambda seed, bits, alphabet, length: Observation(
            sp.Rational(optimal_codec_success(bits, alphabet, length)), _count_sample(seed, bits, alphabet,
                                                                                      length).detail),
        relation=ExactEquality(),
        negative_control=lambda bits, alphabet, length: sp.Rational(min(Fraction(1), Fraction(bits, length))),
        negative_control_text="b/L (bits per symbol, capped)",
        method="enumerate all |D|^L strings",
    ),
)
