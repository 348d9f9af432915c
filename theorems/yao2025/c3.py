"""C3 — noise in the answer t is tolerated better than noise in the bridge b (Yao, Ren, Liao, Liu 2025,
arXiv:2502.04667): observations on the quick replica (:func:`seqtheory.simulate.two_hop.noise_replica`: |E| = 100,
1-block d = 32, Adam 3e-3, batch 64, 600 steps, CoT format), experiment ``yao2025/noise``.

Per replica the same facts are drawn three times — clean, with a share ξ = 0.2 of the training two-hop facts given
a random t, and with the same facts given a random b (the generator draws the noise last, so the facts, the split
and the noisy rows coincide; only the column that is randomised differs) — and the same model seed trains on each:
a paired comparison.  The paper's noise is a per-fact probability ξ; here it is an exact count (simplification in
:mod:`seqtheory.simulate.knowledge`).  Test sets are clean.

Regime gate: the paper's noise results (its logs: t-noise ξ = 0.2 → OOD 0.78, b-noise → 0.08) are relative to a
clean CoT model that generalises OOD (near 1).  This replica's clean OOD is about 0.3–0.7, and the regime replica's
(:mod:`seqtheory.simulate.two_hop_regime`) ends near 0.35: no configuration that fits 2 cores reached a clean OOD
≥ 0.9, so both C3 claims report ``out-of-regime`` — their numbers are shown, their verdicts say nothing about C3.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate.stats import Estimate
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain
from seqtheory.theorems.core.experiment import claimed_effect, paired_effect
from seqtheory.theorems.core.relations import LowerBound
from seqtheory.theorems.experiments import YAO_NOISE, clean_cot_generalises_ood
from seqtheory.theorems.papers import YAO2025

#: The paper's tolerance to answer noise (its logs: OOD 0.78 at ξ = 0.2 with a clean OOD of at most 1), read as a
#: retention: OOD under t-noise ≥ 0.78 × clean OOD.  Taken from the paper, not calibrated here.
PAPER_RETENTION = 0.78
#: z of the retention check: a one-sided 5 % test that the data do not contradict the paper's retention.
RETENTION_Z = 1.645


def effect(run: dict) -> float:
    """OOD(t-noise) − OOD(b-noise) of one replica (same facts, noisy rows and model seed)."""
    return run["t_ood"] - run["b_ood"]


def _detail(runs) -> str:
    return "per replica ID/OOD clean; t-noise; b-noise at ξ = 0.2: " + " | ".join(
        f"{r['clean_id']:.2f}/{r['clean_ood']:.2f}; {r['t_id']:.2f}/{r['t_ood']:.2f}; {r['b_id']:.2f}/{r['b_ood']:.2f}"
        for r in runs.runs)


def retention(runs) -> Estimate:
    """Pooled retention ΣOOD(t-noise)/ΣOOD(clean) with its delta-method standard error
    s(OOD_t − R·OOD_clean)/(√m · mean OOD_clean) over m replicas (NaN when the clean replicas never generalise)."""
    clean, noisy = runs.column("clean_ood"), runs.column("t_ood")  # (m,) each
    m = clean.size
    if clean.sum() == 0:
        return Estimate(float("nan"), float("nan"), m)
    ratio = float(noisy.sum() / clean.sum())
    return Estimate(ratio, float(np.std(noisy - ratio * clean, ddof=1) / (np.sqrt(m) * clean.mean())), m)


def _retention(seed: int) -> object:
    return paired_effect(YAO_NOISE, seed, {}, effect, clean_cot_generalises_ood, _detail,
                         test=f"one-sided: the pooled retention is not below the paper's {PAPER_RETENTION} by more "
                              f"than t·se (z = {RETENTION_Z}, Student t at m − 1 df)", estimate=retention,
                         power=False)


CLAIMS = (
    claimed_effect(
        YAO_NOISE, effect, clean_cot_generalises_ood, _detail,
        id="yao2025/c3/bridge-noise-worse", stance="supports", paper=YAO2025,
        where="C3 (noise in t is tolerated, noise in b is very damaging)",
        source="trained CPU-sized replicas, paired noise draws (the paper's logs: t-noise ξ = 0.2 → OOD 0.78, "
               "b-noise ξ = 0.2 → 0.08)",
        statement="With a share ξ = 0.2 of the training two-hop facts noisy, a random bridge b lowers OOD exact "
                  "match more than a random answer t, on the same facts and noisy rows: the mean paired difference "
                  "exceeds half the calibrated difference (one-sided t-test, α = 0.05). Clean accuracies beside.",
        negative_control_text="no effect: t-noise and b-noise equally harmful (difference 0)",
        method=f"{YAO_NOISE.replicas} replicas × (clean, t-noise, b-noise) CoT trainings on the same facts",
    ),
    Claim(
        id="yao2025/c3/answer-noise-tolerated", stance="not-reproduced", tags=("slow", "trained"), expected="fail",
        examples=1, paper=YAO2025, where="C3, its tolerance half (noise in t is tolerated)",
        fidelity="observation", experiment=YAO_NOISE,
        source="the paper's logs (t-noise ξ = 0.2 → OOD 0.78), read as a retention relative to a clean OOD of at "
               "most 1; checked on the CPU-sized replica",
        statement=f"With a share ξ = 0.2 of the training two-hop facts given a random answer t, the replica keeps at "
                  f"least {PAPER_RETENTION} of its clean OOD exact match (pooled ΣOOD(t-noise)/ΣOOD(clean) over "
                  f"{YAO_NOISE.replicas} paired replicas; one-sided, the data must not put it significantly below).",
        finding="not reproduced on the quick replica: the pooled retention was 0.475 ± 0.059 (10 paired seeds, the "
                "earlier 3-replica design's seed 0; per seed 0.17–0.88), well below the paper's 0.78 — t-noise "
                "roughly halves OOD here. The replica is outside the paper's regime (clean OOD 0.27–0.68, the "
                "paper's near 1), so the gate reports out-of-regime: this does not refute C3.",
        domain=Domain(()), defaults={},
        theory=lambda: PAPER_RETENTION, simulate=_retention, relation=LowerBound(z=RETENTION_Z),
        negative_control=lambda: 1.0,
        negative_control_text="t-noise harmless: full retention (1.0)",
        method=f"{YAO_NOISE.replicas} replicas × (clean, t-noise) CoT trainings on the same facts",
    ),
)
