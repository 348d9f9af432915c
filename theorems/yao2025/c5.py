"""C5 — with CoT the bridge entity is resolved at a shallower layer (Yao, Ren, Liao, Liu 2025, arXiv:2502.04667,
v2: "CoT-trained models resolve intermediate results at shallower layers compared to non-CoT counterparts"): an
observation with the logit lens on a 3-block version of the C1 replica.

Replica: the C1 data (:mod:`seqtheory.simulate.two_hop`, |E| = 100, λ = 2.5) and a 3-block numpy transformer
(d = 32, 4 heads, d_ff = 128, float32, Adam 3e-3, batch 64, ``steps`` steps), trained with and without CoT on the
same facts.  Probe (:func:`seqtheory.simulate.knowledge.bridge_lens`): on the training two-hop queries (which both
models fit), the residual stream after each block at the last prompt position (r2) is read through the final
LayerNorm and the tied unembedding; b is *resolved* at a block when it is the top-1 token for at least half the
queries.

Measured (400 steps, seeds 0–5): with CoT the share is ≈ 0.4–0.6 after block 1, ≈ 0.9 after block 2 and 1.0 after
block 3; without CoT it stays ≤ 0.1 after every block (the model answers t from a lookup: it fits the training
queries without ever exposing b).  So "shallower with CoT" holds here in the strong form — the non-CoT model never
resolves b at this scale, whereas the paper's non-CoT models (trained far longer, with ID generalisation) resolve
it at deeper layers.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from seqtheory.simulate import two_hop
from seqtheory.simulate.stats import Observation
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer
from seqtheory.theorems.core.relations import ExactEquality
from seqtheory.theorems.papers import YAO2025

LAYERS, RESOLVED = 3, 0.5


def _resolved_shares(seed: int, steps: int) -> Observation:
    runs = [two_hop.lens_replica(ss, steps, LAYERS) for ss in np.random.SeedSequence(seed).spawn(two_hop.REPLICAS)]
    before_last = Fraction(sum(bool(np.any(r[True][:-1] >= RESOLVED)) for r in runs), len(runs))
    without = Fraction(sum(bool(np.any(r[False] >= RESOLVED)) for r in runs), len(runs))
    detail = "share of training queries with b top-1 after blocks 1–3, CoT | no CoT: " + "; ".join(
        f"{np.round(r[True], 2).tolist()} | {np.round(r[False], 2).tolist()}" for r in runs)
    return Observation([before_last, without], detail)


CLAIMS = (
    Claim(
        id="yao2025/c5/bridge-layer", control_is_paper=True, stance="not-reproduced", tags=("slow", "trained"),
        examples=1, paper=YAO2025, where="C5 (two-stage circuit: the bridge resolved at a shallower layer with CoT)",
        fidelity="observation",
        source="logit lens on a trained 3-block CPU replica, three seeds (the paper's probe is on 8-layer models)",
        statement=f"On a {LAYERS}-block version of the C1 replica, the bridge b is resolved (logit-lens top-1 at the "
                  f"r2 position for ≥ {RESOLVED} of the training queries) before the last block at every one of "
                  f"{two_hop.REPLICAS} seeds with CoT, and at no block at any seed without CoT (measured shares of "
                  "seeds 1 and 0).",
        domain=Domain((Integer("steps", 400, 1000, probe=400),)),
        defaults={"steps": 400},
        theory=lambda steps: [Fraction(1), Fraction(0)], simulate=_resolved_shares, relation=ExactEquality(),
        negative_control=lambda steps: [Fraction(1), Fraction(1)],
        negative_control_text="the paper's non-CoT picture: b resolved too, only at a deeper block",
        method=f"{two_hop.REPLICAS} seeds × (CoT, no CoT) trainings, logit lens after each block",
    ),
)
