"""Parameter domains of claims: each parameter is an integer or real range, validated at the boundary, and the
hypothesis strategy of a claim's property test is **derived from its domain** (bounds included).

A violation raises ``ValueError`` naming the parameter and its valid range (via :mod:`seqtheory.simulate.validate`).

Where the domain is unbounded (or wider than a property test can afford), a parameter declares its ``probe``: the
range its property test draws from.  ``describe()`` states it, so a report never implies a check it did not make.
The probe's ends are the parameter's *boundary values*: every draw strategy puts them in with positive
probability, and ``tests`` assert for every claim that its strategy reaches them (an open end is approached by
the nearest float inside it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seqtheory.simulate import validate

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["TRACTABLE", "Constraint", "Domain", "Integer", "Partition", "Real"]

#: Default largest value at which a claim's numeric side is run for an integer parameter with no upper bound:
#: beyond it a check fails fast with a clear error instead of exhausting memory or time.
TRACTABLE = 256


@dataclass(frozen=True)
class Integer:
    """An integer parameter in ``[low, high]`` (``high=None``: unbounded).

    ``tractable`` (only for ``high=None``) is the largest value the claim's *check* runs at: a larger value is in
    the claim's domain, but the check refuses it with a ``ValueError`` naming the parameter (``None``: no cap,
    for labels such as seeds).  ``probe`` is the largest value the property test draws (default: ``high``, else
    ``tractable``); the test draws ``[low, probe]`` with both ends as boundary values."""

    name: str
    low: int = 1
    high: int | None = None
    doc: str = ""
    tractable: int | None = TRACTABLE
    probe: int | None = None

    def __post_init__(self) -> None:
        top = self.probe_range()[1]
        if top is not None and not self.low <= top <= (self.high if self.high is not None else math.inf):
            raise ValueError(f"parameter {self.name}: probe {top} must lie in the domain [{self.low}, {self.high}]")
        if self.high is None and self.tractable is not None and top is not None and top > self.tractable:
            raise ValueError(f"parameter {self.name}: probe {top} is beyond what its check can compute "
                             f"(tractable = {self.tractable}): the property test would draw values every check refuses")

    def validate(self, value: object) -> int:
        value = validate.integer(self.name, value, self.low, self.high)
        if self.high is None and self.tractable is not None and value > self.tractable:
            raise ValueError(f"{self.name} = {value} is in the claim's domain ({self.name} ≥ {self.low}) but beyond "
                             f"what its check can compute ({self.name} ≤ {self.tractable}); it is not checked there")
        return value

    def probe_range(self) -> tuple[int, int | None]:
        top = self.probe if self.probe is not None else self.high if self.high is not None else self.tractable
        return self.low, top

    def boundaries(self) -> tuple[int, ...]:
        lo, hi = self._probe()
        return (lo,) if lo == hi else (lo, hi)

    def _probe(self) -> tuple[int, int]:
        lo, hi = self.probe_range()
        if hi is None:
            raise ValueError(f"parameter {self.name} has no upper end: declare probe= (the largest value its "
                             "property test draws)")
        return lo, hi

    def strategy(self) -> SearchStrategy[Any]:
        from hypothesis import strategies as st

        lo, hi = self._probe()
        return st.one_of(st.sampled_from(self.boundaries()), st.integers(lo, hi))

    def grid(self) -> list[int]:
        """Boundary values first, then a few interior points (for witness searches)."""
        lo, hi = self._probe()
        inner = sorted({lo + (hi - lo) * q // 8 for q in range(1, 8)} - {lo, hi})
        return [*self.boundaries(), *inner]

    def describe(self) -> str:
        text = f"{self.name} ∈ ℤ, {self.name} ≥ {self.low}" + (f", ≤ {self.high}" if self.high is not None else "")
        if self.high is None and self.tractable is not None:
            text += f" (checked up to {self.tractable})"
        top = self.probe_range()[1]
        if top is not None and top != (self.high if self.high is not None else self.tractable):
            text += f" [property-tested up to {top}]"
        return text


@dataclass(frozen=True)
class Real:
    """A real parameter in an interval; ``low_open``/``high_open`` make the ends strict.  ``probe = (a, b)`` is
    the range the property test draws from (default: the interval itself, which must then be bounded); a probe end
    at an open end of the interval is approached by the nearest float inside it."""

    name: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    doc: str = ""
    probe: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.probe is not None:
            a, b = self.probe
            if not a <= b or not self._inside_or_open_end(a) or not self._inside_or_open_end(b):
                raise ValueError(f"parameter {self.name}: probe {self.probe} must be an interval inside "
                                 f"{self.describe_interval()}")

    def _inside(self, x: float) -> bool:
        above = self.low is None or (x > self.low if self.low_open else x >= self.low)
        below = self.high is None or (x < self.high if self.high_open else x <= self.high)
        return above and below

    def _inside_or_open_end(self, x: float) -> bool:
        return self._inside(x) or (self.low_open and x == self.low) or (self.high_open and x == self.high)

    def validate(self, value: object) -> float:
        return validate.real(self.name, value, self.low, self.high, self.low_open, self.high_open)

    def _probe(self) -> tuple[float, float]:
        """The probe range with open ends of the domain replaced by the nearest float inside."""
        if self.probe is not None:
            lo, hi = self.probe
        elif self.low is None or self.high is None:
            raise ValueError(f"parameter {self.name} is unbounded: declare probe=(a, b), the range its property "
                             "test draws from")
        else:
            lo, hi = self.low, self.high
        if self.low_open and lo == self.low:
            lo = math.nextafter(lo, math.inf)
        if self.high_open and hi == self.high:
            hi = math.nextafter(hi, -math.inf)
        return lo, hi

    def boundaries(self) -> tuple[float, ...]:
        lo, hi = self._probe()
        return (lo,) if lo == hi else (lo, hi)

    def strategy(self) -> SearchStrategy[Any]:
        from hypothesis import strategies as st

        lo, hi = self._probe()
        return st.one_of(st.sampled_from(self.boundaries()),
                         st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False))

    def grid(self) -> list[float]:
        """Boundary values first, then a few interior points (for witness searches)."""
        lo, hi = self._probe()
        return [*self.boundaries(), *(lo + (hi - lo) * q / 8 for q in range(1, 8) if lo < hi)]

    def describe_interval(self) -> str:
        lo = "-∞" if self.low is None else f"{self.low:g}"
        hi = "∞" if self.high is None else f"{self.high:g}"
        left = "(" if self.low_open or self.low is None else "["
        right = ")" if self.high_open or self.high is None else "]"
        return f"{left}{lo}, {hi}{right}"

    def describe(self) -> str:
        text = f"{self.name} ∈ {self.describe_interval()}"
        if self.probe is not None:
            text += f" [property-tested on [{self.probe[0]:g}, {self.probe[1]:g}]]"
        return text


@dataclass(frozen=True)
class Partition:
    """An integer partition with parts 1–9 and at most ``max_total`` boxes, encoded as the decimal number of its
    parts in descending order ((3, 1) → 31).  ``probe`` (default ``max_total``) is the most boxes the property test
    draws.  Boundary values: the single box (1), one row and one column of ``probe`` boxes."""

    name: str
    max_total: int
    doc: str = ""
    probe: int | None = None

    def _top(self) -> int:
        return self.max_total if self.probe is None else min(self.probe, self.max_total)

    def validate(self, value: object) -> int:
        value = validate.integer(self.name, value, 1, None)
        digits = [int(ch) for ch in str(value)]
        if 0 in digits or digits != sorted(digits, reverse=True) or sum(digits) > self.max_total:
            raise ValueError(f"{self.name} = {value} must encode a partition: digits 1–9, descending, "
                             f"sum ≤ {self.max_total}")
        return value

    def codes(self) -> list[int]:
        from sympy.utilities.iterables import partitions

        return sorted(int("".join(str(k) for k, v in sorted(p.items(), reverse=True) for _ in range(v)))
                      for total in range(1, self._top() + 1) for p in partitions(total) if max(p) <= 9)

    def boundaries(self) -> tuple[int, ...]:
        return tuple(sorted({1, int(str(min(self._top(), 9))), int("1" * self._top())}))

    def strategy(self) -> SearchStrategy[Any]:
        from hypothesis import strategies as st

        return st.one_of(st.sampled_from(self.boundaries()), st.sampled_from(self.codes()))

    def grid(self) -> list[int]:
        return [*self.boundaries(), *self.codes()]

    def describe(self) -> str:
        text = f"{self.name}: a partition of at most {self.max_total} boxes (parts 1–9, as digits)"
        return text + (f" [property-tested up to {self._top()} boxes]" if self._top() != self.max_total else "")


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

    def admits(self, values: Mapping) -> bool:
        """True when ``values`` (a full parameter dict) lies in the domain."""
        try:
            self.validate(values)
        except ValueError:
            return False
        return True

    def strategy(self) -> SearchStrategy[Any]:
        """The hypothesis strategy of parameter dicts drawn from the probed domain: each parameter from its
        probe range with its boundary values, joint constraints by filtering."""
        from hypothesis import strategies as st

        base = st.fixed_dictionaries({p.name: p.strategy() for p in self.params})
        return base.filter(self.admits) if self.constraints else base

    def boundary_points(self) -> list[tuple[str, object]]:
        """Every (parameter, boundary value) the strategy must reach."""
        return [(p.name, b) for p in self.params for b in p.boundaries()]

    def boundary_witness(self, name: str, value: object) -> dict | None:
        """A parameter dict in the domain with ``name = value`` and every other parameter on its grid (boundary
        values first, then interior points), or None if the grid holds none.  Each grid value is a value its
        parameter's strategy draws with positive probability, so a witness proves the (filtered) domain strategy
        reaches the boundary value."""
        import itertools

        others = [p for p in self.params if p.name != name]
        for combo in itertools.product(*(p.grid() for p in others)):
            values = {name: value, **{p.name: v for p, v in zip(others, combo, strict=True)}}
            if self.admits(values):
                return values
        return None

    def describe(self) -> str:
        parts = [p.describe() for p in self.params] + [c.text for c in self.constraints]
        return "; ".join(parts)
