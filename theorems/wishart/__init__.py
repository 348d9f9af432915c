"""Exact moments of real Wishart matrices: identities across independent methods, the five-term recursion
(proved), Monte Carlo — the machinery the LSA results rest on (reference identities from several papers: no results
are counted for coverage)."""

from seqtheory.theorems.core.paper import Contents, Family

CONTENTS = Contents(folder="wishart", paper=None,
                    families={name: Family("wishart_moments", "wishart_moments")
                              for name in ("identities", "five-term", "montecarlo")})
