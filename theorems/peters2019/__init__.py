"""Peters, Niculae, Martins 2019 (arXiv:1905.05702): exact 1.5-entmax (a reference paper: no results are counted
for coverage)."""

from seqtheory.theorems.core.paper import Contents, Family
from seqtheory.theorems.papers import PETERS2019

CONTENTS = Contents(folder="peters2019", paper=PETERS2019,
                    families={"entmax": Family("attention_sparsemax_dual", "attention_kernels")})
