"""Yao, Ren, Liao, Liu 2025 (arXiv:2502.04667): explicit CoT training and two-hop generalisation.

The table of contents: each result, how far the claims filed under it check it, and each claim file's notebook and
figure.
"""

from seqtheory.theorems.core.paper import Contents, Family, Result
from seqtheory.theorems.papers import YAO2025

CONTENTS = Contents(
    folder="yao2025", paper=YAO2025,
    families={**{name: Family("yao2025_two_hop", "two_hop") for name in ("data", "c1", "c2", "c3", "c4", "c5")},
              "three-hop": Family("yao2025_two_hop", "three_hop")},
    results=(
        Result("data", "the two-hop data construction (ID/OOD split, λ, noise)", "partial",
               ("yao2025/data/split", "yao2025/data/support", "yao2025/data/counts"),
               "reconstructed from the authors' README and the abstract; the invariants are ours"),
        Result("C1", "CoT extends generalisation from ID to OOD compositions", "partial", ("yao2025/c1/cot-ood-gap",),
               "an observation in the paper's regime (the no-CoT model generalises ID: 0.96–1.00) on a CPU replica "
               "far smaller than the paper's: CoT adds 0.34–0.38 OOD exact match (six replicas, seeds 0–2; "
               "threshold 0.20 from the calibration seed)"),
        Result("C2", "CoT training converges faster", "partial", ("yao2025/c2/faster-convergence",),
               "in the paper's regime: with CoT the ID test reaches 0.9 by step 250, without CoT at 2000–9250; the "
               "log ratio ≈ 2.7–2.9 at seeds 0–2"),
        Result("C3", "noise in the answer is tolerated, noise in the bridge is not", "out-of-regime",
               ("yao2025/c3/bridge-noise-worse", "yao2025/c3/answer-noise-tolerated"),
               "the paper's noise results are relative to a clean CoT model that generalises OOD (near 1); the "
               "replica's clean OOD is 0.27–0.71 (mean 0.48–0.51 at check seeds 0–2), so both claims report "
               "out-of-regime. Their numbers: b-noise hurts OOD more than t-noise (gap 0.13, 95 % [0.09, 0.18]); "
               "t-noise keeps 0.47 of clean OOD (the paper 0.78)"),
        Result("C4", "the ratio λ of two-hop to atomic facts matters", "partial", ("yao2025/c4/ratio-helps",),
               "a recorded finding inside the paper's range (λ = 3.6 vs 7.2, regime replica): doubling λ does not "
               "raise CoT OOD at a fixed budget (mean gain −0.05 to −0.07); not reproduced at this scale"),
        Result("C5", "with CoT the bridge is resolved at a shallower layer", "out-of-regime",
               ("yao2025/c5/bridge-layer",),
               "even in the paper's regime the logit lens never finds b in the no-CoT model (≤ 0.03 at every block, "
               "0 of 6 replicas), so the depth comparison the paper makes cannot be made"),
        Result("bound", "an information-theoretic bound split into ID and OOD parts", "missing", (),
               "not decidable without the statement (not reached): on the regime generator an OOD query's first hop "
               "is never a training first hop (composition-level divergence infinite without CoT), every OOD step is "
               "a trained lookup (finite with CoT: 4.3 nats), but the Pinsker form of such a bound is then 1.47 > 1 "
               "— vacuous (docs/yao2025_two_hop.md § 10)"),
        Result("three-hop", "two-hop CoT training alone does not give three-hop generalisation", "partial",
               ("yao2025/three-hop/two-hop-only", "yao2025/three-hop/small-share"),
               "the authors' code asks the question (3hop); their answer was not reached. On a 1-block CPU replica "
               "(ten replicas per seed 0–2): two-hop-only CoT models answer two-hop ID queries (0.95–1.00) but "
               "0.00–0.005 of held-out three-hop ones — they miss even the first bridge (0.00–0.03); with three-hop "
               "facts at 10 % of the two-hop count, 0.52–0.82 (paired gain 0.64–0.72, threshold 0.31)"),
    ),
)
