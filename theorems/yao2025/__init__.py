"""Yao, Ren, Liao, Liu 2025 (arXiv:2502.04667): explicit CoT training and two-hop generalisation.

The table of contents: each result, how far the claims filed under it check it, and each claim file's notebook and
figure.
"""

from seqtheory.theorems.core.paper import Contents, Family, Result
from seqtheory.theorems.papers import YAO2025

CONTENTS = Contents(
    folder="yao2025", paper=YAO2025,
    families={name: Family("yao2025_two_hop", "two_hop") for name in ("data", "c1", "c2", "c3", "c4", "c5")},
    results=(
        Result("data", "the two-hop data construction (ID/OOD split, λ, noise)", "partial",
               ("yao2025/data/split", "yao2025/data/support", "yao2025/data/counts"),
               "reconstructed from the authors' README and the abstract; the invariants are ours"),
        Result("C1", "CoT extends generalisation from ID to OOD compositions", "partial", ("yao2025/c1/cot-ood-gap",),
               "an observation on a CPU replica far smaller than the paper's"),
        Result("C2", "CoT training converges faster", "differs", ("yao2025/c2/faster-convergence",),
               "on the replica the model without CoT never generalises in distribution, so the claim checks "
               "'reached vs not reached', not 'faster'"),
        Result("C3", "noise in the answer is tolerated, noise in the bridge is not", "partial",
               ("yao2025/c3/bridge-noise-worse", "yao2025/c3/answer-noise-tolerated"),
               "the comparative half holds on the replica; the tolerance half (OOD ≥ 0.78 of clean under t-noise at "
               "ξ = 0.2) is not reproduced at this scale — retention 0.475 ± 0.059, a replica outside the paper's "
               "regime"),
        Result("C4", "the ratio λ of two-hop to atomic facts matters", "partial", ("yao2025/c4/ratio-helps",),
               "observed at λ ≤ 2.5, below the paper's range"),
        Result("C5", "with CoT the bridge is resolved at a shallower layer", "differs", ("yao2025/c5/bridge-layer",),
               "without CoT the replica never resolves the bridge at all, so the depth comparison cannot be made"),
        Result("bound", "an information-theoretic bound split into ID and OOD parts", "missing", (),
               "stated in the v2 abstract; not yet encoded"),
        Result("three-hop", "two-hop CoT training alone does not give three-hop generalisation", "missing", (),
               "asked in the authors' code (3hop); not yet encoded"),
    ),
)
