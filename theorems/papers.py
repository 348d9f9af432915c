"""Every paper a claim cites, recorded once.  Claim modules import their paper from here, never from another
claim module.  ``docs/sources.md`` says, per paper, which statements were checked against the paper's own text
and which rest on restatements."""

from seqtheory.theorems.core.paper import Paper, Result

# --- the sequence-model papers ----------------------------------------------------------------------------
# ``results``: the results identified in each seed paper (from its abstract and the restatements recorded in
# docs/sources.md — not from a full reading where the text was not reached), with the claims that encode them;
# the README's coverage table is generated from these lists.
HUANG2025 = Paper(
    "Jianhao Huang, Zixuan Wang, Jason D. Lee", 2025,
    "Transformers Learn to Implement Multi-step Gradient Descent with Chain of Thought", "2502.21212",
    results=(
        Result("Thm 3.1", "without CoT, one LSA layer's best in-context loss is one GD step's",
               ("huang2025/thm3.1/", "huang2025/cor3.1/dense-lower-bound")),
        Result("Cor 3.1", "the trained no-CoT model attains that bound", ("huang2025/cor3.1/trained-attains",)),
        Result("Thm 3.2 (construction)", "a sparse LSA with CoT implements k steps of GD",
               ("huang2025/thm3.2/construction", "huang2025/thm3.2/sparse-identity")),
        Result("Thm 3.2 (loss)", "the k-step CoT loss and recovery in the paper's regime",
               ("huang2025/thm3.2/kstep-loss", "huang2025/thm3.2/paper-regime", "huang2025/thm3.2/median",
                "huang2025/thm3.2/mean-diverges")),
        Result("Thm 3.1 vs 3.2", "CoT beats no CoT", ("huang2025/thm3.2/separation",)),
        Result("§3 looped (construction)", "iterating the CoT construction as a loop reproduces the rollout",
               ("huang2025/thm3.2/looped-construction",)),
        Result("§3 looped (trained)", "a tied-weight looped LSA trained on the final loss only reaches min_η L_k",
               ("huang2025/thm3.2/looped-trained",)),
        Result("Thm 4.1 (minimiser)", "the population CoT loss has a unique global minimiser",
               ("huang2025/thm4.1/unique-zero", "huang2025/thm4.1/reduced-loss")),
        Result("Thm 4.1 (convergence)", "gradient flow from Assumption 4.1 converges to it",
               ("huang2025/thm4.1/flow-converges", "huang2025/thm4.1/eigen-flow", "huang2025/thm4.1/sgd-tracks-flow",
                "huang2025/thm4.1/sparsity-preserved", "huang2025/thm4.1/dense-learns")),
        Result("Thm 4.1 (stages)", "the two-stage dynamics: a plateau, then convergence (t_switch < t_conv)",
               ("huang2025/thm4.1/eigen-flow",)),
        Result("Thm 4.2 (k = 1)", "out-of-distribution loss of one step on N(0, Σ) prompts",
               ("huang2025/thm4.2/ood-one-step",)),
        Result("Thm 4.2 (decay in k)", "the OOD loss decays in k for Σ in the stable range",
               ("huang2025/thm4.2/ood-decay", "huang2025/thm4.2/ood-no-decay")),
        Result("Thm 4.2 (mean OOD loss)", "E tr(I − ηΣ^½SΣ^½)^{2k} exactly for small k, against model rollouts",
               ("huang2025/thm4.2/ood-mean",)),
    ))
REN2024 = Paper(
    "Ruifeng Ren, Zhicong Li, Yong Liu", 2024, "Exploring the Limitations of Mamba in COPY and CoT Reasoning",
    "2410.03810",
    results=(
        Result("Thm 1", "Mamba copies a token s steps back only with a score exponential in s",
               ("ren2024/copy/decay-overflow", "ren2024/thm1/")),
        Result("Thm 2", "a Transformer needs only a score logarithmic in the length", ("ren2024/thm2/",)),
        Result("Thm 3", "a state linear in the length suffices to copy", ("ren2024/copy/linear-state-copies",)),
        Result("§3 fixed state", "with a fixed state size COPY degrades with length",
               ("ren2024/copy/fixed-state-degrades", "ren2024/copy/subspace-")),
        Result("Thm 4", "general DP problems with CoT: Mamba's cost matches a Transformer's",
               ("ren2024/dp/general-cost", "ren2024/dp/state-classes")),
        Result("Thm 5", "m-local DP problems with CoT: Mamba's cost advantage", ("ren2024/dp/local-cost",)),
        Result("§5 experiments", "trained Mamba vs Transformer on COPY and DP tasks (empirical)", ()),
    ))
RENLIU2024 = Paper(
    "Ruifeng Ren, Yong Liu", 2024, "Towards Understanding How Transformers Learn In-context Through a "
    "Representation Learning Lens", "2310.13220",
    results=(
        Result("§3 dual model", "one softmax attention layer = one GD step of a dual model (mask, residual)",
               ("renliu2024/dual/gd-exact", "renliu2024/layer/masked-residual")),
        Result("§3 random features", "the approximate dual model with random features",
               ("renliu2024/dual/random-features",)),
        Result("§3 generalisation bound", "a generalisation error bound in the number of demonstration tokens", ()),
        Result("§4 Transformer layer", "attention followed by an FFN", ("renliu2024/layer/ffn",)),
        Result("§4 multiple layers", "a stack of attention layers", ("renliu2024/layer/multi-layer",)),
        Result("§5 modified attention", "attention variants inspired by contrastive learning", ()),
        Result("§6 experiments", "experiments supporting the findings (empirical)", ()),
    ))
WANG2024 = Paper(
    "Libo Wang", 2024, "Reducing Reasoning Costs: The Path of Optimization for Chain of Thought via Sparse "
    "Attention Mechanism", "2411.09111",
    results=(
        Result("cost claim", "sparse (sliding-window) attention attends O(n·w) pairs",
               ("wang2024/window/nnz", "wang2024/window/memory")),
        Result("accuracy", "sparse attention (top-k, a per-step dynamic mask, sparsemax, windows) keeps CoT accuracy "
                           "(tested on the Yao et al. 2025 two-hop replica)", ("wang2024/two-hop",)),
        Result("timings", "reported reasoning-time savings (from a prompted chat model: no kernel to check)", ()),
    ))
YAO2025 = Paper(
    "Xinhao Yao, Ruifeng Ren, Yun Liao, Yong Liu", 2025, "Unveiling the Mechanisms of Explicit CoT Training: How "
    "Chain-of-Thought Enhances Reasoning Generalization", "2502.04667",
    results=(
        Result("data", "the two-hop data construction (ID/OOD split, λ, noise)", ("yao2025/data/",)),
        Result("C1", "CoT extends generalisation from in-distribution to OOD two-hop compositions", ("yao2025/c1",)),
        Result("C2", "CoT training converges faster", ("yao2025/c2",)),
        Result("C3", "tolerance to noise in the answer, not in the bridge entity", ("yao2025/c3",)),
        Result("C4", "the ratio λ of two-hop to atomic facts matters", ("yao2025/c4",)),
        Result("C5", "a two-stage circuit: the bridge is resolved at a shallower layer with CoT", ("yao2025/c5",)),
        Result("bound", "an information-theoretic generalisation bound split into ID and OOD parts (v2)",
               ("yao2025/bound",)),
    ))
RENLIU2025 = Paper(
    "Ruifeng Ren, Yong Liu", 2025, "Revisiting Transformers through the Lens of Low Entropy and Dynamic Sparsity",
    "2504.18929",
    results=(
        Result("setup", "targets with computable entropy and the finite-sample entropy bias (exact)",
               ("renliu2025/entropy/",)),
        Result("B1", "Transformers favour lower-entropy distributions than the target", ("renliu2025/b1",)),
        Result("B2", "the tendency grows with model size", ("renliu2025/b2",)),
        Result("B3", "the FFN drives it", ("renliu2025/b3",)),
        Result("B4", "larger models bypass attention more and have fewer active neurons", ("renliu2025/b4",)),
        Result("B5", "training instability correlates with sudden increases in dead neurons", ("renliu2025/b5",)),
    ))
JELASSI2024 = Paper("Samy Jelassi, David Brandfonbrener, Sham M. Kakade, Eran Malach", 2024,
                    "Repeat After Me: Transformers are Better than State Space Models at Copying", "2402.01032")
GU2023 = Paper("Albert Gu, Tri Dao", 2023, "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
               "2312.00752")
MARTINS2016 = Paper("André F. T. Martins, Ramón F. Astudillo", 2016,
                    "From Softmax to Sparsemax: A Sparse Model of Attention and Multi-Label Classification",
                    "1602.02068")
PETERS2019 = Paper("Ben Peters, Vlad Niculae, André F. T. Martins", 2019, "Sparse Sequence-to-Sequence Models",
                   "1905.05702")

# --- the random-matrix results the Wishart claims rest on -------------------------------------------------
STEIN = Paper("Jolanta Pielaszkiewicz, Dietrich von Rosen, Martin Singull", 2017,
              "Cumulant-moment relation in free probability from Wishart distributions",
              venue="Commun. Stat. Theory Methods 46(6)")
HAFF = Paper("L. R. Haff", 1979, "An identity for the Wishart distribution with applications",
             venue="J. Multivariate Anal. 9(4)")
JAMES = Paper("Alan T. James", 1964, "Distributions of matrix variates and latent roots derived from normal "
              "samples", venue="Ann. Math. Statist. 35(2)")
ISSERLIS = Paper("L. Isserlis", 1918, "On a formula for the product-moment coefficient of any order of a normal "
                 "frequency distribution in any number of variables", venue="Biometrika 12")
HAAGERUP = Paper("Uffe Haagerup, Steen Thorbjørnsen", 2003, "Random matrices with complex Gaussian entries",
                 venue="Expo. Math. 21(4)")
HANLON = Paper("Phil Hanlon, Richard Stanley, John Stembridge", 1992, "Some combinatorial aspects of the spectra "
               "of normally distributed random matrices", venue="Contemp. Math. 138")
MARCHENKO = Paper("V. A. Marchenko, L. A. Pastur", 1967, "Distribution of eigenvalues for some sets of random "
                  "matrices", venue="Mat. Sb. 72(114)")
DAVIDSON = Paper("Kenneth R. Davidson, Stanislaw J. Szarek", 2001, "Local operator theory, random matrices and "
                 "Banach spaces", venue="Handbook of the Geometry of Banach Spaces, Vol. I")

# --- seqtheory's own conjecture (not a paper: a recursion found by fitting, checked, never proved) ---------
CONJECTURE = Paper("seqtheory", 2026, "Conjectured five-term recursion for real Wishart trace moments (found by "
                   "fitting)", venue="seqtheory docs/wishart_moments.md, not proved")
