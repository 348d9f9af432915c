"""Monte Carlo summaries: a mean with its standard error, reported together everywhere."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seqtheory.simulate import validate


@dataclass(frozen=True)
class Estimate:
    """A numeric estimate ``value`` with standard error ``stderr`` from ``samples`` draws.

    Deterministic numerics use ``stderr = 0`` and ``samples = 1``.
    """

    value: float
    stderr: float = 0.0
    samples: int = 1

    @classmethod
    def of_mean(cls, draws) -> Estimate:
        """Sample mean and its standard error ``s/√m`` (``s`` with the m−1 denominator)."""
        x = validate.array("draws", draws, allow_empty=True).ravel()
        if x.size < 2:
            raise ValueError(f"draws must hold at least 2 samples for a standard error, got {x.size}")
        return cls(float(x.mean()), float(x.std(ddof=1) / np.sqrt(x.size)), int(x.size))

    @classmethod
    def exact(cls, value) -> Estimate:
        return cls(float(value), 0.0, 1)


def samples_for_power(sd: float, gap: float, z: float = 5.0, margin: float = 3.0, safety: float = 5.0,
                      minimum: int = 1000, maximum: int = 4_000_000, clip: bool = False) -> int:
    """Draws m so that a negative control at distance ``gap`` from the truth is rejected by ≥ ``margin`` z-test
    tolerances at (almost) every seed: the control's error gap ± noise must exceed margin·z·se, so we need
    gap ≥ (margin·z + safety)·se with se = sd/√m (``safety`` standard errors of the estimate's own noise).
    Returns m = ⌈((margin·z + safety)·sd/gap)²⌉ within [minimum, maximum]; above ``maximum`` a ValueError, or
    ``maximum`` itself with ``clip=True`` (for checks run away from the pinned point, where the control's power is
    not asserted and the relation itself stays valid at any sample size)."""
    sd, gap = validate.real("sd", sd, 0.0), validate.real("gap", gap, 0.0, low_open=True)
    m = int(np.ceil(((margin * z + safety) * sd / gap) ** 2))
    if m > maximum:
        if clip:
            return maximum
        raise ValueError(f"the control at distance gap = {gap:.3g} needs {m} draws (sd {sd:.3g}), more than {maximum}")
    return max(minimum, m)
