"""Every paper a claim cites, recorded once, and every external document a statement was read from.

Claim modules import their paper (and, for a ``restated`` claim, a :class:`~seqtheory.theorems.core.paper.Source`
built on one of these documents) from here, never from another claim module.  ``docs/sources.md`` is generated from
these records (``python -m seqtheory.report.sources --write``): per paper, which documents were reached and which
claims rest on each.  The full texts of the six sequence-model papers were only partly reachable when the claims were
written; a document's ``reached`` field says exactly what was read, so no verdict implies a verbatim check that was
not made.
"""

from seqtheory.theorems.core.paper import Document, Paper

__all__ = [
    "DAVIDSON",
    "DOCUMENTS",
    "FIVE_TERM",
    "GU2023",
    "HAAGERUP",
    "HAFF",
    "HANLON",
    "HUANG2025",
    "HUANG2025_ABSTRACT",
    "HUANG2025_OPENREVIEW",
    "ISSERLIS",
    "JAMES",
    "JELASSI2024",
    "MARCHENKO",
    "MARTINS2016",
    "PETERS2019",
    "REN2024",
    "REN2024_ABSTRACT",
    "REN2024_ABSTRACT_V3",
    "RENLIU2024",
    "RENLIU2024_ABSTRACT",
    "RENLIU2025",
    "RENLIU2025_ABSTRACT",
    "SEED_PAPERS",
    "STEIN",
    "WANG2024",
    "WANG2024_SUMMARY",
    "YAO2025",
    "YAO2025_ABSTRACT",
    "YAO2025_ABSTRACT_V2",
    "YAO2025_CODE",
]

# --- the sequence-model papers (the six this project was created from) -------------------------------------------
HUANG2025 = Paper("Jianhao Huang, Zixuan Wang, Jason D. Lee", 2025,
                  "Transformers Learn to Implement Multi-step Gradient Descent with Chain of Thought", "2502.21212",
                  venue="ICLR 2025")
REN2024 = Paper("Ruifeng Ren, Zhicong Li, Yong Liu", 2024,
                "Exploring the Limitations of Mamba in COPY and CoT Reasoning", "2410.03810")
RENLIU2024 = Paper("Ruifeng Ren, Yong Liu", 2024, "Towards Understanding How Transformers Learn In-context Through a "
                   "Representation Learning Lens", "2310.13220")
WANG2024 = Paper("Libo Wang", 2024, "Reducing Reasoning Costs: The Path of Optimization for Chain of Thought via "
                 "Sparse Attention Mechanism", "2411.09111")
YAO2025 = Paper("Xinhao Yao, Ruifeng Ren, Yun Liao, Yong Liu", 2025, "Unveiling the Mechanisms of Explicit CoT "
                "Training: How Chain-of-Thought Enhances Reasoning Generalization", "2502.04667")
RENLIU2025 = Paper("Ruifeng Ren, Yong Liu", 2025, "Revisiting Transformers through the Lens of Low Entropy and Dynamic "
                   "Sparsity", "2504.18929")
#: The six papers whose results the coverage table counts.
SEED_PAPERS = (HUANG2025, REN2024, RENLIU2024, WANG2024, YAO2025, RENLIU2025)

# --- references the claims use ----------------------------------------------------------------------------------
JELASSI2024 = Paper("Samy Jelassi, David Brandfonbrener, Sham M. Kakade, Eran Malach", 2024,
                    "Repeat After Me: Transformers are Better than State Space Models at Copying", "2402.01032")
GU2023 = Paper("Albert Gu, Tri Dao", 2023, "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
               "2312.00752")
MARTINS2016 = Paper("André F. T. Martins, Ramón F. Astudillo", 2016,
                    "From Softmax to Sparsemax: A Sparse Model of Attention and Multi-Label Classification",
                    "1602.02068")
PETERS2019 = Paper("Ben Peters, Vlad Niculae, André F. T. Martins", 2019, "Sparse Sequence-to-Sequence Models",
                   "1905.05702")

# --- the random-matrix results the Wishart claims rest on -------------------------------------------------------
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

# --- seqtheory's own result (not a paper: a recursion found by fitting, then proved in the derivation notebook) ---
FIVE_TERM = Paper("seqtheory", 2026, "Five-term recursion for real Wishart trace moments (found by fitting, proved "
                  "by creative telescoping)", venue="seqtheory docs/wishart_moments.md §4 (x)")

# --- the external documents statements were read from -----------------------------------------------------------
HUANG2025_ABSTRACT = Document(
    "huang2025-abstract", "Abstract of arXiv:2502.21212", HUANG2025,
    "the abstract (the paper's body, theorem statements and constants were not reached)",
    "https://arxiv.org/abs/2502.21212")
HUANG2025_OPENREVIEW = Document(
    "huang2025-openreview",
    "OpenReview discussion of arXiv:2502.21212 (ICLR 2025: three reviews, the authors' replies, the meta-review)",
    HUANG2025,
    "the whole discussion; it quotes and clarifies the theorem statements but does not reproduce them",
    settles=(
        "Thm 3.1: η = n/(n + d + 1) is not assumed; the theorem says no one-layer transformer does better than the "
        "one-step GD output with that η, optimal for isotropic data (authors' reply A2 to reviewer iVV1; A7 gives "
        "η = E[w Xyᵀ]/E[y XᵀX yᵀ])",
        "Cor 3.1 does not need n = Ω(d log⁵ d): that condition serves only the training-dynamics proof (authors' "
        "reply A3 to the first review)",
        "n = Ω̃(d) is a lower bound only, to recover w* (XXᵀ full rank); the log factors are technical; k = Θ(log d) "
        "because constant-rate GD needs ≈ log d steps; the specific η values are for ease of proof (authors' reply "
        "A8 to the first review, A3 to reviewer iVV1)",
        "Assumption 4.1: V₃₁(0) and W₁₃(0) share eigenvectors, not eigenvalues (\"the same set of eigenvalues\" was "
        "the reviewer's typo); W₁₃(0)'s eigenvalues lie in [σ, ½], a small-constant start (authors' replies A5 (2) "
        "and A6 to reviewer iVV1)",
        "Thm 4.2: L^eval_Σ is the evaluation loss with x ~ N(0, Σ); its conditions mean Σ must not be too "
        "ill-conditioned — neither a smallest eigenvalue near 0 nor a largest one so large that GD diverges "
        "(authors' reply A6 to the first review)",
    ))
REN2024_ABSTRACT = Document(
    "ren2024-abstract", "Abstract of arXiv:2410.03810v1 (\"Can Mamba Always Enjoy the 'Free Lunch'?\")", REN2024,
    "the abstract (Thms 1–5 and their constants were not reached)", "https://arxiv.org/abs/2410.03810v1")
REN2024_ABSTRACT_V3 = Document(
    "ren2024-abstract-v3", "Abstract of arXiv:2410.03810v3 / EMNLP 2025 (ACL Anthology 2025.emnlp-main.634)", REN2024,
    "the abstract of the revised version, which adds the copy and CoT experiments", "https://arxiv.org/abs/2410.03810")
RENLIU2024_ABSTRACT = Document(
    "renliu2024-abstract", "Abstract of arXiv:2310.13220", RENLIU2024,
    "the abstract (the dual model's exact form, §5's modifications and the bound were not reached)",
    "https://arxiv.org/abs/2310.13220")
WANG2024_SUMMARY = Document(
    "wang2024-summary", "A third-party summary of arXiv:2411.09111 (core contribution, mechanisms, reported timings, "
    "limitations)", WANG2024, "the summary only; the paper itself was not reached",
    "https://arxiv.org/abs/2411.09111")
YAO2025_ABSTRACT = Document(
    "yao2025-abstract", "Abstract of arXiv:2502.04667v1", YAO2025,
    "the abstract (claims C1–C5 in words; the figures' numbers were not reached)", "https://arxiv.org/abs/2502.04667v1")
YAO2025_ABSTRACT_V2 = Document(
    "yao2025-abstract-v2", "Abstract of arXiv:2502.04667v2", YAO2025,
    "the abstract of v2 (shallower-layer resolution with CoT; the ID/OOD decomposition of the generalisation bound)",
    "https://arxiv.org/abs/2502.04667v2")
YAO2025_CODE = Document(
    "yao2025-code", "The authors' code, README (github.com/chen123CtrlS/T-CotMechanism)", YAO2025,
    "the README: the generator's hyperparameters and their meaning (|E| = 2000, |R| = 200, OOD ratio 0.05, "
    "φ = λ = 7.2, noise 0.4) and the three-hop question",
    "https://github.com/chen123CtrlS/T-CotMechanism")
RENLIU2025_ABSTRACT = Document(
    "renliu2025-abstract", "Abstract of arXiv:2504.18929", RENLIU2025,
    "the abstract (the experimental setup, metrics and model sizes were not reached)",
    "https://arxiv.org/abs/2504.18929")
#: Every document, in the order ``docs/sources.md`` lists them.
DOCUMENTS = (HUANG2025_ABSTRACT, HUANG2025_OPENREVIEW, REN2024_ABSTRACT, REN2024_ABSTRACT_V3, RENLIU2024_ABSTRACT,
             WANG2024_SUMMARY, YAO2025_ABSTRACT, YAO2025_ABSTRACT_V2, YAO2025_CODE, RENLIU2025_ABSTRACT)
