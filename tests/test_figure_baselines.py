"""Every figure's data at quick settings (seed 0) against a stored baseline, so a changed number is noticed.

The baseline (``figure_baselines.json``) keeps, per array, its shape and dtype exactly and its sum and sum of
squares to a relative 1e-7 (room for a different BLAS summation order, none for a changed formula).  Measured
arrays (timings, memory) are excluded.  After an intended change: ``python tests/test_figure_baselines.py``."""

import json
from pathlib import Path

import numpy as np
import pytest

from seqtheory.figures import registry

BASELINE = Path(__file__).with_name("figure_baselines.json")
RTOL = 1e-7


def _summary(name: str) -> dict:
    module = registry.load(name)
    data = module.compute(module.QUICK, 0)
    measured = getattr(module, "MEASURED", ())
    out = {}
    for key, value in sorted(data.items()):
        if key in measured:
            continue
        a = np.asarray(value, dtype=float)
        out[key] = {"shape": list(np.shape(value)), "dtype": str(np.asarray(value).dtype),
                    "sum": float(np.sum(a)), "sumsq": float(np.sum(a * a))}
    return out


@pytest.mark.parametrize("name", registry.names())
def test_figure_data_match_the_baseline(name):
    stored = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert name in stored, "new figure: regenerate the baselines (see the module docstring)"
    now = _summary(name)
    assert set(now) == set(stored[name]), "the figure's arrays changed"
    for key, ref in stored[name].items():
        got = now[key]
        assert (got["shape"], got["dtype"]) == (ref["shape"], ref["dtype"]), key
        for stat in ("sum", "sumsq"):
            assert got[stat] == pytest.approx(ref[stat], rel=RTOL, abs=1e-12), (key, stat)


if __name__ == "__main__":
    BASELINE.write_text(json.dumps({n: _summary(n) for n in registry.names()}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {BASELINE}")
