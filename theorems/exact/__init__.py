"""Exact engines: real and complex Wishart trace moments (zonal closed form, Stein recursion, Wick enumeration,
Haff inverse moments, the conjectured five-term recursion) on exact integer coefficient arrays."""
