"""Exact engines: real and complex Wishart trace moments (zonal closed form, Stein recursion, Wick enumeration,
Haff inverse moments, the conjectured five-term recursion, a modular creative-telescoping search for its proof
and the order-3 relation it finds) on exact integer coefficient arrays."""
