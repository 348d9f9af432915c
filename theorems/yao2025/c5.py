"""C5 — with CoT the bridge entity is resolved at a shallower layer (Yao, Ren, Liao, Liu 2025, arXiv:2502.04667,
v2: "CoT-trained models resolve intermediate results at shallower layers compared to non-CoT counterparts"): an
observation with the logit lens on the regime replica (:mod:`seqtheory.simulate.two_hop_regime`, experiment
``yao2025/regime``: 2 blocks, the trainings of C1).

Probe (:func:`seqtheory.simulate.knowledge.bridge_lens`): on 200 training two-hop queries, the residual stream after
each block at the last prompt position (r2) is read through the final LayerNorm and the tied unembedding; b is
*resolved* at the first block where it is the top-1 token for at least half the queries (block 3 = "never").
The effect is block(no CoT) − block(CoT).

Regime gate: the model without CoT generalises in distribution (mean ID ≥ 0.9, as C1) **and** the lens finds b in
it at some block in at least half the replicas — the paper compares two layers at which b is resolved; a no-CoT
model in which the lens never sees b (it answers t without exposing b) is outside what the paper measured, and
counting "never" as deeper would make the claim pass for the wrong reason.  Threshold: half the calibrated effect
(root seed 1000, floored at 0); one-sided paired t-test at α = 0.05; control "no effect" (0).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate.stats import Regime
from seqtheory.theorems.core.experiment import claimed_effect
from seqtheory.theorems.experiments import YAO_REGIME, no_cot_generalises_id
from seqtheory.theorems.papers import YAO2025

RESOLVED, BLOCKS = 0.5, 2


def block(run: dict, name: str) -> int:
    """The first block (1-based) whose lens share of b reaches :data:`RESOLVED`; BLOCKS + 1 when none does."""
    for b in range(1, BLOCKS + 1):
        if run[f"{name}_lens{b}"] >= RESOLVED:
            return b
    return BLOCKS + 1


def effect(run: dict) -> float:
    return float(block(run, "plain") - block(run, "cot"))


def _gate(runs) -> Regime:
    generalises = no_cot_generalises_id(runs)
    seen = np.array([block(r, "plain") <= BLOCKS for r in runs.runs])  # (replicas,) b resolved somewhere
    return Regime(generalises.condition + f"; and the lens finds b in the no-CoT model at some block (share ≥ "
                                          f"{RESOLVED}) in at least half the replicas",
                  generalises.measured + f"; b resolved without CoT in {int(seen.sum())} of {seen.size} replicas",
                  bool(generalises.met and seen.mean() >= 0.5))


def _detail(runs) -> str:
    return "lens share of b after blocks 1–2, CoT | no CoT: " + "; ".join(
        f"{r['cot_lens1']:.2f}, {r['cot_lens2']:.2f} | {r['plain_lens1']:.2f}, {r['plain_lens2']:.2f}"
        for r in runs.runs)


CLAIMS = (
    claimed_effect(
        YAO_REGIME, effect, _gate, _detail,
        id="yao2025/c5/bridge-layer", stance="supports", paper=YAO2025,
        where="C5 (two-stage circuit: the bridge resolved at a shallower layer with CoT)",
        source="logit lens on trained 2-block replicas in the paper's regime (the paper's probe is on 8-layer "
               "models)",
        statement=f"In the paper's regime, the bridge b is resolved (logit-lens top-1 at r2 for ≥ {RESOLVED} of the "
                  "training queries) at an earlier block with CoT than without: the mean paired difference of the "
                  "blocks exceeds half the calibrated difference (one-sided t-test, α = 0.05).",
        negative_control_text="no effect: b resolved at the same block with and without CoT",
        method=f"{YAO_REGIME.replicas} replicas × (CoT, no CoT) trainings, logit lens after each block",
    ),
)
