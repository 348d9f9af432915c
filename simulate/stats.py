"""Monte Carlo summaries: a mean with its standard error, reported together everywhere.

An :class:`Estimate` of a mean keeps its sufficient statistics (count, mean and M2 = Σ(x − x̄)², Chan et al.'s
pairwise update), so estimates of disjoint shards of draws merge exactly into the estimate of their union
(:meth:`Estimate.merge`, :func:`merge_shards`).  Medians and other quantiles (``simulate.quantiles``) do not merge:
they need all the draws in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from seqtheory.simulate import validate

__all__ = ["Estimate", "Observation", "Regime", "merge_shards", "samples_for_power", "shard_seeds"]


#: Draws whose largest magnitude lies in this range are summarised directly; outside it, in units of that magnitude.
MIN_DIRECT_SCALE, MAX_DIRECT_SCALE = 1e-100, 1e100


@dataclass(frozen=True)
class Estimate:
    """A numeric estimate ``value`` with standard error ``stderr`` from ``samples`` draws.

    Deterministic numerics use ``stderr = 0`` and ``samples = 1``.  ``m2`` (Σ(x − x̄)², set by :meth:`of_mean`)
    makes a mean estimate mergeable; estimates without it (medians, exact values) refuse to merge.
    """

    value: float
    stderr: float = 0.0
    samples: int = 1
    m2: float | None = None

    @classmethod
    def of_mean(cls, draws: ArrayLike) -> Estimate:
        """Sample mean and its standard error ``s/√m`` (``s`` with the m−1 denominator).

        Draws whose largest magnitude lies outside [1e-100, 1e100] are summarised in units of that magnitude: their
        squared deviations would otherwise underflow to 0 (a standard error of 0 — an exact z-test on noisy draws)
        or overflow to ∞.  The mean and standard error are then right at any scale; the kept M2 = unit²·Σ((x − x̄)/
        unit)² may itself leave the float range, so merge such estimates as
        :class:`~seqtheory.simulate.tails.TailedMean` (which keeps its sums in units).  Inside the range nothing is
        rescaled, so ordinary draws give the same bits as a direct computation."""
        x = validate.array("draws", draws, allow_empty=True).ravel()
        if x.size < 2:
            raise ValueError(f"draws must hold at least 2 samples for a standard error, got {x.size}")
        unit = float(np.max(np.abs(x)))
        if unit == 0.0 or MIN_DIRECT_SCALE <= unit <= MAX_DIRECT_SCALE:
            mean = float(x.mean())
            m2 = float(np.sum((x - mean) ** 2))
            return cls(mean, float(np.sqrt(m2 / (x.size - 1) / x.size)), int(x.size), m2)
        y = x / unit  # (m,) in [−1, 1]
        mean_u = float(y.mean())
        m2_u = float(np.sum((y - mean_u) ** 2))
        with np.errstate(over="ignore", under="ignore"):
            m2 = float(np.float64(unit) ** 2 * m2_u)
        return cls(unit * mean_u, unit * float(np.sqrt(m2_u / (x.size - 1) / x.size)), int(x.size), m2)

    def merge(self, other: Estimate) -> Estimate:
        """The mean estimate of the union of two disjoint sets of draws (Chan–Golub–LeVeque pairwise update):
        n = n_a + n_b, mean = mean_a + δ·n_b/n, M2 = M2_a + M2_b + δ²·n_a·n_b/n with δ = mean_b − mean_a."""
        if self.m2 is None or other.m2 is None:
            raise ValueError("only mean estimates made by Estimate.of_mean (which keep M2) can be merged; "
                             "medians and quantiles need all the draws in one place")
        n = self.samples + other.samples
        delta = other.value - self.value
        mean = self.value + delta * other.samples / n
        m2 = self.m2 + other.m2 + delta * delta * self.samples * other.samples / n
        return Estimate(mean, float(np.sqrt(m2 / (n - 1) / n)), n, m2)

    @classmethod
    def exact(cls, value: float) -> Estimate:
        return cls(float(value), 0.0, 1)

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        """The Student-t confidence interval of a mean from its ``samples`` draws (t with samples − 1 degrees of
        freedom: with three seeds t₀.₉₇₅ = 4.30, not 1.96)."""
        from scipy import stats

        level = validate.real("level", level, 0.0, 1.0, low_open=True, high_open=True)
        if self.samples < 2:
            raise ValueError("an interval needs a mean of at least 2 draws")
        half = float(stats.t.ppf(0.5 + level / 2, self.samples - 1)) * self.stderr
        return self.value - half, self.value + half

    def describe(self, fmt: str = "+.3f") -> str:
        """'mean m, 95 % interval [a, b]'."""
        low, high = self.interval()
        return f"mean {self.value:{fmt}}, 95 % interval [{low:{fmt}}, {high:{fmt}}]"


@dataclass(frozen=True)
class Regime:
    """Whether a check speaks about the paper: ``condition`` states the paper's regime (e.g. "without CoT the model
    reaches ID exact match ≥ 0.9"), ``measured`` what the replicas showed, ``met`` whether they are inside it.  A
    check outside the regime gets the verdict ``out-of-regime`` — never ``pass``."""

    condition: str
    measured: str
    met: bool

    def as_dict(self) -> dict:
        return {"condition": self.condition, "measured": self.measured, "met": bool(self.met)}


@dataclass(frozen=True)
class Observation:
    """A simulation's result for a claim: the measured value (an :class:`Estimate`, an exact value or a list of
    them) plus a human-readable detail line (the per-seed numbers, a derived diagnostic).

    An experiment's observation also carries its ``regime`` gate (:class:`Regime`), its statistical ``design``
    (replicas, calibration and check seeds, the test, the effect and its 95 % interval, where the replicas came
    from) and, when its recorded runs cannot be trusted, why (``stale``)."""

    estimate: Any
    detail: str = ""
    regime: Regime | None = None
    design: dict | None = None
    stale: str = ""


def samples_for_power(sd: float, gap: float, z: float = 5.0, margin: float = 3.0, safety: float = 5.0,
                      minimum: int = 1000, maximum: int = 4_000_000, clip: bool = False) -> int:
    """Draws m so that a negative control at distance ``gap`` from the truth is rejected by ≥ ``margin`` z-test
    tolerances at (almost) every seed: the control's error gap ± noise must exceed margin·z·se, so we need
    gap ≥ (margin·z + safety)·se with se = sd/√m (``safety`` standard errors of the estimate's own noise).
    Returns m = ⌈((margin·z + safety)·sd/gap)²⌉ within [minimum, maximum]; above ``maximum`` a ValueError, or
    ``maximum`` itself with ``clip=True`` (for checks run away from the pinned point, where the control's power is
    not asserted and the relation itself stays valid at any sample size)."""
    sd, gap = validate.real("sd", sd, 0.0), validate.real("gap", gap, 0.0, low_open=True)
    with np.errstate(over="ignore", divide="ignore"):  # numpy floats: inf, not Python's OverflowError, when huge
        need = float(np.ceil((np.float64(margin * z + safety) * sd / gap) ** 2))  # inf when the gap underflows
    m = int(need) if np.isfinite(need) and need <= maximum else maximum + 1
    if m > maximum:
        if clip:
            return maximum
        raise ValueError(f"the control at distance gap = {gap:.3g} needs {need:.3g} draws (sd {sd:.3g}), more than "
                         f"{maximum}")
    return max(minimum, m)


def merge_shards(estimates: Iterable[Estimate]) -> Estimate:
    """Merge shard estimates **in shard-index order** (a left fold of :meth:`Estimate.merge`): the result depends
    only on the shards, never on which worker computed which, so it is bit-identical for any number of workers."""
    estimates = list(estimates)
    if not estimates:
        raise ValueError("estimates must hold at least one shard")
    total = estimates[0]
    for est in estimates[1:]:
        total = total.merge(est)
    return total


def shard_seeds(seed: int, shards: int) -> list[np.random.SeedSequence]:
    """Independent seed sequences for ``shards`` shards of one estimate: ``SeedSequence(seed).spawn(shards)``,
    addressed by shard index (never by worker)."""
    seed = validate.integer("seed", seed, 0)
    shards = validate.integer("shards", shards, 1)
    return np.random.SeedSequence(seed).spawn(shards)
