"""Parameter domains of claims: each parameter is an integer or real range, validated at the boundary.

A violation raises ``ValueError`` naming the parameter and its valid range (via :mod:`seqtheory.simulate.validate`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from seqtheory.simulate import validate

#: Default largest value at which a claim's numeric side is run for an integer parameter with no upper bound:
#: beyond it a check fails fast with a clear error instead of exhausting memory or time.
TRACTABLE = 256


@dataclass(frozen=True)
class Integer:
    """An integer parameter in ``[low, high]`` (``high=None``: unbounded).

    ``tractable`` (only for ``high=None``) is the largest value the claim's *check* runs at: a larger value is in
    the claim's domain, but the check refuses it with a ``ValueError`` naming the parameter (``None``: no cap,
    for labels such as seeds)."""

    name: str
    low: int = 1
    high: int | None = None
    doc: str = ""
    tractable: int | None = TRACTABLE

    def validate(self, value) -> int:
        value = validate.integer(self.name, value, self.low, self.high)
        if self.high is None and self.tractable is not None and value > self.tractable:
            raise ValueError(f"{self.name} = {value} is in the claim's domain ({self.name} ≥ {self.low}) but beyond "
                             f"what its check can compute ({self.name} ≤ {self.tractable}); it is not checked there")
        return value

    def describe(self) -> str:
        text = f"{self.name} ∈ ℤ, {self.name} ≥ {self.low}" + (f", ≤ {self.high}" if self.high is not None else "")
        if self.high is None and self.tractable is not None:
            text += f" (checked up to {self.tractable})"
        return text


@dataclass(frozen=True)
class Real:
    """A real parameter in an interval; ``low_open``/``high_open`` make the ends strict."""

    name: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    doc: str = ""

    def validate(self, value) -> float:
        return validate.real(self.name, value, self.low, self.high, self.low_open, self.high_open)

    def describe(self) -> str:
        lo = "-∞" if self.low is None else f"{self.low:g}"
        hi = "∞" if self.high is None else f"{self.high:g}"
        left = "(" if self.low_open or self.low is None else "["
        right = ")" if self.high_open or self.high is None else "]"
        return f"{self.name} ∈ {left}{lo}, {hi}{right}"


@dataclass(frozen=True)
class Constraint:
    """A joint condition on several parameters, e.g. ``n > d + 1``, with its human-readable form."""

    text: str
    holds: Callable[..., bool]


@dataclass(frozen=True)
class Domain:
    """The parameters a claim is asserted over, plus joint constraints."""

    params: tuple = ()
    constraints: tuple[Constraint, ...] = field(default_factory=tuple)

    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    def validate(self, values: Mapping) -> dict:
        """Check every parameter (none missing, none unknown) and every constraint; return normalised values."""
        unknown = set(values) - set(self.names())
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}; this claim takes {list(self.names())}")
        missing = [p.name for p in self.params if p.name not in values]
        if missing:
            raise ValueError(f"missing parameter(s) {missing}; this claim takes {list(self.names())}")
        out = {p.name: p.validate(values[p.name]) for p in self.params}
        for c in self.constraints:
            if not c.holds(**out):
                raise ValueError(f"parameters {out} violate the domain constraint {c.text}")
        return out

    def describe(self) -> str:
        parts = [p.describe() for p in self.params] + [c.text for c in self.constraints]
        return "; ".join(parts)
