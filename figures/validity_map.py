"""Validity map of a claim over two parameters: where its relation holds, where it fails, the located boundary and
the stated-domain region (``seqtheory falsify ID --map X,Y``); image + data + provenance like every figure.

The other parameters stay at the claim's pinned defaults.  Axes are drawn from the stress region where the claim
declares one (else the stated domain), integers at every value up to 40 per axis, reals at 30 points.  Failing
statistical points are confirmed as in ``falsify`` (three failing seeds)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np

from seqtheory.figures import output

#: Points per real axis; integer axes take every value when there are at most INT_POINTS of them.
REAL_POINTS = 30
INT_POINTS = 40


def _axis(spec) -> np.ndarray:
    from seqtheory.theorems.core.domain import Integer, Real

    if isinstance(spec, Integer):
        lo, hi = spec._probe()
        if hi - lo + 1 <= INT_POINTS:
            return np.arange(lo, hi + 1)
        return np.unique(np.round(np.linspace(lo, hi, INT_POINTS)).astype(int))
    if isinstance(spec, Real):
        lo, hi = spec._probe()
        return np.linspace(lo, hi, REAL_POINTS)
    raise ValueError(f"parameter {spec.name} cannot be an axis of a validity map (integers and reals only)")


def compute_map(claim, axes: list[str], seed: int) -> dict[str, np.ndarray]:
    """status[i, j] at (y_i, x_j): 1 holds, 0 fails, −1 outside the searched region; stated[i, j]: inside the
    stated domain."""
    from seqtheory.theorems.run import falsify

    region = claim.stress_domain() if claim.stress else claim.domain
    specs = {p.name: p for p in region.params}
    unknown = [a for a in axes if a not in specs]
    if unknown or len(set(axes)) != 2:
        raise ValueError(f"--map needs two distinct parameters of {claim.id}: {list(specs)}; got {axes}")
    xs, ys = _axis(specs[axes[0]]), _axis(specs[axes[1]])
    status = np.full((ys.size, xs.size), -1, dtype=np.int8)  # (Y, X)
    stated = np.zeros((ys.size, xs.size), dtype=bool)  # (Y, X)
    for i, y in enumerate(ys.tolist()):
        for j, x in enumerate(xs.tolist()):
            params = {**claim.defaults, axes[0]: x, axes[1]: y}
            stated[i, j] = claim.domain.admits(params)
            if region.admits(params):
                status[i, j] = 0 if falsify.evaluate(claim, params, seed, region).failed else 1
    return {"x": xs, "y": ys, "status": status, "stated": stated}


def _plot(data: dict, claim_id: str, axes: list[str]):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    x, y, status = data["x"], data["y"], data["status"]
    cmap = ListedColormap(["#dddddd", "#d62728", "#2ca02c"])  # outside, fails, holds
    mesh = ax.pcolormesh(x, y, status, cmap=cmap, vmin=-1.5, vmax=1.5, shading="nearest")
    if np.any(status == 1) and np.any(status == 0):
        ax.contour(x, y, (status == 1).astype(float), levels=[0.5], colors="k", linewidths=1.5)
    if np.any(data["stated"]) and not np.all(data["stated"]):
        ax.contour(x, y, data["stated"].astype(float), levels=[0.5], colors="#1f77b4", linewidths=2,
                   linestyles="--")
    cbar = fig.colorbar(mesh, ax=ax, ticks=[-1, 0, 1])
    cbar.ax.set_yticklabels(["outside", "fails", "holds"])
    ax.set_xlabel(axes[0])
    ax.set_ylabel(axes[1])
    ax.set_title(f"{claim_id}\nblack: located boundary; blue dashed: edge of the stated domain", fontsize=9)
    return fig


def draw(claim, axes: list[str], out_dir: Path, seed: int) -> dict[str, Path]:
    """Compute and write the map of ``claim`` over ``axes`` (X, Y) into ``out_dir``."""
    name = "validity_" + claim.id.replace("/", "_").replace(".", "_").replace("-", "_") + f"_{axes[0]}_{axes[1]}"
    module = SimpleNamespace(
        NAME=name, __name__=__name__, __doc__=__doc__,
        compute=lambda params, seed: compute_map(claim, axes, seed),
        plot=lambda data: _plot(data, claim.id, axes))
    return output.write(module, out_dir, {"claim": claim.id, "axes": list(axes), **claim.defaults}, seed)
