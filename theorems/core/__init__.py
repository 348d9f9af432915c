"""The claim model: :class:`~seqtheory.theorems.core.claim.Claim`, its parameter
:class:`~seqtheory.theorems.core.domain.Domain`, the relations between a closed form and a numeric side, and the
bibliographic records (papers, documents, sources, results, tables of contents).  Nothing here runs a batch of claims
(that is :mod:`seqtheory.theorems.run`) or writes a report (:mod:`seqtheory.report`).

The public API is :data:`__all__`; its names load on first use (``from seqtheory.theorems.core import Claim``), so
importing the package does no work and reading the bibliographic records imports neither numpy nor sympy.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Every public name, by the module that defines it.
_EXPORTS = {
    "claim": ("CONTROL_MARGIN", "EXPECTED", "FIDELITIES", "STANCES", "Check", "Claim", "margin"),
    "domain": ("Constraint", "Domain", "Integer", "Partition", "Real"),
    "relations": ("AttainsFromAbove", "Close", "critical_value", "ExactEquality", "Formula", "Judgement",
                  "LowerBound", "MatchesFormula",
                  "Relation", "Sample", "UpperBound", "VectorClose", "ZTest"),
    "paper": ("COVERAGE_STATUSES", "RESULT_STANCES", "Contents", "Document", "Family", "Paper", "Result", "Source",
              "result_stance"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)


def __dir__() -> list[str]:
    return __all__
