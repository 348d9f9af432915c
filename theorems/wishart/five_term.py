"""Claims on the five-term recursion (:mod:`seqtheory.theorems.exact.five_term`).  Found by fitting, it is a theorem
for k ≥ 4: ``docs/wishart_moments.md`` §4 (x) proves it by creative telescoping (the certificates of
:mod:`~seqtheory.theorems.exact.g_certificate`, :mod:`~seqtheory.theorems.exact.edge_certificate` and
:mod:`~seqtheory.theorems.exact.edge_boundary`).  ``wishart/five-term/forward`` checks the theorem against the zonal
closed form, computed by its own engine (never by the recursion, which serves M_k for k > 40); the recursion *run
backwards* to the inverse moments is not covered by the proof, and ``wishart/five-term/inverse`` stays a conjecture
checked against Haff's identity.
"""

from __future__ import annotations

import sympy as sp

from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer
from seqtheory.theorems.core.relations import ExactEquality
from seqtheory.theorems.exact import bipoly, zonal
from seqtheory.theorems.exact import wishart_moments as wm
from seqtheory.theorems.exact.five_term import backward_values, forward_polys
from seqtheory.theorems.papers import FIVE_TERM


def _zonal_dicts(K: int) -> list[dict]:
    """M_0..M_K from the zonal engine itself, never from wishart_moments (which serves k > 40 by the recursion)."""
    return [bipoly.to_dict(a) for a in zonal.trace_moment_arrays(K)]


def _recursion_dicts(seed: int, K: int) -> list[dict]:
    return [bipoly.to_dict(p) for p in forward_polys([wm.trace_moment_array(k) for k in range(4)], K)]


def _complex_dicts(K: int) -> list[dict]:
    return [bipoly.to_dict(p) for p in wm.complex_trace_moment_arrays(K)]


def _haff_values(n: int, d: int, J: int) -> list:
    return [wm.inverse_trace_moment(j, n, d) for j in range(1, J + 1)]


def _backward(seed: int, n: int, d: int, J: int) -> list:
    values = backward_values([wm.trace_moment_value(k, n, d) for k in range(4)], n, d, J)
    return [sp.Rational(v.numerator, v.denominator) for v in values]


def _power_rule(n: int, d: int, J: int) -> list:
    return [d * sp.Rational(1, n - d - 1) ** j for j in range(1, J + 1)]


CLAIMS = (
    Claim(
        id="wishart/five-term/forward", stance="tool",
        examples=4, paper=FIVE_TERM,
        fidelity="toolkit",
        source="seqtheory's own theorem: found by fitting, proved in docs/wishart_moments.md §4 (x)",
        where="docs/wishart_moments.md §4, the five-term recursion (Theorem)",
        statement="THEOREM (proved in docs/wishart_moments.md §4 (x)): the five-term recursion, started from "
                  "M_0..M_3, reproduces the zonal closed form M_k exactly for every k ≤ K (each step divisible by "
                  "k+1); checked here against the zonal engine.",
        domain=Domain((Integer("K", 4, 120, doc="last k checked", probe=40),)), defaults={"K": 40},
        theory=lambda K: _zonal_dicts(K), simulate=_recursion_dicts, relation=ExactEquality(),
        negative_control=lambda K: _complex_dicts(K), negative_control_text="complex moments M^C_k",
        method="forward recursion vs zonal closed form, k ≤ K",
    ),
    Claim(
        id="wishart/five-term/inverse", stance="tool",
        paper=FIVE_TERM, where="docs/wishart_moments.md, recursion run backwards",
        fidelity="toolkit",
        source="seqtheory's own conjecture: the recursion is proved for k ≥ 4, its backward continuation is not",
        statement="CONJECTURE (not proved: the proof covers k ≥ 4 only): run backwards at integers, the five-term "
                  "recursion gives E tr W^{−j} for j ≤ J, equal to the proved Haff values wherever finite "
                  "(n − d + 1 > 2J).",
        domain=Domain((Integer("n", 3, probe=80), Integer("d", 1, probe=12), Integer("J", 1, 12, probe=6)),
                      (Constraint("n − d + 1 > 2J (finite inverse moments)",
                                  lambda n, d, J: n - d + 1 > 2 * J),)),
        defaults={"n": 30, "d": 6, "J": 6},
        stress=(Integer("n", 1, probe=80),), relax=("n − d + 1 > 2J (finite inverse moments)",),
        theory=_haff_values, simulate=_backward, relation=ExactEquality(),
        negative_control=_power_rule, negative_control_text="d/(n−d−1)^j",
        method="backward recursion vs Haff's identity",
    ),
)
