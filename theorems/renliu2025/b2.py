"""B2 — "the low-entropy tendency grows with model size" (Ren & Liu 2025, arXiv:2504.18929): an observation on the
replica of :mod:`seqtheory.simulate.entropy_replica` (order-1 Markov targets, V = 8, L = 5; 2 blocks, 4 heads,
d_ff = 4d, Adam 3e-3, batch 64), at widths d = 8 and d = 32, in both regimes (fresh samples every step; n = 300
fixed samples), same target, samples and initial seed at both widths.

What it measures: the width effect on Δ = H(p) − H(q) in each regime, and their difference
D = [Δ_fixed(32) − Δ_fixed(8)] − [Δ_fresh(32) − Δ_fresh(8)].  Measured (1000 steps, the claim's three seeds at
check seed 0, widths 8/16/32/64; ``seqtheory figures entropy_width``): Δ_fixed 0.45–1.07 / 1.13–1.76 / 1.25–2.07 /
1.43–2.00 — growing with width, towards the memoriser's 1.5–2.3 — while Δ_fresh stays within −0.16 … +0.13 at every
width with no trend (the bigram MLE fitted to the same fixed sample: −0.20 … +0.07).  So the growth with size is
seen **only where the model can memorise a finite sample**: with fresh samples a wider model does not favour lower
entropy.  Not evidence about the paper's (unknown) settings.

The sweep (:func:`seqtheory.simulate.entropy_replica.width_point`) also gives B4's instruments; it is cached per
process, so b4 reuses these trainings.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import entropy_replica as er
from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer
from seqtheory.theorems.core.relations import LowerBound
from seqtheory.theorems.papers import RENLIU2025

#: Asserted lower bound on D (nats).  Measured at 1000 steps, check seed 0: mean 0.76 (per seed 0.62–0.85).
GROWTH = 0.2


def _width_growth(seed: int, steps: int) -> Observation:
    runs = [{w: er.width_point(ss, steps, w) for w in (er.NARROW, er.WIDE)}
            for ss in np.random.SeedSequence(seed).spawn(er.SEEDS)]

    def growth(r, regime):
        return r[er.WIDE][regime]["gap"] - r[er.NARROW][regime]["gap"]

    est = Estimate.of_mean([growth(r, "fixed") - growth(r, "fresh") for r in runs])
    detail = (f"per seed Δ_fresh d={er.NARROW}→{er.WIDE}; Δ_fixed d={er.NARROW}→{er.WIDE}: " + " | ".join(
        f"{r[er.NARROW]['fresh']['gap']:+.3f}→{r[er.WIDE]['fresh']['gap']:+.3f}; "
        f"{r[er.NARROW]['fixed']['gap']:+.3f}→{r[er.WIDE]['fixed']['gap']:+.3f}" for r in runs)
        + f"; D {est.describe()}")
    return Observation(est, detail)


CLAIMS = (
    Claim(
        id="renliu2025/b2/width-fixed-vs-fresh", stance="not-reproduced", tags=("slow", "trained"),
        examples=1, paper=RENLIU2025, where="B2 (the tendency grows with model size)",
        fidelity="observation",
        source="a trained CPU-sized replica, two widths × two regimes, three seeds (settings are the toolkit's)",
        statement=f"Widening the b1 replica from d = {er.NARROW} to d = {er.WIDE} lowers the learned entropy more with "
                  f"n = {er.N_FIXED} fixed samples than with fresh samples: D = [Δ_fixed(d={er.WIDE}) − "
                  f"Δ_fixed(d={er.NARROW})] − [Δ_fresh(d={er.WIDE}) − Δ_fresh(d={er.NARROW})] ≥ {GROWTH} nats (mean "
                  f"over {er.SEEDS} seeds, within one standard error); every Δ is reported.",
        domain=Domain((Integer("steps", 1000, 2000, probe=1000),)),
        defaults={"steps": 1000},
        theory=lambda steps: GROWTH, simulate=_width_growth, relation=LowerBound(z=1.0),
        negative_control=lambda steps: 2.5,
        negative_control_text="size alone drives it, far beyond the sample (D ≥ 2.5 nats, more than Δ_fixed itself)",
        method=f"{er.SEEDS} seeds × 2 widths × (fresh, fixed) trainings; exact entropies by enumeration",
    ),
)
