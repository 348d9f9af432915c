"""Exact engines: real and complex Wishart trace moments (zonal closed form, Stein recursion, Wick enumeration,
Haff inverse moments, the conjectured five-term recursion and a modular creative-telescoping search for it) on
exact integer coefficient arrays."""
