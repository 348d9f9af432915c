"""Ren & Liu 2025 (arXiv:2504.18929): low entropy and dynamic sparsity in Transformers.

The table of contents: each result, how far the claims filed under it check it, and each claim file's notebook and
figure.
"""

from seqtheory.theorems.core.paper import Contents, Family, Result
from seqtheory.theorems.papers import RENLIU2025

CONTENTS = Contents(
    folder="renliu2025", paper=RENLIU2025,
    families={name: Family("renliu2025_entropy", "entropy_width")
              for name in ("entropy", "b1", "b2", "b3", "b4", "b5")},
    results=(
        Result("setup", "targets with computable entropy; the finite-sample bias of entropy estimates", "partial",
               ("renliu2025/entropy/chain-rule", "renliu2025/entropy/kl-chain-rule", "renliu2025/entropy/hmm-forward",
                "renliu2025/entropy/plugin-bias", "renliu2025/entropy/plugin-below", "renliu2025/entropy/miller-madow"),
               "exact lemmas the controlled setup needs; the paper's own setup was not reached"),
        Result("B1", "Transformers favour lower-entropy distributions than the target", "differs",
               ("renliu2025/b1/sample-regime",),
               "the claim checks the finite-sample confound (converged replicas, 3000 steps): with 300 fixed samples "
               "the learned entropy is 1.9–2.1 nats lower than with fresh ones, while with fresh samples it is not "
               "below the target's"),
        Result("B2", "the tendency grows with model size", "differs", ("renliu2025/b2/width-fixed-vs-fresh",),
               "the claim checks the confound: the growth with width appears only with a fixed sample (D ≈ 0.4–0.5 "
               "nats)"),
        Result("B3", "the FFN drives the low-entropy bias", "partial", ("renliu2025/b3/ffn-ablation",),
               "contradicted on the replica's fixed-sample regime: removing the FFN changes the gap by 0.06–0.10 "
               "nats, within half the 1.9-nat sample effect (equivalence test); not at the paper's scale"),
        Result("B4", "larger models have fewer active neurons and bypass attention more", "partial",
               ("renliu2025/b4/active-ratio", "renliu2025/b4/bypass"),
               "the active-neuron half is observed (the active ratio falls by 0.13 from d = 8 to 32); the bypass "
               "half is not decided at these sizes (block 2's drop 0.05–0.12 is positive but not reliably above "
               "half its calibrated value)"),
        Result("B5", "training instability coincides with sudden increases in dead neurons", "out-of-regime",
               ("renliu2025/b5/spikes-dead-jumps",),
               "on the unstable replica (no warm-up, Adam 3e-2) spikes land near dead jumps at 1.8–1.9× the exact "
               "chance rate at every check seed (95 % intervals above 1), but spikes are rare and uneven (0–16 per "
               "replica) and the calibration asks for > 200 replicas for power: not decided at CPU scale"),
    ),
)
