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

Checked on the experiment ``renliu2025/entropy`` (10 replicas, the same trainings as b1, b3 and b4): regime gate,
every training converged; threshold half the calibrated D (root seed 1000); one-sided paired t-test at α = 0.05;
control "no effect" (0).  (The numbers above are the earlier three-seed design's, at check seed 0.)
"""

from __future__ import annotations

from seqtheory.simulate import entropy_replica as er
from seqtheory.theorems.core.experiment import claimed_effect
from seqtheory.theorems.experiments import RENLIU_ENTROPY, entropy_trainings_converged
from seqtheory.theorems.papers import RENLIU2025


def growth(run: dict, regime: str) -> float:
    return run[f"gap_{regime}_{er.WIDE}"] - run[f"gap_{regime}_{er.NARROW}"]


def effect(run: dict) -> float:
    """D = [Δ_fixed(32) − Δ_fixed(8)] − [Δ_fresh(32) − Δ_fresh(8)] of one replica (nats)."""
    return growth(run, "fixed") - growth(run, "fresh")


def _detail(runs) -> str:
    return f"per replica Δ_fresh d={er.NARROW}→{er.WIDE}; Δ_fixed d={er.NARROW}→{er.WIDE}: " + " | ".join(
        f"{r[f'gap_fresh_{er.NARROW}']:+.3f}→{r[f'gap_fresh_{er.WIDE}']:+.3f}; "
        f"{r[f'gap_fixed_{er.NARROW}']:+.3f}→{r[f'gap_fixed_{er.WIDE}']:+.3f}" for r in runs.runs)


CLAIMS = (
    claimed_effect(
        RENLIU_ENTROPY, effect, entropy_trainings_converged, _detail,
        id="renliu2025/b2/width-fixed-vs-fresh", stance="not-reproduced", paper=RENLIU2025,
        where="B2 (the tendency grows with model size)",
        source="trained CPU-sized replicas, two widths × two regimes (settings are the toolkit's)",
        statement=f"Widening the b1 replica from d = {er.NARROW} to d = {er.WIDE} lowers the learned entropy more with "
                  f"n = {er.N_FIXED} fixed samples than with fresh samples: the mean paired D = [Δ_fixed(d={er.WIDE}) "
                  f"− Δ_fixed(d={er.NARROW})] − [Δ_fresh(d={er.WIDE}) − Δ_fresh(d={er.NARROW})] exceeds half its "
                  "calibrated value (one-sided t-test, α = 0.05); every Δ is reported.",
        negative_control_text="no effect: width acts the same with fixed and fresh samples (D = 0)",
        method=f"{RENLIU_ENTROPY.replicas} replicas × 2 widths × (fresh, fixed) trainings; exact entropies by "
               "enumeration",
    ),
)
