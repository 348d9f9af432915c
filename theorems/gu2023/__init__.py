"""Gu & Dao 2023 (arXiv:2312.00752): the selective scan (Mamba-1, S6) in its equivalent forms — the toolkit's
kernels checked against each other (a reference paper: no results are counted for coverage)."""

from seqtheory.theorems.core.paper import Contents, Family
from seqtheory.theorems.papers import GU2023

CONTENTS = Contents(folder="gu2023", paper=GU2023, families={"scan": Family("mamba_copy_bounds", "mamba_copy")})
