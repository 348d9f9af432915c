"""Martins & Astudillo 2016 (arXiv:1602.02068): sparsemax as a projection, its Jacobian (a reference paper: no
results are counted for coverage)."""

from seqtheory.theorems.core.paper import Contents, Family
from seqtheory.theorems.papers import MARTINS2016

CONTENTS = Contents(folder="martins2016", paper=MARTINS2016,
                    families={"sparsemax": Family("attention_sparsemax_dual", "attention_kernels")})
