"""C4 — the ratio λ of training two-hop facts to ID atomic facts matters (Yao, Ren, Liao, Liu 2025,
arXiv:2502.04667): an observation inside the paper's λ range on the regime replica
(:mod:`seqtheory.simulate.two_hop_regime`, experiment ``yao2025/regime``).

Per replica the same facts are assembled at λ = 3.6 (the low end of the paper's sweep 3.6–18) and at λ = 7.2 (the
authors' code default), and the same model seed trains a CoT model on each (6000 steps, the same budget): a paired
comparison.  The effect is OOD(λ = 7.2) − OOD(λ = 3.6), greedy exact match.

Regime gate: both ratios inside the paper's range [3.6, 18] (realised on the drawn facts), and both CoT models have
learned the task (mean ID exact match ≥ 0.9 at each ratio).  The earlier quick replica compared λ ≤ 2.5, below the
paper's whole range.  Threshold: half the calibrated effect, floored at 0 — the calibration replicas (root seed
1000) already show no gain (−0.06), so the claim is "more than no effect"; one-sided paired t-test at α = 0.05.

**A finding.**  The claim fails at every check seed: inside the paper's range, doubling λ does not raise CoT OOD
on this replica (the paired gains are negative on average; numbers in ``finding``).  The control is the paper's
direction at full strength — doubling λ doubles OOD (a gain equal to the calibrated OOD at λ = 3.6) — and it is
rejected.  This is not reproduced rather than contradicted: the gains are not significantly negative either, and
the replica (|E| = 100, 2 blocks) is far below the paper's scale, where λ is reported to matter.
"""

from __future__ import annotations

from seqtheory.simulate import two_hop_regime as regime
from seqtheory.simulate.stats import Regime
from seqtheory.theorems.core.experiment import calibrated_threshold, claimed_effect
from seqtheory.theorems.experiments import YAO_REGIME
from seqtheory.theorems.papers import YAO2025

#: The paper's λ sweep (Yao et al. 2025, as the authors' README and logs give it).
PAPER_RANGE = (3.6, 18.0)


def effect(run: dict) -> float:
    """OOD(CoT, λ = 7.2) − OOD(CoT, λ = 3.6), same facts and model seed."""
    return run["cot_ood"] - run["low_ood"]


def _low_ood(run: dict) -> float:
    return run["low_ood"]


#: The counterexample, from the recorded check runs (``seqtheory verify yao2025/c4 --seeds 0:3``).
FINDING = ("not reproduced inside the paper's λ range on the regime replica: doubling λ from 3.6 to 7.2 does not raise "
           "CoT OOD exact match — the mean paired gain over 6 replicas is −0.065 (95 % interval [−0.136, +0.006]) "
           "at check seed 0, −0.053 [−0.130, +0.023] at seed 1, −0.061 [−0.146, +0.024] at seed 2 (the "
           "calibration replicas: −0.06); both models learn the task (ID 0.95–1.00). Refutes, on this replica at a "
           "fixed 6000-step budget, the reading of Yao et al.'s C4 that a larger λ helps OOD; not the paper's "
           "scale.")


def _gate(runs) -> Regime:
    low, high = runs.column("ratio_low"), runs.column("ratio_high")  # (replicas,) realised λ
    id_high, id_low = runs.column("cot_id"), runs.column("low_id")
    inside = bool(low.min() >= PAPER_RANGE[0] - 1e-9 and high.max() <= PAPER_RANGE[1] + 1e-9)
    learned = bool(id_high.mean() >= regime.TARGET and id_low.mean() >= regime.TARGET)
    return Regime(f"both ratios inside the paper's range {list(PAPER_RANGE)} and both CoT models learned the task "
                  f"(mean ID exact match ≥ {regime.TARGET})",
                  f"realised λ {low.min():.2f}–{low.max():.2f} and {high.min():.2f}–{high.max():.2f}; mean CoT ID "
                  f"{id_low.mean():.3f} at λ = {regime.LOW_RATIO}, {id_high.mean():.3f} at λ = {regime.DATA.ratio}",
                  inside and learned)


def _detail(runs) -> str:
    return f"per replica ID/OOD at λ = {regime.LOW_RATIO}; λ = {regime.DATA.ratio}: " + " | ".join(
        f"{r['low_id']:.2f}/{r['low_ood']:.2f}; {r['cot_id']:.2f}/{r['cot_ood']:.2f}" for r in runs.runs)


CLAIMS = (
    claimed_effect(
        YAO_REGIME, effect, _gate, _detail,
        id="yao2025/c4/ratio-helps", stance="not-reproduced", paper=YAO2025, expected="fail",
        finding=FINDING,
        where="C4 (the ratio λ of two-hop to atomic facts matters)",
        source="trained replicas inside the paper's λ range (3.6 and 7.2), paired on the same facts; not the "
               "paper's scale",
        statement=f"Inside the paper's λ range, CoT training at λ = {regime.DATA.ratio} gives higher OOD exact match "
                  f"than at λ = {regime.LOW_RATIO} on the same atomic facts and budget: the mean paired gain exceeds "
                  "half the calibrated gain, floored at 0 (one-sided t-test, α = 0.05).",
        negative_control=lambda: calibrated_threshold(YAO_REGIME, _low_ood, fraction=1.0),
        negative_control_text="the paper's direction at full strength: doubling λ doubles OOD (a gain equal to the "
                              "calibrated OOD at λ = 3.6)",
        method=f"{YAO_REGIME.replicas} replicas × CoT trainings at two ratios on the same facts, greedy exact match",
    ),
)
