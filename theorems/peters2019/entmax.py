"""Exact 1.5-entmax: the sort algorithm equals the threshold solution.

B. Peters, V. Niculae, A. F. T. Martins, *Sparse Sequence-to-Sequence Models*, ACL 2019, arXiv:1905.05702, §3
(α = 1.5 sort algorithm).  The sort-based kernel is compared with bisection on the threshold τ of
``Σ_i [z_i/2 − τ]_+² = 1``, run to machine precision, on the random rows of the sparsemax claims
(:mod:`seqtheory.theorems.martins2016.sparsemax`), with the same rounding scale 8·n·ε·max(1, max|z|).
"""

from __future__ import annotations

from seqtheory.simulate.nn import sparse
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.relations import Formula, MatchesFormula
from seqtheory.theorems.martins2016.sparsemax import ROW_DOMAIN, kernel_sample, rowwise
from seqtheory.theorems.papers import PETERS2019

CLAIMS = (
    Claim(
        id="peters2019/entmax/entmax15-exact",
        examples=8, paper=PETERS2019,
        fidelity="paper",
        source="§3, the exact sort algorithm for α = 1.5",
        where="§3, exact sort algorithm for α = 1.5",
        statement="The sort-based 1.5-entmax equals the threshold solution of Σ[z_i/2 − τ]_+² = 1 found by bisection.",
        domain=ROW_DOMAIN, defaults={"n": 12, "spread": 2.0, "masked": 3},
        theory=lambda n, spread, masked: Formula("threshold by bisection", rowwise(sparse.entmax15_bisection)),
        simulate=kernel_sample(sparse.entmax15), relation=MatchesFormula(1.0),
        negative_control=lambda n, spread, masked: Formula("sparsemax", sparse.sparsemax),
        negative_control_text="sparsemax (α = 2)", method="64 random rows",
    ),
)
