"""Huang, Wang, Lee 2025 (arXiv:2502.21212): chain of thought = multi-step GD, no CoT = one step.

The table of contents: each result of the paper, how far the claims filed under it check it, and the notebook and
figure of each claim file.  The report, the claim pages, ``seqtheory coverage`` and the figure links read it here.
"""

from seqtheory.theorems.core.paper import Contents, Family, Result
from seqtheory.theorems.papers import HUANG2025

CONTENTS = Contents(
    folder="huang2025", paper=HUANG2025,
    families={
        "thm3.1": Family("huang2025_thm3_1_no_cot", "one_step_loss"),
        "thm3.2": Family("huang2025_thm3_2_cot", "cot_loss"),
        "thm4.1": Family("huang2025_thm4_1_dynamics", "cot_dynamics"),
        "thm4.2": Family("huang2025_thm4_2_ood", "cot_ood"),
        "notes": Family("huang2025_thm3_2_cot"),
    },
    results=(
        Result("Thm 3.1", "without CoT, any one-layer LSA is at best one GD step, η* = n/(n+d+1)", "checked",
               ("huang2025/thm3.1/dense-lower-bound", "huang2025/thm3.1/bound-attained", "huang2025/thm3.1/adversarial",
                "huang2025/thm3.1/trained-attains", "huang2025/thm3.1/one-step-loss"),
               "the bound over every dense one-layer LSA as the authors' replies A2/A7 state it; trained by Adam, not "
               "gradient flow"),
        Result("Cor 3.1", "the best no-CoT loss is far worse than CoT's multi-step GD", "partial",
               ("huang2025/thm3.2/recovery",),
               "reconstructed: CoT at its data step against L* in the regime n = ⌈d ln⁵ d⌉, k = ⌈c ln d⌉ (our "
               "constants); thm3.2/separation compares at the best step instead, a different statement"),
        Result("Thm 3.2", "with CoT the model runs k GD steps and recovers w* near-exactly", "partial",
               ("huang2025/thm3.2/construction", "huang2025/thm3.2/recovery", "huang2025/thm3.2/kstep-loss",
                "huang2025/thm3.2/sparse-identity", "huang2025/thm3.2/mean-diverges"),
               "reconstructed from the abstract and the OpenReview discussion (the theorem's text and constants not "
               "reached); the mean loss is exact, recovery holds in the regime of thm3.2/recovery"),
        Result("looped", "looped transformers improve over no looping", "partial",
               ("huang2025/thm3.2/looped-construction", "huang2025/thm3.2/looped-trained",
                "huang2025/thm3.2/looped-free-scale"),
               "reconstructed from the abstract; the comparison with min_η L_k and the free-scale finding are ours"),
        Result("Thm 4.1", "gradient flow from Assumption 4.1 converges to the CoT construction", "checked",
               ("huang2025/thm4.1/eigen-flow", "huang2025/thm4.1/flow-converges", "huang2025/thm4.1/unique-zero",
                "huang2025/thm4.1/saddle", "huang2025/thm4.1/reduced-loss", "huang2025/thm4.1/sparsity-preserved",
                "huang2025/thm4.1/sgd-tracks-flow", "huang2025/thm4.1/dense-learns"),
               "Assumption 4.1 as the authors' replies A5–A6 state it, checked on the exact per-direction flow at "
               "n ≤ 40, d ≤ 4, k ≤ 3 (n ≥ 2(d + k) instead of n = Ω(d log⁵ d)); the two stages are reported, their "
               "order asserted"),
        Result("Thm 4.2", "OOD generalisation when Σ is well conditioned on both sides", "partial",
               ("huang2025/thm4.2/conditioning", "huang2025/thm4.2/edges-needed", "huang2025/thm4.2/ood-one-step",
                "huang2025/thm4.2/ood-mean", "huang2025/thm4.2/ood-decay"),
               "the two-sided conditioning as reply A6 describes it, with our bound d·ρ_t^{2k} on the exact mean for "
               "k ≤ 3; the paper's own bound was not reached"),
    ),
)
