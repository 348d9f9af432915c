"""Medians with an honest standard error (order statistics), for heavy-tailed losses whose mean is useless.

A median estimate does not merge across shards (it keeps no sufficient statistic): it needs all the draws in one
place, so claims built on medians shard over claims and seeds, never inside one estimate.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.stats import Estimate


def median_estimate(draws, floor: float = 1e-12) -> Estimate:
    """Sample median with the order-statistic standard error.

    The rank of the sample median fluctuates by ±√m/2 around m/2 (binomial), so
    ``se ≈ (x_(m/2 + √m/2) − x_(m/2 − √m/2)) / 2``; it needs no finite variance (±∞ draws are fine as
    long as fewer than half are infinite).  ``floor`` keeps the error positive when the median sits on an
    atom (e.g. exactly 0)."""
    x = np.sort(validate.array("draws", draws, finite=False).ravel())
    if np.any(np.isnan(x)):
        raise ValueError("draws must not contain NaN (±inf draws are allowed)")
    m = x.size
    if m < 16:
        raise ValueError(f"draws must hold at least 16 samples for a median standard error, got {m}")
    half = 0.5 * np.sqrt(m)
    lo, hi = int(np.floor(m / 2 - half)), int(np.ceil(m / 2 + half))
    med = float(np.median(x))
    top, bottom = x[min(hi, m - 1)], x[max(lo, 0)]
    se = float((top - bottom) / 2) if np.isfinite(top) and np.isfinite(bottom) else float("inf")
    return Estimate(med, max(se, floor), m)
