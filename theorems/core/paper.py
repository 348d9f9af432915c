"""Where a claim comes from and what it is about: the bibliographic record of a paper (each recorded once, in
:mod:`seqtheory.theorems.papers`), the external documents statements were read from, and each paper folder's table
of contents — its results with their coverage status, and the notebook and figure of each claim family.

Nothing here imports numpy or sympy: ``seqtheory list`` and ``seqtheory coverage`` read these records without
running any claim code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["COVERAGE_STATUSES", "RESULT_STANCES", "Contents", "Document", "Family", "Paper", "Result", "Source",
           "result_stance"]

#: How much of a paper result the claims filed under it check (``docs/claims.md``, "Coverage"):
#: ``checked`` — the paper's statement, in its stated regime, by a claim of fidelity ``paper`` or ``restated``;
#: ``partial`` — a special case, a smaller scale, a lemma or a reconstructed statement;
#: ``differs`` — the claims under the result's name check something else;
#: ``out-of-regime`` — observations whose recorded replicas do not reach the paper's regime (their gate is closed):
#: they run and report numbers, but say nothing about the result;
#: ``missing`` — no claim yet.
COVERAGE_STATUSES = ("checked", "partial", "differs", "out-of-regime", "missing")


@dataclass(frozen=True)
class Paper:
    """Bibliographic anchor of a claim: an arXiv id where there is one, else the venue."""

    authors: str
    year: int
    title: str
    arxiv: str = ""
    venue: str = ""

    def __post_init__(self) -> None:
        if not (self.arxiv or self.venue):
            raise ValueError(f"paper {self.title!r} needs an arxiv id or a venue")

    def short(self) -> str:
        """Last names (up to three, else the first and "et al."), year and arXiv id: "Ren, Liu 2024 (arXiv:…)"."""
        names = [a.split()[-1] for a in self.authors.split(",")]
        who = ", ".join(names) if len(names) <= 3 else f"{names[0]} et al."
        where = f"arXiv:{self.arxiv}" if self.arxiv else self.venue
        return f"{who} {self.year} ({where})"

    def cite(self) -> str:
        """First author, "et al." when there are more, year and arXiv id: "Huang et al. 2025 (arXiv:2502.21212)"."""
        first = self.authors.split(",")[0].split()[-1]
        etal = " et al." if "," in self.authors else ""
        where = f"arXiv:{self.arxiv}" if self.arxiv else self.venue
        return f"{first}{etal} {self.year} ({where})"

    def url(self) -> str:
        """The arXiv abstract page, or "" for a venue-only record."""
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else ""


@dataclass(frozen=True)
class Document:
    """An external document that statements were read from: a paper's abstract, an OpenReview discussion, the
    authors' code, a third-party summary.  ``paper`` is the paper it is about; ``reached`` says how much of it
    was read (so no verdict implies a verbatim check that was not made)."""

    key: str
    title: str
    paper: Paper | None
    reached: str
    url: str = ""
    #: what the document settles about the paper's statements, each point with its place in the document
    settles: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("key", "title", "reached"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise ValueError(f"document {self.key!r}: {name} must be non-empty text")
        if not isinstance(self.settles, tuple) or not all(isinstance(x, str) and x.strip() for x in self.settles):
            raise ValueError(f"document {self.key!r}: settles must be a tuple of non-empty texts")


@dataclass(frozen=True)
class Source:
    """Where a restated statement comes from: a :class:`Document`, the place in it, and what it gives."""

    document: Document
    where: str
    gives: str

    def __post_init__(self) -> None:
        if not isinstance(self.document, Document):
            raise TypeError(f"source document must be a Document, got {type(self.document).__name__}")
        for name in ("where", "gives"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise ValueError(f"source in {self.document.key!r}: {name} must be non-empty text")

    def cite(self) -> str:
        """"<document title>, <where>"."""
        return f"{self.document.title}, {self.where}"


@dataclass(frozen=True)
class Result:
    """One result of a paper (a theorem, a stated extension, an empirical claim), how far it is checked
    (:data:`COVERAGE_STATUSES`) and by which claim ids; ``note`` says what is and is not checked."""

    key: str
    title: str
    status: str
    claims: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if self.status not in COVERAGE_STATUSES:
            raise ValueError(f"result {self.key!r}: status must be one of {COVERAGE_STATUSES}, got {self.status!r}")
        if not isinstance(self.claims, tuple) or not all(isinstance(c, str) for c in self.claims):
            raise TypeError(f"result {self.key!r}: claims must be a tuple of claim ids")
        if (self.status == "missing") != (not self.claims):
            raise ValueError(f"result {self.key!r}: status 'missing' exactly when no claim is listed")
        if self.status != "checked" and not self.note:
            raise ValueError(f"result {self.key!r}: a {self.status!r} result must say why in its note")


@dataclass(frozen=True)
class Family:
    """A claim file's companions: the derivation notebook (a ``docs/`` page name, no suffix) and the figure
    (a ``seqtheory figures`` name) that show its claims."""

    notebook: str | None = None
    figure: str | None = None


@dataclass(frozen=True)
class Contents:
    """A paper folder's table of contents (its ``__init__.CONTENTS``): the paper (None for a folder of reference
    identities), its results with their coverage, and the notebook and figure of each claim file (keyed by the
    id's second segment, e.g. ``"thm3.1"``)."""

    folder: str
    paper: Paper | None
    families: dict[str, Family] = field(default_factory=dict)
    results: tuple[Result, ...] = ()

    def family(self, claim_id: str) -> Family:
        """The companions of a claim id of this folder (an empty Family when none is declared)."""
        parts = claim_id.split("/")
        return self.families.get(parts[1], Family()) if len(parts) == 3 and parts[0] == self.folder else Family()


#: What the claims filed under a result say about it together (:func:`result_stance`).
RESULT_STANCES = ("supported", "supported in part", "contradicted", "mixed", "not reproduced", "unchecked")


def result_stance(stances: Iterable[str]) -> str:
    """What the claims filed under a result say about it together: ``mixed`` when some support and some contradict;
    ``supported in part`` when some support and others could not reproduce it; else supported / contradicted /
    not reproduced; ``unchecked`` when only lemmas and the toolkit's own checks (or nothing) are filed."""
    present = set(stances)
    if {"supports", "contradicts"} <= present:
        return "mixed"
    if {"supports", "not-reproduced"} <= present:
        return "supported in part"
    for stance, word in (("contradicts", "contradicted"), ("supports", "supported"),
                         ("not-reproduced", "not reproduced")):
        if stance in present:
            return word
    return "unchecked"
