"""Wang 2024 (arXiv:2411.09111): sparse attention for cheaper chain of thought.

The table of contents: each result, how far the claims filed under it check it, and each claim file's notebook and
figure.  Only a third-party summary of the paper was reached.
"""

from seqtheory.theorems.core.paper import Contents, Family, Result
from seqtheory.theorems.papers import WANG2024

CONTENTS = Contents(
    folder="wang2024", paper=WANG2024,
    families={"window": Family("attention_sparsemax_dual", "attention_kernels"),
              "two-hop": Family("yao2025_two_hop", "two_hop")},
    results=(
        Result("cost", "sparse attention cuts attention cost from O(n²) towards linear", "partial",
               ("wang2024/window/nnz", "wang2024/window/memory"),
               "reconstructed from the summary; exact pair and memory counts of a sliding window"),
        Result("accuracy", "sparse attention keeps CoT accuracy", "out-of-regime",
               ("wang2024/two-hop/dynamic-topk-decode", "wang2024/two-hop/which-pairs"),
               "observations on the Yao et al. two-hop replica, where attention runs over 4 tokens and cost does not "
               "arise (the gate asks for ≥ 256): their numbers (a per-step top-2 mask keeps ID accuracy within "
               "±0.01; equal-cost masks differ by 0.94 in ID accuracy) say nothing about Wang's long chains"),
        Result("timings", "reported reasoning-time savings", "missing", (),
               "measured on a prompted chat model: there is no kernel to check"),
    ),
)
