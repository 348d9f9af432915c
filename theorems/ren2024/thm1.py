"""Mamba's score bound with varying decays, read off the actual scan (Ren, Li, Liu 2024, arXiv:2410.03810, Thm 1,
the score bound as reconstructed here; derivation: docs/mamba_copy_bounds.md).

With Euler discretisation the selective scan's state after an impulse u_s = 1 is h_t = Π_{r=s+1}^{t} e^{Δ_r A}·Δ_s B_s,
so a read at t needs the score (1 − ε)/(Δ_s Π_r a_r) with a_r = e^{Δ_r A} ∈ [a_min, a_max].  Which constant form
bounds it?  Since a_min^{t−s} ≤ Π a_r ≤ a_max^{t−s}, the **a_max form** (1 − ε)/(Δ_s a_max^{t−s}) is a valid lower
bound and the a_min form an upper bound — strict as soon as the decays vary.  Checked on ``selective_scan`` with
random Δ_t: the needed score is (1 − ε)/y_t with y_t the scan's own output.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import copy
from seqtheory.simulate.stats import Observation
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer, Real
from seqtheory.theorems.core.relations import ExactEquality
from seqtheory.theorems.papers import REN2024

EPS_READ = 0.1  # the read tolerance ε of the statement: weight ≥ 1 − ε


def _simulate(seed: int, distance: int, lam: float, dlo: float, dhi: float) -> Observation:
    needed, lo, hi = copy.needed_and_forms(np.random.default_rng(seed), distance, lam, dlo, dhi, EPS_READ)
    return Observation([bool(lo <= needed), bool(hi <= needed)],
                       f"needed score {needed:.6g}; a_max form {lo:.6g}; a_min form {hi:.6g}")


CLAIMS = (
    Claim(
        id="ren2024/thm1/varying-decay", stance="lemma",
        paper=REN2024, where="Thm 1 (score ≥ (1−ε)/Π a_r), decays varying with Δ_t",
        fidelity="derived",
        source="the score a read through varying decays needs, derived here from the scan's recurrence (Thm 1's "
               "constants c, d were not reached)",
        statement="When the decays a_r = e^{Δ_r A} vary along the sequence, the score needed to read a token "
                  "t − s steps back is at least (1 − ε)/(Δ_s a_max^{t−s}) (the a_max form is a lower bound) and "
                  "strictly less than the a_min form — read off the scan's own state.",
        domain=Domain((Integer("distance", 2, 2000, probe=400), Real("lam", 0.0, 1.0, low_open=True, probe=(0.01, 1.0)),
                       Real("dlo", 0.01, 1.0), Real("dhi", 0.02, 4.0)),
                      (Constraint("dhi ≥ 2·dlo (the decays vary)", lambda distance, lam, dlo, dhi: dhi >= 2 * dlo),
                       Constraint("distance·λ·dhi ≤ 600 (the scan's state stays above float64's range)",
                                  lambda distance, lam, dlo, dhi: distance * lam * dhi <= 600))),
        defaults={"distance": 100, "lam": 0.5, "dlo": 0.05, "dhi": 0.5},
        theory=lambda distance, lam, dlo, dhi: [True, False], simulate=_simulate, relation=ExactEquality(),
        negative_control=lambda distance, lam, dlo, dhi: [True, True],
        negative_control_text="both constant forms are lower bounds (decay base immaterial)",
        method="an impulse through selective_scan with random Δ_t; needed score = (1 − ε)/y_t",
    ),
)
