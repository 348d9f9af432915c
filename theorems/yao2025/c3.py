"""C3 — noise in the answer t is tolerated better than noise in the bridge b (Yao, Ren, Liao, Liu 2025,
arXiv:2502.04667): an observation on the C1 replica (:mod:`seqtheory.simulate.two_hop`: |E| = 100, 1-layer
d = 32, Adam 3e-3, batch 64, CoT format).

Per replica seed the same facts are drawn three times — clean, with a share ξ of the training two-hop facts given a
random t, and with the same facts given a random b (the generator draws the noise last, so the facts, the split and
the noisy rows coincide; only the column that is randomised differs) — and the same model seed trains on each:
a paired comparison.  The paper's noise is a per-fact probability ξ; here it is an exact count (simplification in
:mod:`seqtheory.simulate.knowledge`).  Test sets are clean.

What this replica shows (measured at 600 steps, seeds 10–17): OOD exact match under t-noise exceeds that under
b-noise at every seed (paired differences 0.06–0.27 at ξ = 0.2, mean 0.16; 0.01–0.13 at ξ = 0.3, mean 0.08); the
ID differences are smaller and of either sign at ξ = 0.2.  The paper's *tolerance* to t-noise (OOD 0.78 at
ξ = 0.2) is **not** reproduced at this scale: t-noise at ξ = 0.2 roughly halves the clean OOD accuracy here —
recorded as its own claim, ``yao2025/c3/answer-noise-tolerated`` (an expected failure, stance not-reproduced, the
threshold taken from the paper's 0.78).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from seqtheory.simulate import two_hop
from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer, Real
from seqtheory.theorems.core.relations import LowerBound
from seqtheory.theorems.papers import YAO2025

#: The paper's tolerance to answer noise (the logs the source field cites: OOD 0.78 at ξ = 0.2 with a clean OOD of
#: at most 1), read as a retention: OOD under t-noise ≥ 0.78 × clean OOD.  Taken from the paper, not calibrated here.
PAPER_RETENTION = 0.78
#: Replica seeds of the retention check (≥ 10: a real test of a mean, not a handful of runs).
RETENTION_REPLICAS = 10

#: Asserted: the mean over seeds of OOD(t-noise) − OOD(b-noise) is at least this, within one standard error.
#: Lowest 3-seed mean − s.e. in the measurements of the module docstring: ≈ 0.05 (ξ = 0.3).
GAP = 0.03


def _noise_replica(seed_seq: np.random.SeedSequence, steps: int, noise: float) -> dict:
    """{None: clean, "t": answer noise, "b": bridge noise} → (ID, OOD) exact match, CoT format, paired."""
    return two_hop.variants_replica(seed_seq, steps, {
        None: two_hop.DATA, "t": dataclasses.replace(two_hop.DATA, noise=noise, noise_target="t"),
        "b": dataclasses.replace(two_hop.DATA, noise=noise, noise_target="b")})


def _noise_gap(seed: int, steps: int, noise: float) -> Observation:
    return two_hop.paired_ood_gap(seed, lambda ss: _noise_replica(ss, steps, noise), "t", "b", (None, "t", "b"),
                             f"clean; t-noise; b-noise at ξ = {noise:g}")


def _retention(seed: int, steps: int) -> Observation:
    """Pooled retention ΣOOD(t-noise)/ΣOOD(clean) over :data:`RETENTION_REPLICAS` paired replicas at ξ = 0.2, with
    its delta-method standard error s(OOD_t − R·OOD_clean)/(√m · mean OOD_clean) (m replicas)."""
    t_noise = dataclasses.replace(two_hop.DATA, noise=0.2, noise_target="t")
    runs = [two_hop.variants_replica(ss, steps, {None: two_hop.DATA, "t": t_noise})
            for ss in np.random.SeedSequence(seed).spawn(RETENTION_REPLICAS)]
    clean = np.array([r[None][1] for r in runs])  # (m,) clean OOD exact match
    noisy = np.array([r["t"][1] for r in runs])  # (m,) OOD exact match with t-noise, same facts and model seed
    m = len(runs)
    if clean.sum() == 0:
        return Observation(Estimate(float("nan"), float("nan"), m), "the clean replicas never generalise OOD")
    ratio = float(noisy.sum() / clean.sum())
    stderr = float(np.std(noisy - ratio * clean, ddof=1) / (np.sqrt(m) * clean.mean()))
    pairs = " | ".join(f"{c:.2f}/{t:.2f}" for c, t in zip(clean, noisy, strict=True))
    detail = (f"per seed OOD clean/t-noise: {pairs}; retention {ratio:.3f} ± {stderr:.3f}; clean OOD mean "
              f"{clean.mean():.2f} (the paper's is near 1)")
    return Observation(Estimate(ratio, stderr, m), detail)


CLAIMS = (
    Claim(
        id="yao2025/c3/bridge-noise-worse", stance="supports", tags=("slow", "trained"),
        examples=1, paper=YAO2025, where="C3 (noise in t is tolerated, noise in b is very damaging)",
        fidelity="observation",
        source="a trained CPU-sized replica, three seeds, paired noise draws (the paper's scale is far larger; its "
               "logs: t-noise ξ = 0.2 → OOD 0.78, b-noise ξ = 0.2 → 0.08)",
        statement=f"On the C1 replica trained with CoT, a share ξ ∈ [0.2, 0.3] of training two-hop facts with a "
                  f"random bridge b lowers OOD exact match more than the same share with a random answer t: the "
                  f"mean paired difference over {two_hop.REPLICAS} seeds is at least {GAP} (within one standard "
                  "error). The clean accuracies are reported beside them; t-noise is not harmless at this scale.",
        domain=Domain((Integer("steps", 600, 1500, probe=600), Real("noise", 0.2, 0.3))),
        defaults={"steps": 600, "noise": 0.2},
        theory=lambda steps, noise: GAP, simulate=_noise_gap, relation=LowerBound(z=1.0),
        negative_control=lambda steps, noise: 0.5,
        negative_control_text="t-noise harmless and b-noise fatal (gap ≥ 0.5, the clean OOD accuracy)",
        method=f"{two_hop.REPLICAS} seeds × (clean, t-noise, b-noise) CoT trainings on the same facts, greedy exact "
               "match",
    ),
    Claim(
        id="yao2025/c3/answer-noise-tolerated", stance="not-reproduced", tags=("slow", "trained"), expected="fail",
        examples=1, paper=YAO2025, where="C3, its tolerance half (noise in t is tolerated)",
        fidelity="observation",
        source="the paper's logs as the source field of bridge-noise-worse cites them (t-noise ξ = 0.2 → OOD 0.78), "
               "read as a retention relative to a clean OOD of at most 1; checked on the CPU-sized C1 replica",
        statement=f"With a share ξ = 0.2 of the training two-hop facts given a random answer t, the replica keeps at "
                  f"least {PAPER_RETENTION} of its clean OOD exact match (pooled over {RETENTION_REPLICAS} paired "
                  "seeds: ΣOOD(t-noise)/ΣOOD(clean), within one standard error).",
        finding="false on the replica: at seed 0, 600 steps, the pooled retention is 0.475 ± 0.059 (10 paired "
                "seeds; per-seed 0.17–0.88; 4.9 tolerances short), well below the paper's 0.78 — t-noise roughly "
                "halves OOD here. The replica is outside the paper's regime (its clean OOD is 0.27–0.68, the "
                "paper's near 1), so this does not refute C3: the tolerance is not reproduced at this scale.",
        domain=Domain((Integer("steps", 600, 1500, probe=600),)),
        defaults={"steps": 600},
        theory=lambda steps: PAPER_RETENTION, simulate=_retention, relation=LowerBound(z=1.0),
        negative_control=lambda steps: 1.0,
        negative_control_text="t-noise harmless: full retention (1.0)",
        method=f"{RETENTION_REPLICAS} seeds × (clean, t-noise) CoT trainings on the same facts, greedy exact match",
    ),
)
