"""Ren & Liu 2024 (arXiv:2310.13220): softmax attention as one gradient-descent step of a dual model.

The table of contents: each result, how far the claims filed under it check it, and each claim file's notebook and
figure.
"""

from seqtheory.theorems.core.paper import Contents, Family, Result
from seqtheory.theorems.papers import RENLIU2024

CONTENTS = Contents(
    folder="renliu2024", paper=RENLIU2024,
    families={**{name: Family("attention_sparsemax_dual", "attention_kernels")
                 for name in ("dual", "layer", "modified")},
              "bound": Family("attention_sparsemax_dual", "dual_bound"),
              "modified-icl": Family("attention_sparsemax_dual", "modified_icl")},
    results=(
        Result("§3 dual model", "one softmax attention layer is one GD step of a dual model", "partial",
               ("renliu2024/dual/gd-exact", "renliu2024/layer/masked-residual"),
               "reconstructed from the abstract: the exact form (kernel features, mask, residual) is ours"),
        Result("§3 random features", "the approximate dual model with random features", "partial",
               ("renliu2024/dual/random-features",), "the estimator's exact variance, a lemma"),
        Result("§3 generalisation bound", "a generalisation bound in the number of demonstration tokens", "partial",
               ("renliu2024/bound/rademacher", "renliu2024/bound/gap-rate"),
               "reconstructed: the Rademacher bound of the dual model's linear loss over a norm ball holds at every N "
               "(loose by ≈ 2.2×), and the gap's exact rate is 1/√N; the paper's own bound was not reached"),
        Result("§4 Transformer layer", "attention followed by an FFN", "partial", ("renliu2024/layer/ffn",),
               "reconstructed (the toolkit's reading of §4)"),
        Result("§4 multiple layers", "a stack of attention layers", "partial", ("renliu2024/layer/multi-layer",),
               "reconstructed (the toolkit's reading of §4)"),
        Result("§5 modified attention", "attention variants inspired by contrastive learning", "partial",
               ("renliu2024/modified/regularised", "renliu2024/modified/augmented",
                "renliu2024/modified/negative-samples", "renliu2024/modified-icl/augmented",
                "renliu2024/modified-icl/negative-samples"),
               "reconstructed from the abstract: ridge-regularised, augmented and negative-sample dual losses, each "
               "exactly one modified layer; trained on in-context regression (the toolkit's task), augmented views "
               "and negative samples each lower the base layer's error (negative samples mostly by avoiding its "
               "poorer basin); the ridge penalty only rescales W_V"),
        Result("§6 experiments", "experiments supporting the findings", "missing", (), "not reached"),
    ),
)
