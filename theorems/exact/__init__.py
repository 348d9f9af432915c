"""Exact engines: real and complex Wishart trace moments (zonal closed form, Stein recursion, Wick enumeration,
Haff inverse moments, the conjectured five-term recursion, a modular creative-telescoping search for its proof,
the order-3 relation it finds and the exact reduction of the conjecture) on exact integer coefficient arrays."""
