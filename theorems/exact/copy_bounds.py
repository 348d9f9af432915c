"""Closed forms of the COPY and copy-cost claims (Ren, Li, Liu 2024, arXiv:2410.03810, Thms 1–2 and §3;
derivations: ``docs/mamba_copy_bounds.md``).

* the distance at which the score (1 − ε)a^{−(t−s)} needed to read a token back through decay a overflows a float
  type (round to nearest: anything below max + ulp(max)/2 is stored as max);
* the logit gap log((L − 1)(1 − δ)/δ) at which softmax puts weight 1 − δ on one of L keys;
* the exact expected accuracy of copying n tokens through N < n shared slots (Σ_slots E[max count]/n).
"""

from __future__ import annotations

from fractions import Fraction
from math import factorial, floor, log

import numpy as np


def overflow_threshold(dtype) -> float:
    """ln H, H the smallest real that rounds to inf when stored in ``dtype`` (round to nearest): the largest
    finite value max = 2^e(2 − 2^{−p}) plus half its ulp 2^{e−p}, i.e. H = max·(1 + 2^{−(p+1)}/(2 − 2^{−p}))
    with p mantissa bits (float16: 65504 + 16 = 65520)."""
    info = np.finfo(dtype)
    p = info.nmant
    return log(float(info.max)) + float(np.log1p(2.0 ** -(p + 1) / (2 - 2.0**-p)))


def predicted_overflow_distance(a: float, eps: float, dtype) -> int:
    """⌊(ln H − ln(1−ε))/ln(1/a)⌋ + 1 with H = max + ulp(max)/2 the overflow threshold of round-to-nearest
    (:func:`overflow_threshold`): the first distance whose exact score reaches H."""
    return floor((overflow_threshold(dtype) - log(1 - eps)) / -log(a)) + 1  # −ln a: 1/a overflows for tiny a


def required_gap(L: int, delta: float) -> float:
    """g* = log((L − 1)(1 − δ)/δ): the logit gap at which the target's softmax weight is exactly 1 − δ."""
    return log(L - 1) + float(np.log1p(-delta)) - log(delta)


def expected_max_count(k: int, V: int) -> Fraction:
    """E[max_v c_v] for k tokens drawn uniformly from V symbols: Σ_{m≥1} P(max ≥ m), with
    P(max < m) = k!·[x^k](Σ_{j<m} x^j/j!)^V / V^k (exact rational arithmetic)."""
    total = Fraction(0)
    for m in range(1, k + 1):
        poly = [Fraction(1, factorial(j)) for j in range(min(m, k + 1))]  # Σ_{j<m} x^j/j!, truncated at x^k
        power = [Fraction(1)] + [Fraction(0)] * k
        for _ in range(V):
            power = [sum(power[i] * poly[d - i] for i in range(max(0, d - len(poly) + 1), d + 1))
                     for d in range(k + 1)]
        below = power[k] * factorial(k) / Fraction(V) ** k
        total += 1 - below
    return total


def shared_slot_accuracy(n: int, N: int, V: int) -> Fraction:
    """Exact expected token accuracy of the shared-slot copy (token s in slot s mod N, read = argmax of the
    slot's sum): a token is recovered iff its symbol is its slot's plurality, so the accuracy is
    Σ_slots E[max count in the slot]/n."""
    sizes = [len(range(j, n, N)) for j in range(min(N, n))]
    return sum((expected_max_count(k, V) for k in sizes), Fraction(0)) / n
