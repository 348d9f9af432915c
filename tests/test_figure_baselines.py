"""Every figure's data at quick settings (seed 0) against a stored baseline, so a changed number is noticed.

pytest-regressions' ``ndarrays_regression`` keeps each figure's arrays in full (``test_figure_baselines/<figure>.npz``)
and compares them element by element to a relative 1e-7 (room for a different BLAS summation order, none for a
changed formula or a permuted array).  Measured arrays (timings, memory) are excluded.  After an intended change:
``nox -s regenerate`` (or ``pytest tests/test_figure_baselines.py --force-regen``), then review the diff."""

from pathlib import Path

import numpy as np
import pytest

from seqtheory.figures import registry

RTOL, ATOL = 1e-7, 1e-12
STORED = Path(__file__).with_name("test_figure_baselines")


def figure_data(name: str) -> dict[str, np.ndarray]:
    """The figure's computed arrays at its quick settings and seed 0, measured ones left out."""
    module = registry.load(name)
    data = module.compute(module.QUICK, 0)
    measured = getattr(module, "MEASURED", ())
    return {key: np.asarray(value) for key, value in sorted(data.items()) if key not in measured}


@pytest.mark.parametrize("name", registry.names())
def test_figure_data_match_the_baseline(name, ndarrays_regression):
    ndarrays_regression.check(figure_data(name), basename=name, default_tolerance={"rtol": RTOL, "atol": ATOL})


def test_every_baseline_belongs_to_a_figure():
    assert {p.stem for p in STORED.glob("*.npz")} == set(registry.names())
