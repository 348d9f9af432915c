"""Ren, Li, Liu 2024 (arXiv:2410.03810): Mamba's COPY bottleneck and DP with CoT.

The table of contents: each result, how far the claims filed under it check it, and each claim file's notebook and
figure.
"""

from seqtheory.theorems.core.paper import Contents, Family, Result
from seqtheory.theorems.papers import REN2024

CONTENTS = Contents(
    folder="ren2024", paper=REN2024,
    families={**{name: Family("mamba_copy_bounds", "mamba_copy") for name in ("copy", "thm1", "thm2", "dp", "notes")},
              "trained": Family("mamba_copy_bounds", "copy_training")},
    results=(
        Result("Thm 1", "a constant-size Mamba needs a score exponential in the copy distance", "partial",
               ("ren2024/thm1/varying-decay", "ren2024/thm1/amin-form", "ren2024/copy/decay-overflow"),
               "reconstructed: the score bound from the scan's recurrence; the paper's constants c, d were not reached "
               "(the a_min form is recorded conditionally)"),
        Result("Thm 2", "a Transformer copies with a score logarithmic in the length", "partial",
               ("ren2024/thm2/attention-copies", "ren2024/thm2/softmax-gap"),
               "reconstructed: a constant-size attention head that copies at a logarithmic logit gap; the paper's "
               "construction was not reached"),
        Result("Thm 3", "a Mamba whose size grows linearly with the length copies exactly", "checked",
               ("ren2024/copy/linear-state-copies",), "as the abstract states it, by construction"),
        Result("§3 fixed state", "with a fixed state size COPY degrades with length", "partial",
               ("ren2024/copy/fixed-state-degrades", "ren2024/copy/subspace-identity", "ren2024/copy/subspace-bound"),
               "the toolkit's own bounds (shared slots, a frozen N-column state), not the paper's"),
        Result("Thm 4", "arbitrary DP with CoT: Mamba's total cost is comparable to a Transformer's", "partial",
               ("ren2024/dp/general-cost", "ren2024/dp/state-classes"),
               "reconstructed from the abstract with the toolkit's read-count cost model"),
        Result("Thm 5", "DP with locality: Mamba saves overhead", "partial", ("ren2024/dp/local-cost",),
               "reconstructed from the abstract with the toolkit's m-slot construction"),
        Result("§5 experiments", "trained Mamba vs Transformer on COPY and CoT tasks", "partial",
               ("ren2024/trained/copy-gap", "ren2024/trained/lis-cot-gap", "ren2024/trained/mamba-cot-below-direct"),
               "on the toolkit's matched-size models at an equal CPU budget (the text's tasks and settings were not "
               "reached): COPY of 16 symbols (gap 0.76–0.80) and LIS of 8 numbers with a CoT that writes the DP table "
               "— the Transformer's CoT answer beats Mamba's by 0.19–0.20, and Mamba's CoT falls below its own direct "
               "answer (by 0.14–0.16, 30 of 30 replicas) while the Transformer's CoT helps it"),
    ),
)
