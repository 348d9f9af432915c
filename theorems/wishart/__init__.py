"""Exact moments of real Wishart matrices: identities across independent methods, the conjecture, Monte Carlo."""
