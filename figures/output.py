"""Writing a figure: PNG + PDF image, the data it was drawn from (.npz) and a provenance JSON.

The data depend only on (params, seed); the provenance records those, the package versions, seqtheory's own
commit and a SHA-256 of the data file, so a reader can regenerate and compare.  Measurements (timings, memory)
are written to a separate, clearly non-deterministic file.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

import numpy as np

from seqtheory.provenance import source, versions


def git_sha() -> str | None:
    """The commit of seqtheory's own checkout, or None when it runs from an installed copy."""
    return source()["commit"]


def data_digest(data: dict[str, np.ndarray]) -> str:
    """SHA-256 over the arrays (names, dtypes, shapes, bytes in key order): equal data ⇔ equal digest."""
    h = hashlib.sha256()
    for key in sorted(data):
        a = np.ascontiguousarray(data[key])
        h.update(f"{key}|{a.dtype.str}|{a.shape}|".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def compute(module: ModuleType, params: dict, seed: int, jobs: int = 1, scheduler: str | None = None) -> dict:
    """``module.compute``; modules that train many models (``PARALLEL = True``) get the runner's ``jobs`` and
    ``scheduler`` too — their data do not depend on either."""
    if getattr(module, "PARALLEL", False):
        return module.compute(params, seed, jobs=jobs, scheduler=scheduler)
    return module.compute(params, seed)


def write(module: ModuleType, out_dir: str | Path, params: dict, seed: int, quick: bool = False, jobs: int = 1,
          scheduler: str | None = None) -> dict[str, Path]:
    """Compute, plot and write one figure module; returns the written paths by kind.

    Arrays a module lists in ``MEASURED`` (timings, memory) are measurements, not seeded data: they go to a
    separate ``NAME.measured.npz`` and stay out of ``NAME.npz`` and its digest, so equal (params, seed) give
    identical data files.  ``quick`` marks the image "preview (quick settings)"."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = module.NAME
    data = compute(module, params, seed, jobs, scheduler)
    fig = module.plot(data)
    if quick:
        fig.suptitle(f"{name}: PREVIEW (quick settings) — not the published figure", color="#b00000", fontsize=10)
    measured = {k: data[k] for k in getattr(module, "MEASURED", ()) if k in data}
    seeded = {k: v for k, v in data.items() if k not in measured}
    paths = {"png": out_dir / f"{name}.png", "pdf": out_dir / f"{name}.pdf", "data": out_dir / f"{name}.npz",
             "provenance": out_dir / f"{name}.provenance.json"}
    if measured:
        paths["measured"] = out_dir / f"{name}.measured.npz"
        np.savez(paths["measured"], **measured)
    fig.savefig(paths["png"], dpi=150, bbox_inches="tight")
    fig.savefig(paths["pdf"], bbox_inches="tight", metadata={"CreationDate": None})
    np.savez(paths["data"], **seeded)
    provenance = {
        "figure": name, "module": module.__name__, "description": (module.__doc__ or "").strip().split("\n")[0],
        "params": _jsonable(params), "seed": seed, "quick": quick, "data_file": paths["data"].name,
        "data_sha256": data_digest(seeded),
        "arrays": {k: list(np.shape(v)) for k, v in seeded.items()},
        "measured_file": paths["measured"].name if measured else None,
        "measured_arrays": sorted(measured),
        "versions": versions(), "git_sha": git_sha(), "source": source(),
        "created_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    paths["provenance"].write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n")
    return paths
