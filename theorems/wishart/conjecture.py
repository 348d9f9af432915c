"""Claims on the conjectured five-term recursion (:mod:`seqtheory.theorems.exact.five_term`): it is checked as an
exact identity against the proved zonal closed form, and run backwards against Haff's inverse moments.  A pass is
evidence, not a proof (``docs/wishart_moments.md``, §4, which reduces the conjecture exactly to one identity,
G M_k = −6 (k−1)! Q^{(2)}_{k−3}, with :mod:`seqtheory.theorems.exact.reduction`).
"""

from __future__ import annotations

import sympy as sp

from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer
from seqtheory.theorems.core.relations import ExactEquality
from seqtheory.theorems.exact import bipoly
from seqtheory.theorems.exact import wishart_moments as wm
from seqtheory.theorems.exact.five_term import backward_values, forward_polys
from seqtheory.theorems.papers import CONJECTURE


def _zonal_dicts(K: int) -> list[dict]:
    return [bipoly.to_dict(wm.trace_moment_array(k)) for k in range(K + 1)]


def _conjecture_dicts(seed: int, K: int) -> list[dict]:
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
        id="wishart/conjecture/five-term", stance="tool",
        examples=4, paper=CONJECTURE,
        fidelity="toolkit",
        source="seqtheory's own conjecture, found by fitting (not proved)",
        where="docs/wishart_moments.md, conjectured recursion",
        statement="CONJECTURE (not proved): the five-term recursion, started from the proved M_0..M_3, "
                  "reproduces the proved zonal M_k exactly for every k ≤ K (each step divisible by k+1).",
        domain=Domain((Integer("K", 4, 120, doc="last k checked", probe=40),)), defaults={"K": 40},
        theory=lambda K: _zonal_dicts(K), simulate=_conjecture_dicts, relation=ExactEquality(),
        negative_control=lambda K: _complex_dicts(K), negative_control_text="complex moments M^C_k",
        method="forward recursion vs zonal closed form, k ≤ K",
    ),
    Claim(
        id="wishart/conjecture/inverse", stance="tool",
        paper=CONJECTURE, where="docs/wishart_moments.md, recursion run backwards",
        fidelity="toolkit",
        source="seqtheory's own conjecture, run backwards (not proved)",
        statement="CONJECTURE (not proved): run backwards at integers, the five-term recursion gives "
                  "E tr W^{−j} for j ≤ J, equal to the proved Haff values wherever finite (n − d + 1 > 2J).",
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
