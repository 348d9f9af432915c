"""Every paper a claim cites, recorded once.  Claim modules import their paper from here, never from another
claim module.  ``docs/sources.md`` says, per paper, which statements were checked against the paper's own text
and which rest on restatements."""

from seqtheory.theorems.core.paper import Paper

# --- the sequence-model papers ----------------------------------------------------------------------------
HUANG2025 = Paper("Jianhao Huang, Zixuan Wang, Jason D. Lee", 2025,
                  "Transformers Learn to Implement Multi-step Gradient Descent with Chain of Thought", "2502.21212")
REN2024 = Paper("Ruifeng Ren, Zhicong Li, Yong Liu", 2024,
                "Exploring the Limitations of Mamba in COPY and CoT Reasoning", "2410.03810")
RENLIU2024 = Paper("Ruifeng Ren, Yong Liu", 2024, "Towards Understanding How Transformers Learn In-context Through "
                   "a Representation Learning Lens", "2310.13220")
WANG2024 = Paper("Libo Wang", 2024, "Reducing Reasoning Costs: The Path of Optimization for Chain of Thought via "
                 "Sparse Attention Mechanism", "2411.09111")
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
