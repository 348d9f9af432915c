"""B1 — "Transformers favour lower-entropy distributions than the target" (Ren & Liu 2025, arXiv:2504.18929):
an observation that separates the claim from its finite-sample confound, on the entropy replica
(:mod:`seqtheory.simulate.entropy_replica`: order-1 Markov targets over 8 symbols, length 5, exact entropies by
enumeration; a 2-layer d = 16 numpy transformer trained on fresh samples or on n = 300 fixed samples from the same
initialisation; three seeds, each with its own target).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import entropy_replica as er
from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer
from seqtheory.theorems.core.relations import LowerBound
from seqtheory.theorems.papers import RENLIU2025

#: The asserted lower bound on Δ_fixed − Δ_fresh (nats).  Measured at 1000 steps, seeds 0–2: 1.31–1.72.
CONFOUND = 0.5


def _sample_regime(seed: int, steps: int) -> Observation:
    runs = [er.entropy_gaps(ss, steps) for ss in np.random.SeedSequence(seed).spawn(er.SEEDS)]
    fresh = Estimate.of_mean([r[1] for r in runs])
    est = Estimate.of_mean([r[2] - r[1] for r in runs])
    detail = ("per seed H(p) / Δ_fresh / Δ_fixed: " + "; ".join(f"{h:.3f} / {a:+.3f} / {b:+.3f}" for h, a, b in runs)
              + f"; Δ_fresh {fresh.describe()}")
    return Observation(est, detail)


CLAIMS = (
    Claim(
        id="renliu2025/b1/sample-regime", stance="not-reproduced", tags=("slow", "trained"),
        examples=1, paper=RENLIU2025, where="B1 (lower-entropy bias) against its finite-sample confound",
        fidelity="observation",
        source="a trained CPU-sized replica, three seeds (the paper's setup was not reachable; settings are the "
               "toolkit's)",
        statement=f"Training on n = {er.N_FIXED} fixed samples instead of fresh ones lowers the learned entropy: "
                  f"Δ_fixed − Δ_fresh ≥ {CONFOUND} nats (mean over {er.SEEDS} seeds, within one standard error); "
                  "the fresh-sample Δ is reported with its interval and sign.",
        domain=Domain((Integer("steps", 1000, 3000, probe=1000),)),
        defaults={"steps": 1000},
        theory=lambda steps: CONFOUND, simulate=_sample_regime, relation=LowerBound(z=1.0),
        negative_control=lambda steps: (er.V**er.L - 1) / (2 * er.N_FIXED),
        negative_control_text="Miller–Madow's (K − 1)/(2n) = 54.6 nats, used where n ≪ K = 8⁵",
        method=f"{er.SEEDS} seeds × (fresh, fixed) trainings; exact entropies by enumeration of 8⁵ sequences",
    ),
)
