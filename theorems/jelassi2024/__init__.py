"""Jelassi et al. 2024 (arXiv:2402.01032): the counting bound on copying through a fixed-size state (a reference
paper: no results are counted for coverage)."""

from seqtheory.theorems.core.paper import Contents, Family
from seqtheory.theorems.papers import JELASSI2024

CONTENTS = Contents(folder="jelassi2024", paper=JELASSI2024,
                    families={"copy": Family("mamba_copy_bounds", "mamba_copy")})
