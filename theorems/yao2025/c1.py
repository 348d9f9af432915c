"""C1 — explicit CoT extends generalisation to OOD compositions (Yao, Ren, Liao, Liu 2025, arXiv:2502.04667): an
observation on the replica in the paper's regime.

Replica: :mod:`seqtheory.simulate.two_hop_regime` (|E| = 100, λ = 7.2, a 2-block d = 64 numpy transformer, AdamW;
6000 steps with CoT, 14 000 without — the longer run can only help the no-CoT model), the experiment
``yao2025/regime`` of :mod:`seqtheory.theorems.experiments` (recorded by ``seqtheory observe``).  Per replica the
CoT and the no-CoT model train on the same facts from the same model seed; the effect is the paired difference
OOD(CoT) − OOD(no CoT) of greedy exact match.

Regime gate: the paper's no-CoT models generalise in distribution and fail OOD; C1 is about what CoT adds to that.
The check speaks about the paper only when the no-CoT model reaches mean ID exact match ≥ 0.9 over the replicas
(the quick replica of :mod:`seqtheory.simulate.two_hop` never does: ID ≈ 0.05).

Threshold: half the mean effect of the calibration replicas (root seed 1000, never a check seed); the test is a
one-sided paired t-test at α = 0.05; the control is "no effect" (0), which the replicas must reject by ≥ 3 test
tolerances.  The paper's scale (8-layer GPT-2, |E| = 2000) is far larger.
"""

from __future__ import annotations

from seqtheory.simulate import two_hop_regime as regime
from seqtheory.theorems.core.experiment import claimed_effect
from seqtheory.theorems.experiments import YAO_REGIME, no_cot_generalises_id
from seqtheory.theorems.papers import YAO2025


def effect(run: dict) -> float:
    """OOD(CoT) − OOD(no CoT) of one replica (paired: same facts, same model seed)."""
    return run["cot_ood"] - run["plain_ood"]


def _detail(runs) -> str:
    return "per replica ID/OOD with CoT; without: " + " | ".join(
        f"{r['cot_id']:.2f}/{r['cot_ood']:.2f}; {r['plain_id']:.2f}/{r['plain_ood']:.2f}" for r in runs.runs)


CLAIMS = (
    claimed_effect(
        YAO_REGIME, effect, no_cot_generalises_id, _detail,
        id="yao2025/c1/cot-ood-gap", stance="supports", paper=YAO2025,
        where="C1 (CoT extends generalisation from ID to OOD compositions)",
        source="trained replicas in the paper's regime (no-CoT models generalise ID), not the paper's scale",
        statement=f"In the paper's regime (the model without CoT reaches ID exact match ≥ {regime.TARGET}), training "
                  "with CoT raises OOD exact match over training without it, on the same facts: the mean paired "
                  "gain exceeds half the calibrated gain (one-sided t-test, α = 0.05).",
        negative_control_text="no effect: CoT adds nothing OOD (gain 0)",
        method=f"{YAO_REGIME.replicas} replicas × (CoT, no CoT) trainings on the same facts, greedy exact match; "
               "threshold from the calibration replicas",
    ),
)
