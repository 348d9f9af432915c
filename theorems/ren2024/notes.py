"""Findings about seqtheory's own formulas built on Ren, Li, Liu 2024 (arXiv:2410.03810) — not about the paper.

* ``decay-overflow-subnormal`` — the toolkit's floating-point overflow distance of the decayed COPY score
  (``ren2024/copy/decay-overflow``) pushed to 1 − ε ≈ 10⁻¹⁶: the scan's state stalls at the smallest subnormals, so
  the score never overflows; the formula holds for 1 − ε ≥ 10⁻⁶, its stated domain.
"""

from __future__ import annotations

from seqtheory.simulate import copy
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Real
from seqtheory.theorems.core.relations import ExactEquality
from seqtheory.theorems.exact.copy_bounds import predicted_overflow_distance
from seqtheory.theorems.papers import REN2024


def _predicted(a: float, eps: float) -> list[int]:
    return [predicted_overflow_distance(a, eps, t) for t in copy.DTYPES]


CLAIMS = (
    Claim(
        id="ren2024/notes/decay-overflow-subnormal", stance="tool",
        paper=REN2024,
        where="the toolkit's overflow-distance formula (ren2024/copy/decay-overflow) at 1 − ε near machine epsilon",
        fidelity="toolkit",
        source="the overflow-distance formula of decay-overflow, pushed to 1 − ε ≈ 1e-16",
        statement="The overflow distance formula of decay-overflow also holds for 1 − ε down to machine epsilon.",
        domain=Domain((Real("a", 0.0, 1.0, low_open=True, high_open=True, probe=(0.0, 0.999)),
                       Real("eps", 0.0, 1.0, high_open=True))),
        defaults={"a": 0.999, "eps": 1 - 2.0**-53},
        theory=_predicted,
        simulate=lambda seed, a, eps: [copy.overflow_distance(a, eps, t) for t in copy.DTYPES],
        relation=ExactEquality(),
        negative_control=lambda a, eps: [x - 1 for x in _predicted(a, eps)], negative_control_text="⌊…⌋ without the +1",
        method="the state of a one-channel selective scan, read off and inverted in each dtype",
        expected="fail",
        finding="false in float64 at a = 0.999, 1 − ε = 1.1e-16: the formula predicts overflow at distance 746 147, "
                "but the scan's decayed state stalls at the smallest subnormals (0.999·y rounds back to y below "
                "≈ 2.5e-321), so the score (1−ε)/y never overflows (≈ 1.1e307 for ever).  Found when the numeric "
                "side started reading the state off the scan; decay-overflow holds for 1 − ε ≥ 10⁻⁶.",
    ),
)
