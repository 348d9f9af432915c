"""The bibliographic record of a paper a claim comes from (each paper is recorded once, in
:mod:`seqtheory.theorems.papers`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    """Bibliographic anchor of a claim: an arXiv id where there is one, else the venue."""

    authors: str
    year: int
    title: str
    arxiv: str = ""
    venue: str = ""

    def __post_init__(self):
        if not (self.arxiv or self.venue):
            raise ValueError(f"paper {self.title!r} needs an arxiv id or a venue")

    def cite(self) -> str:
        first = self.authors.split(",")[0].split()[-1]
        etal = " et al." if "," in self.authors else ""
        where = f"arXiv:{self.arxiv}" if self.arxiv else self.venue
        return f"{first}{etal} {self.year} ({where})"
