"""Numeric engines for seqtheory: pure numpy/scipy functions with explicit ``np.random.Generator`` seeds.

No claim logic and no sympy lives here (see ``theorems`` for that).  Glossary of code names to paper symbols:

========== ==============================================================
code       paper symbol (Huang, Wang, Lee 2025, arXiv:2502.21212)
========== ==============================================================
``d``      dimension of covariates and task vector
``n``      number of in-context examples
``k``      number of chain-of-thought (CoT) / gradient-descent steps
``eta``    GD step size η
``X``      covariates, shape (d, n): columns x_1 … x_n
``y``      labels yⱼ = ⟨w*, xⱼ⟩, shape (n,)
``w_star`` task vector w*, shape (d,)
``S``      empirical covariance S = XXᵀ/n, shape (d, d)
``Z``      prompt embedding Z ∈ R^{(2d+2)×(n+1)} (docs/notation.md)
``V``      value-projection product W^{PV}, shape (2d+2, 2d+2)
``W``      key-query product W^{KQ}, shape (2d+2, 2d+2)
========== ==============================================================
"""
