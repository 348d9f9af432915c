"""The bibliographic record of a paper a claim comes from (each paper is recorded once, in
:mod:`seqtheory.theorems.papers`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One result identified in a paper (a numbered theorem, a stated extension, an empirical claim) and the
    claim-id prefixes that encode it (empty: not encoded yet)."""

    key: str
    title: str
    claims: tuple[str, ...] = ()

    def encoded_by(self, claim_ids) -> list[str]:
        """The ids among ``claim_ids`` that encode this result."""
        return [i for i in claim_ids if any(i.startswith(prefix) for prefix in self.claims)]


@dataclass(frozen=True)
class Paper:
    """Bibliographic anchor of a claim: an arXiv id where there is one, else the venue.  ``results`` lists the
    paper's results identified so far (for the coverage table); empty for the references the claims merely use."""

    authors: str
    year: int
    title: str
    arxiv: str = ""
    venue: str = ""
    results: tuple[Result, ...] = ()

    def __post_init__(self):
        if not (self.arxiv or self.venue):
            raise ValueError(f"paper {self.title!r} needs an arxiv id or a venue")

    def short(self) -> str:
        """Last names (up to three, else the first and "et al."), year and arXiv id: "Ren, Liu 2024 (arXiv:…)"."""
        names = [a.split()[-1] for a in self.authors.split(",")]
        who = ", ".join(names) if len(names) <= 3 else f"{names[0]} et al."
        where = f"arXiv:{self.arxiv}" if self.arxiv else self.venue
        return f"{who} {self.year} ({where})"

    def cite(self) -> str:
        first = self.authors.split(",")[0].split()[-1]
        etal = " et al." if "," in self.authors else ""
        where = f"arXiv:{self.arxiv}" if self.arxiv else self.venue
        return f"{first}{etal} {self.year} ({where})"
