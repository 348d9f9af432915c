"""How a claim's theory value and numeric estimate are compared (docs/claims.md, "Relations").

Each relation returns a :class:`Judgement`: the error, the tolerance it was held to, and whether it passed.
Tolerances are derived (z·stderr, machine epsilon times conditioning), never tuned.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from seqtheory.simulate.stats import Estimate

__all__ = [
    "AttainsFromAbove",
    "Close",
    "ExactEquality",
    "Exceeds",
    "Formula",
    "Judgement",
    "LowerBound",
    "MatchesFormula",
    "Relation",
    "Sample",
    "UpperBound",
    "VectorClose",
    "Within",
    "ZTest",
    "critical_value",
    "heavy_tail",
]


@dataclass(frozen=True)
class Judgement:
    """A relation's verdict at one point: the error, the tolerance it was held to, and whether it passed."""

    error: float
    tolerance: float
    passed: bool


@runtime_checkable
class Relation(Protocol):
    """How a claim's theory value and numeric side are compared: ``kind`` names it in reports, ``judge`` returns
    the :class:`Judgement`."""

    kind: str

    def judge(self, theory: Any, numeric: Any) -> Judgement: ...


def _positive(relation: str, name: str, value: object, zero_ok: bool = False) -> None:
    """A tolerance parameter: a finite real > 0 (≥ 0 with ``zero_ok``); bool is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or value < 0 or (value == 0 and not zero_ok):
        bound = "≥ 0" if zero_ok else "> 0"
        raise ValueError(f"{relation}: {name} must be a finite real {bound}, got {value!r}")


def _is_sympy(x: Any) -> bool:
    return type(x).__module__.startswith("sympy")


def _exact_gap(a: Any, b: Any) -> float:
    """0 when a and b are identical exact objects; otherwise a positive size of their difference:
    |a − b| for numbers, the largest |coefficient| of a − b for polynomials."""
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        if not (isinstance(a, list | tuple) and isinstance(b, list | tuple)) or len(a) != len(b):
            return float("inf")
        return max((_exact_gap(x, y) for x, y in zip(a, b, strict=True)), default=0.0)
    if isinstance(a, bool | str) or isinstance(b, bool | str):
        return 0.0 if a == b else 1.0
    if isinstance(a, dict) and isinstance(b, dict):  # polynomial coefficient dicts
        return float(max((abs(a.get(key, 0) - b.get(key, 0)) for key in set(a) | set(b)), default=0))
    if _is_sympy(a) or _is_sympy(b):
        import sympy as sp  # only here: importing the claim model must not pay for sympy (0.4–0.9 s)

        diff = sp.expand(sp.sympify(a) - sp.sympify(b))
        if diff != 0 and not diff.is_polynomial():
            diff = sp.cancel(sp.together(diff))  # rational functions: bring to one reduced fraction
        if diff == 0:
            return 0.0
        if diff.is_number:
            return float(abs(diff))
        free = sorted(diff.free_symbols, key=str)
        try:
            return float(max(abs(c) for c in sp.Poly(diff, *free).coeffs()))
        except sp.PolynomialError:
            return 1.0
    return float(abs(a - b))


def _holds(error: float, tolerance: float) -> bool:
    """error ≤ tolerance, where an infinite (or NaN) tolerance — an estimate with no finite standard error —
    never passes: a check that cannot fail is not a pass."""
    return bool(math.isfinite(tolerance) and error <= tolerance)


def heavy_tail(numeric: Any) -> str:
    """What makes a Monte Carlo mean's standard error untrustworthy for a z-test (empty when nothing does): the
    diagnostic of :class:`seqtheory.simulate.tails.TailedMean`; estimates that keep no fourth moment say nothing."""
    diagnose = getattr(numeric, "heavy_tail", None)
    return diagnose() if callable(diagnose) else ""


def _z_holds(error: float, tolerance: float, numeric: Any) -> bool:
    """:func:`_holds` for the z-based relations, which also refuse a heavy-tailed estimate (its standard error is
    an accident of the sample: the judgement does not pass, and ``Claim.check`` gives the verdict ``inconclusive``
    with the tail named in its detail)."""
    return _holds(error, tolerance) and not heavy_tail(numeric)


@dataclass(frozen=True)
class ExactEquality:
    """Exact agreement of exact values (ints, Fractions, sympy numbers or polynomials, or sequences of them,
    compared item by item); tolerance 0.  The error is the size of the difference (for sequences, of the
    worst item)."""

    kind: str = "exact"

    def judge(self, theory: Any, numeric: Any) -> Judgement:
        worst = _exact_gap(theory, numeric)
        return Judgement(worst, 0.0, worst == 0.0)


@dataclass(frozen=True)
class ZTest:
    """Monte Carlo equality: ``|numeric − theory| ≤ crit · stderr + atol + rtol·|theory|`` at a fixed seed.

    ``crit`` is ``z`` for a standard error known in advance; for a mean of ``samples`` draws, whose standard
    error is itself estimated from those draws, it is the Student-t quantile with ``samples − 1`` degrees of freedom
    at the same tail probability as ``z`` under the normal law (:func:`critical_value`: for z = 5, 31.8 at 6
    draws, 12.4 at 10, 5.97 at 40, 5.35 at 100, 5.03 at 1000), so a test on few replicas keeps the false-alarm
    rate that ``z`` states.
    ``atol`` (default 0) is a rounding floor for estimates whose noise can vanish (e.g. SGD runs that have all
    reached an interpolating solution); ``rtol`` (default 0) the same floor relative to the theory, for draws
    computed in floats whose spread can fall below their own rounding (a conditional Monte Carlo at η → 0); with
    both 0 an estimate of zero spread is held to exact equality.
    A heavy-tailed estimate (:func:`heavy_tail`: its standard error uncertain by more than 10 %) never passes, here
    and in :class:`LowerBound` and :class:`UpperBound` (the check's verdict is then ``inconclusive``)."""

    z: float = 5.0
    atol: float = 0.0
    rtol: float = 0.0
    kind: str = "z-test"

    def __post_init__(self) -> None:
        _positive("ZTest", "z", self.z)
        _positive("ZTest", "atol", self.atol, zero_ok=True)
        _positive("ZTest", "rtol", self.rtol, zero_ok=True)

    def judge(self, theory: Any, numeric: Estimate) -> Judgement:
        if not numeric.stderr >= 0:  # NaN: no finite spread, so nothing to test against
            return Judgement(float("inf"), float("inf"), False)
        err = abs(numeric.value - float(theory))
        tol = critical_value(self.z, numeric.samples) * numeric.stderr + self.atol + self.rtol * abs(float(theory))
        # a zero-spread estimate (every draw identical, e.g. a loss that underflows to 0 at every draw) is judged
        # exactly: tolerance 0, so it passes only when it equals the theory's float
        return Judgement(err, tol, _z_holds(err, tol, numeric))


def critical_value(z: float, samples: int) -> float:
    """The threshold a z-test uses for a mean of ``samples`` draws with an estimated standard error: the Student-t
    (``samples − 1`` degrees of freedom) quantile whose two-sided tail equals the normal one of ``z``; ``z``
    itself when the standard error is not estimated from draws (``samples < 2``)."""
    if samples < 2:
        return z
    from scipy import stats

    return float(stats.t.isf(stats.norm.sf(z), samples - 1))


@dataclass(frozen=True)
class Close:
    """Deterministic numerics: ``|numeric − theory| ≤ atol + rtol·|theory|``."""

    rtol: float
    atol: float = 0.0
    kind: str = "close"

    def __post_init__(self) -> None:
        _positive("Close", "rtol", self.rtol, zero_ok=True)
        _positive("Close", "atol", self.atol, zero_ok=True)

    def judge(self, theory: Any, numeric: Estimate) -> Judgement:
        err = abs(numeric.value - float(theory))
        tol = self.atol + self.rtol * abs(float(theory))
        return Judgement(err, tol, err <= tol)


@dataclass(frozen=True)
class LowerBound:
    """``numeric ≥ theory`` up to ``z`` standard errors (+ ``atol`` for rounding); error is the shortfall
    ``theory − numeric``.  ``z`` becomes the Student-t critical value for an estimated standard error, as in
    :class:`ZTest`."""

    z: float = 5.0
    atol: float = 0.0
    kind: str = "lower-bound"

    def __post_init__(self) -> None:
        _positive("LowerBound", "z", self.z, zero_ok=True)
        _positive("LowerBound", "atol", self.atol, zero_ok=True)

    def judge(self, theory: Any, numeric: Estimate) -> Judgement:
        shortfall = float(theory) - numeric.value
        tol = critical_value(self.z, numeric.samples) * numeric.stderr + self.atol
        return Judgement(shortfall, tol, _z_holds(shortfall, tol, numeric))


@dataclass(frozen=True)
class Exceeds:
    """A claimed effect: the mean of paired per-replica effects **significantly exceeds** ``theory`` — the
    one-sided Student-t test of H0: mean ≤ theory at level ``alpha`` rejects, i.e. ``mean − theory ≥ q·se`` with
    ``q = t_{1−α}(m − 1)`` for m replicas.  Unlike :class:`LowerBound` (which passes unless the data contradict the
    bound) the burden is on the effect: too few or too noisy replicas fail.

    The error is the shortfall ``theory − mean`` and the tolerance ``q·se``; the check passes when the shortfall is
    at most ``−tolerance`` (error/tolerance ≤ −1: the mean lies at least one test tolerance above the threshold).
    A negative control (a value the effect must not be, e.g. "no effect", 0) is judged as an equality: it is
    rejected by ``|mean − value| / (q·se)`` tolerances (:meth:`control_margin`)."""

    alpha: float = 0.05
    kind: str = "t-test (one-sided)"

    def __post_init__(self) -> None:
        if isinstance(self.alpha, bool) or not isinstance(self.alpha, int | float) or not 0 < self.alpha < 0.5:
            raise ValueError(f"Exceeds: alpha must be a real in (0, 0.5), got {self.alpha!r}")

    def quantile(self, samples: int) -> float:
        from scipy import stats

        if samples < 2:
            return math.inf
        return float(stats.t.isf(self.alpha, samples - 1))

    def judge(self, theory: Any, numeric: Estimate) -> Judgement:
        if not numeric.stderr >= 0:
            return Judgement(float("inf"), float("inf"), False)
        shortfall = float(theory) - numeric.value
        tol = self.quantile(numeric.samples) * numeric.stderr
        return Judgement(shortfall, tol, bool(math.isfinite(tol) and shortfall <= -tol))

    def control_margin(self, value: Any, numeric: Estimate) -> float:
        """How many test tolerances q·se the control value lies from the measured mean (inf at zero spread)."""
        gap = abs(numeric.value - float(value))
        tol = self.quantile(numeric.samples) * numeric.stderr
        if not math.isfinite(tol):
            return 0.0
        return gap / tol if tol > 0 else (math.inf if gap > 0 else 0.0)


@dataclass(frozen=True)
class Within:
    """A claimed *absence* of effect, tested as equivalence (two one-sided t-tests, TOST): the mean of per-replica
    effects lies within ``margin`` of ``theory`` — both one-sided tests at level ``alpha`` reject, i.e. the
    (1 − 2α) Student-t interval of the mean lies inside [theory − margin, theory + margin].  The burden is on the
    claim: noisy or few replicas fail.

    The error is the far end of the interval's distance from ``theory`` (``|mean − theory| + q·se``) and the
    tolerance ``margin``.  A negative control (an effect the claim denies) is rejected by
    ``|mean − value| / (q·se)`` test tolerances, as for :class:`Exceeds`."""

    #: the equivalence margin, or a zero-argument callable giving it when judged (a margin calibrated on held-out
    #: replicas: no work when the claim is built)
    margin: float | Callable[[], float]
    alpha: float = 0.05
    kind: str = "equivalence (TOST)"

    def __post_init__(self) -> None:
        if not callable(self.margin):
            _positive("Within", "margin", self.margin)
        if isinstance(self.alpha, bool) or not isinstance(self.alpha, int | float) or not 0 < self.alpha < 0.5:
            raise ValueError(f"Within: alpha must be a real in (0, 0.5), got {self.alpha!r}")

    def judge(self, theory: Any, numeric: Estimate) -> Judgement:
        margin = self.margin() if callable(self.margin) else self.margin
        _positive("Within", "margin", margin)
        if not numeric.stderr >= 0:
            return Judgement(float("inf"), margin, False)
        reach = abs(numeric.value - float(theory)) + Exceeds(self.alpha).quantile(numeric.samples) * numeric.stderr
        return Judgement(reach, margin, bool(reach <= margin))

    def control_margin(self, value: Any, numeric: Estimate) -> float:
        return Exceeds(self.alpha).control_margin(value, numeric)


@dataclass(frozen=True)
class UpperBound:
    """``numeric ≤ theory`` up to ``z`` standard errors (the Student-t critical value for an estimated standard
    error, as in :class:`ZTest`); error is the excess ``numeric − theory``."""

    z: float = 5.0
    kind: str = "upper-bound"

    def __post_init__(self) -> None:
        _positive("UpperBound", "z", self.z, zero_ok=True)

    def judge(self, theory: Any, numeric: Estimate) -> Judgement:
        excess = numeric.value - float(theory)
        tol = critical_value(self.z, numeric.samples) * numeric.stderr
        return Judgement(excess, tol, _z_holds(excess, tol, numeric))


@dataclass(frozen=True)
class AttainsFromAbove:
    """A bound approached from above: ``theory − z·se ≤ numeric ≤ (1 + rel)·theory + z·se``.

    The error is the relative gap ``|numeric/theory − 1|`` and the tolerance that of the side it lies on: above the
    bound ``rel + z·se/theory``, below it ``z·se/theory`` (the bound itself must never be significantly violated).
    """

    rel: float
    z: float = 5.0
    kind: str = "attains-from-above"

    def __post_init__(self) -> None:
        _positive("AttainsFromAbove", "rel", self.rel, zero_ok=True)
        _positive("AttainsFromAbove", "z", self.z, zero_ok=True)

    def judge(self, theory: Any, numeric: Estimate) -> Judgement:
        t = float(theory)
        slack = critical_value(self.z, numeric.samples) * numeric.stderr / t
        gap = numeric.value / t - 1.0
        tol = self.rel + slack if gap >= 0 else slack
        return Judgement(abs(gap), tol, _holds(abs(gap), tol))


@dataclass(frozen=True)
class Formula:
    """A closed form applied to sampled inputs: ``fn(inputs) -> array``, printed as ``text``."""

    text: str
    fn: Callable[[Any], Any]

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Sample:
    """Sampled inputs, the array measured on them, and the scale that errors are measured against."""

    inputs: object
    measured: object
    scale: float

    def __str__(self) -> str:
        return f"array{tuple(getattr(self.measured, 'shape', ()))}"


@dataclass(frozen=True)
class MatchesFormula:
    """Deterministic identity on random inputs: ``max|measured − formula(inputs)| ≤ rtol · scale``.

    ``rtol`` is derived from machine epsilon and the size of the computation (see each claim); the error is
    reported in units of ``scale``."""

    rtol: float
    kind: str = "formula"

    def __post_init__(self) -> None:
        _positive("MatchesFormula", "rtol", self.rtol)

    def judge(self, theory: Formula, numeric: Sample) -> Judgement:
        import numpy as np

        predicted = np.asarray(theory.fn(numeric.inputs), dtype=np.float64)
        measured = np.asarray(numeric.measured, dtype=np.float64)
        if predicted.shape != measured.shape:
            return Judgement(float("inf"), self.rtol, False)
        err = float(np.max(np.abs(measured - predicted))) / numeric.scale
        return Judgement(err, self.rtol, bool(err <= self.rtol))


@dataclass(frozen=True)
class VectorClose:
    """Deterministic numerics on short vectors (e.g. an ODE's end point): ``max|numeric − theory| ≤ atol``."""

    atol: float
    kind: str = "close"

    def __post_init__(self) -> None:
        _positive("VectorClose", "atol", self.atol, zero_ok=True)

    def judge(self, theory: Any, numeric: Any) -> Judgement:
        import numpy as np

        t = np.asarray([float(x) for x in theory])
        x = np.asarray([float(v) for v in numeric])
        err = float(np.max(np.abs(x - t)))
        return Judgement(err, self.atol, err <= self.atol)
