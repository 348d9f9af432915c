"""Exact engines: real and complex Wishart trace moments (zonal closed form, Stein recursion, Wick enumeration,
Haff inverse moments, the five-term recursion and its proof: a modular creative-telescoping search, the order-3
relation it finds, the exact reduction and the certificates) on exact integer coefficient arrays."""
