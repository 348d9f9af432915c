"""Exact 1.5-entmax: the sort algorithm equals the threshold solution.

B. Peters, V. Niculae, A. F. T. Martins, *Sparse Sequence-to-Sequence Models*, ACL 2019, arXiv:1905.05702, §3
(α = 1.5 sort algorithm).  The sort-based kernel is compared with bisection on the threshold τ of
``Σ_i [z_i/2 − τ]_+² = 1``, run to machine precision, on the random rows of the sparsemax claims
(:func:`seqtheory.simulate.nn.sparse.random_score_rows`), with the same rounding scale 8·n·ε·max(1, max|z|).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate.nn import sparse
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer, Real
from seqtheory.theorems.core.relations import Formula, MatchesFormula, Sample
from seqtheory.theorems.papers import PETERS2019


def _entmax_sample(seed: int, n: int, spread: float, masked: int) -> Sample:
    """The sort-based 1.5-entmax on 64 random score rows, error in units of their rounding scale."""
    z = sparse.random_score_rows(np.random.default_rng(seed), n, spread, masked)
    return Sample(z, sparse.entmax15(z), sparse.rounding_scale(z))


CLAIMS = (
    Claim(
        id="peters2019/entmax/entmax15-exact", stance="supports",
        examples=8, paper=PETERS2019,
        fidelity="reconstructed",
        source="§3's sort algorithm for α = 1.5 as commonly stated (the paper's text was not re-read)",
        where="§3, exact sort algorithm for α = 1.5",
        statement="The sort-based 1.5-entmax equals the threshold solution of Σ[z_i/2 − τ]_+² = 1 found by bisection.",
        domain=Domain((Integer("n", 2, probe=40), Real("spread", 0.0, low_open=True, probe=(0.0, 50.0)),
                       Integer("masked", 0, probe=5))),
        defaults={"n": 12, "spread": 2.0, "masked": 3},
        theory=lambda n, spread, masked: Formula("threshold by bisection", sparse.rowwise(sparse.entmax15_bisection)),
        simulate=_entmax_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, spread, masked: Formula("sparsemax", sparse.sparsemax),
        negative_control_text="sparsemax (α = 2)", method="64 random rows",
    ),
)
