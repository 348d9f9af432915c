"""Heavy tails in Monte Carlo means: when a z-test's standard error cannot be trusted.

A z-test of a sample mean holds it to ``z · s/√m``.  That is sound when ``s`` is a good estimate of the draws'
spread; with heavy tails it is not — a few draws carry most of the sum of squares, ``s`` swings from sample to
sample, and a theory can "pass" against a mean whose error bar is itself an accident (E tr W⁻¹ at n = d, whose mean
is infinite, gives 67 828 ± 54 000 from 4000 draws).  The diagnostic used here is the standard error's own
uncertainty: by the delta method the relative standard error of ``s`` is

    r = ½ √((K − 1)/m),   K = m Σ(x − x̄)⁴ / (Σ(x − x̄)²)²   (the sample kurtosis; 3 for a normal law)

and a z-test at ``z`` keeps an effective threshold of at least 0.7·z (3.5 for z = 5) when ``s`` is low by three of
its own standard errors, 1 − 3r ≥ 0.7, i.e. when r ≤ :data:`MAX_STDERR_SPREAD` = 0.1.  Beyond that the estimate is
*heavy-tailed* for the test and a z-test refuses it (``ZTest`` in ``seqtheory.theorems.core.relations``): the check
fails and its detail names the tail, instead of passing silently.  Heavy tails make the sample kurtosis itself an
underestimate, so the diagnostic errs towards passing a heavy tail, not towards flagging a light one.

:class:`TailedMean` is an :class:`~seqtheory.simulate.stats.Estimate` of a mean that also keeps the third and fourth
central sums, merged exactly across shards (Pébay 2008's pairwise update), computed scale-free so that draws near
the float range do not overflow, nor draws near 1e-300 underflow, before the kurtosis is known.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from seqtheory.simulate import validate
from seqtheory.simulate.stats import Estimate

__all__ = ["MAX_STDERR_SPREAD", "TailedMean", "stderr_spread"]

#: The largest relative standard error of the standard error a z-test accepts (see the module docstring).
MAX_STDERR_SPREAD = 0.1


def stderr_spread(kurtosis: float, samples: int) -> float:
    """r = ½√((K − 1)/m): the relative standard error of a sample standard deviation from ``samples`` draws of
    kurtosis K (delta method; K ≥ 1 always, K = 3 for a normal law; NaN or +∞ K gives +∞: nothing to trust)."""
    if isinstance(kurtosis, bool | np.bool_) or not isinstance(kurtosis, numbers.Real):
        raise TypeError(f"kurtosis must be a real number, got {type(kurtosis).__name__} {kurtosis!r}")
    samples = validate.integer("samples", samples, 1)
    if samples < 2 or not math.isfinite(kurtosis):
        return math.inf
    return 0.5 * math.sqrt(max(kurtosis - 1.0, 0.0) / samples)


@dataclass(frozen=True)
class TailedMean(Estimate):
    """A mean estimate that also keeps the draws' central sums of order 2, 3 and 4 in units of ``unit`` (the
    largest |draw|): c_p = Σ((x − x̄)/unit)^p.  Kept in those units they neither overflow for draws near 1e308 nor
    underflow for draws near 1e-300, so the sample kurtosis K = m·c₄/c₂² and the heavy-tail diagnostic of the module
    docstring are exact at any scale (the inherited ``m2`` = unit²·c₂ may still under- or overflow)."""

    unit: float = 1.0
    c2: float = 0.0
    c3: float = 0.0
    c4: float = 0.0

    @classmethod
    def of(cls, draws: ArrayLike) -> TailedMean:
        """Sample mean, standard error s/√m and the central sums of ``draws`` (at least 2 finite reals)."""
        x = validate.array("draws", draws, allow_empty=True).ravel()
        if x.size < 2:
            raise ValueError(f"draws must hold at least 2 samples for a standard error, got {x.size}")
        unit = float(np.max(np.abs(x)))
        if unit == 0.0:  # every draw 0: no spread, and a unit that defers to any other shard's in a merge
            return cls(0.0, 0.0, int(x.size), 0.0, 0.0)
        y = x / unit  # (m,) in [−1, 1]
        mean = float(y.mean())
        d = y - mean
        d2 = d * d
        c2, c3, c4 = float(np.sum(d2)), float(np.sum(d2 * d)), float(np.sum(d2 * d2))
        return cls._make(unit * mean, int(x.size), unit, c2, c3, c4)

    @classmethod
    def _make(cls, value: float, samples: int, unit: float, c2: float, c3: float, c4: float) -> TailedMean:
        with np.errstate(over="ignore", under="ignore"):  # the inherited M2 may leave the float range; c2 cannot
            m2 = float(np.float64(unit) ** 2 * c2) if c2 > 0 else 0.0
        stderr = unit * math.sqrt(c2 / (samples - 1) / samples)
        return cls(value, stderr, samples, m2, unit, c2, c3, c4)

    @property
    def kurtosis(self) -> float:
        """K = m·c₄/c₂² (3 for a normal law; NaN for draws without spread)."""
        return self.samples * (self.c4 / self.c2) / self.c2 if self.c2 > 0 else math.nan

    def heavy_tail(self) -> str:
        """Empty when a z-test may trust the standard error; otherwise what makes it untrustworthy."""
        k = self.kurtosis
        if math.isnan(k):
            return ""
        r = stderr_spread(k, self.samples)
        if r <= MAX_STDERR_SPREAD:
            return ""
        return (f"heavy tails: the sample kurtosis of the {self.samples} draws is {k:.4g}, so their standard error "
                f"is itself uncertain by {r:.0%} (a z-test needs ≤ {MAX_STDERR_SPREAD:.0%}); the normal "
                "approximation behind the test does not hold — more draws of the same law may not fix it (an "
                "infinite variance or mean never settles)")

    def merge(self, other: Estimate) -> Estimate:
        """The estimate of the union of two disjoint sets of draws; with another :class:`TailedMean` the central
        sums merge too (Pébay 2008, eqs. 2.1–2.3, in the larger of the two units), else a plain
        :class:`Estimate` (:meth:`Estimate.merge`)."""
        if not isinstance(other, TailedMean):
            return super().merge(other)
        unit = max(self.unit, other.unit)
        if unit == 0.0:
            return TailedMean(0.0, 0.0, self.samples + other.samples, 0.0)
        (a2, a3, a4), (b2, b3, b4) = ([e.c2 * (e.unit / unit) ** 2, e.c3 * (e.unit / unit) ** 3,
                                       e.c4 * (e.unit / unit) ** 4] for e in (self, other))
        na, nb = self.samples, other.samples
        n = na + nb
        delta = other.value / unit - self.value / unit  # the means' difference in the common unit
        c2 = a2 + b2 + delta**2 * na * nb / n
        c3 = a3 + b3 + delta**3 * na * nb * (na - nb) / n**2 + 3 * delta * (na * b2 - nb * a2) / n
        c4 = (a4 + b4 + delta**4 * na * nb * (na * na - na * nb + nb * nb) / n**3
              + 6 * delta**2 * (na * na * b2 + nb * nb * a2) / n**2 + 4 * delta * (na * b3 - nb * a3) / n)
        value = self.value + (other.value - self.value) * nb / n
        return TailedMean._make(value, n, unit, c2, c3, c4)


#: The standard error's relative uncertainty a sized sample aims at: a quarter of :data:`MAX_STDERR_SPREAD`, so the
#: main sample stays readable (r ≤ 0.1) even where its own kurtosis estimate comes out 16× the pilot's.  Both swing
#: widely when the draws' high moments are large: the teacher-forced CoT loss at n = 16, d = 1, k = 2, η = 0.75
#: (huang2025/thm4.1/reduced-loss) gave r from 0.033 to 0.125 over ten seeds when sized for r = 0.035 — one large draw
#: lifts the sample kurtosis ≈ 8×.
TARGET_STDERR_SPREAD = 0.025


def samples_for_spread(kurtosis: float, target: float = TARGET_STDERR_SPREAD) -> float:
    """The draws m at which r = ½√((K − 1)/m) falls to ``target``: m = (K − 1)/(4·target²) (+∞ for K = ∞ or NaN;
    a float, so the caller bounds it before rounding)."""
    if isinstance(kurtosis, bool | np.bool_) or not isinstance(kurtosis, numbers.Real):
        raise TypeError(f"kurtosis must be a real number, got {type(kurtosis).__name__} {kurtosis!r}")
    target = validate.real("target", target, 0.0, low_open=True)
    if not math.isfinite(kurtosis):
        return math.inf
    return max(kurtosis - 1.0, 0.0) / (4.0 * target * target)


def power_draws(sd: float, gap: float, least: int, most: int) -> int:
    """The draws that put a negative control at distance ``gap`` ≥ 3 test tolerances away
    (:func:`~seqtheory.simulate.stats.samples_for_power`), at least ``least`` (also when gap = 0: no control to
    power), at most ``most`` — and ``most`` when sd/gap is so large that squaring it would overflow a Python float
    (η ~ 1e-98 in the k-step loss: gap ~ 1e-196; found by falsify)."""
    from seqtheory.simulate.stats import samples_for_power

    sd = validate.real("sd", sd, 0.0)
    gap = validate.real("gap", gap, 0.0)
    if gap == 0.0:
        return least
    if sd / gap > 1e150:  # far beyond any cap: (z·sd/gap)² would overflow
        return most
    return max(least, samples_for_power(sd, gap, minimum=least, maximum=most, clip=True))


def sized_mean(draw, seed_seq: np.random.SeedSequence, least: int, most: int, pilot: int = 20_000,
               need=None) -> TailedMean:
    """A Monte Carlo mean whose size is read off an independent pilot: ``draw(rng, m)`` returns m iid draws (and
    bounds its own working memory, e.g. by :func:`~seqtheory.simulate.lsa.chunked_draws`); the pilot's ``pilot``
    draws (first child of ``seed_seq``) give the kurtosis K̂, and the main sample (second child) takes
    m = clip(max(least, :func:`samples_for_spread`(K̂)), least, most) draws.  The pilot only sizes the sample — its
    draws are not reused, so the size is independent of the main draws and the mean stays unbiased.
    ``need(pilot_estimate)``, when given, adds a floor of its own (e.g. the draws a negative control's power asks
    for: :func:`power_draws`).  Where even ``most`` draws leave r > 0.1 the estimate says so
    (:meth:`TailedMean.heavy_tail`) and a z-test refuses it."""
    if not isinstance(seed_seq, np.random.SeedSequence):
        raise TypeError(f"seed_seq must be a numpy SeedSequence, got {type(seed_seq).__name__}")
    least = validate.integer("least", least, 2)
    most = validate.integer("most", most, least)
    pilot = validate.integer("pilot", pilot, 2)
    pilot_ss, main_ss = seed_seq.spawn(2)
    first = TailedMean.of(draw(np.random.default_rng(pilot_ss), pilot))
    kurtosis = first.kurtosis
    want = samples_for_spread(kurtosis if math.isfinite(kurtosis) else 3.0)
    if need is not None:
        want = max(want, float(need(first)))
    m = int(min(max(float(least), math.ceil(want)), float(most)))
    return TailedMean.of(draw(np.random.default_rng(main_ss), m))
