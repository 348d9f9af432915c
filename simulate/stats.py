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
