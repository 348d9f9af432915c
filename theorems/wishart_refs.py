"""Bibliographic anchors of the Wishart-moment claims (MATH §2)."""

from theorems.claim import Paper

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
CONJECTURE = Paper("seqtheory", 2026, "Conjectured five-term recursion for real Wishart trace moments (found by "
                   "fitting)", venue="MATH.md §2, not proved")
