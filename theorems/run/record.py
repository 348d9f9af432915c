"""The versioned run report of ``verify`` and ``falsify``: plain records (picklable, JSON-ready, lossless for exact
values) and the one envelope around them (:func:`build`).  The schema is ``report_schema.json`` beside this file
(documented in the README); ``SCHEMA_VERSION`` changes whenever a field changes meaning or goes away (2: one
envelope for both commands — what was asked for under ``request``, how it ran under ``execution``; 3: the verdicts
``out-of-regime``, ``stale`` and ``error`` and an observation's ``regime`` and ``design``; 4: the verdict
``inconclusive`` — a Monte Carlo too heavy-tailed for its z-test — and falsify's ``inconclusive`` points).
"""

from __future__ import annotations

import json
import math
import platform
import sys
import time
from datetime import datetime, timezone
from fractions import Fraction
from importlib import resources
from pathlib import Path

SCHEMA_VERSION = 4
COMMANDS = ("verify", "falsify")
#: Fields that depend on the machine's speed or the clock (dropped when comparing two runs' results).
TIMING_FIELDS = ("seconds",)
TIMING_KEYS = ("started", "duration_s", "execution")


def exact_form(x) -> dict | list | float | int | str | bool | None:
    """A lossless, machine-readable rendering: sympy objects as ``{"text", "srepr"}`` (read back with
    ``seqtheory.report.exact_values.rebuild``, a whitelisted parser — never ``sympify`` on text from a file),
    integers and fractions exactly (as strings when they exceed a float), sequences item by
    item, floats as floats; other objects (a formula applied to samples) as ``{"text"}``."""
    import sympy as sp

    if x is None or isinstance(x, bool | str):
        return x
    if isinstance(x, int):
        return x if abs(x) < 2**53 else {"text": str(x), "int": str(x)}
    if isinstance(x, float):
        return x if math.isfinite(x) else str(x)
    if isinstance(x, Fraction):
        return {"text": str(x), "rational": [str(x.numerator), str(x.denominator)]}
    if isinstance(x, list | tuple):
        return [exact_form(v) for v in x]
    if isinstance(x, dict):
        return {"text": str(x), "items": [[str(k), exact_form(v)] for k, v in sorted(x.items(), key=str)]}
    if isinstance(x, sp.Basic):
        return {"text": str(x), "srepr": sp.srepr(x)}
    try:
        import numpy as np

        if isinstance(x, np.generic):
            return exact_form(x.item())
    except ImportError:  # pragma: no cover
        pass
    return {"text": str(x)}


def _float(x) -> float | str | None:
    if x is None:
        return None
    try:
        value = float(x)
    except (TypeError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else ("inf" if value > 0 else "-inf" if value < 0 else "nan")


def record(claim, check, seed: int) -> dict:
    """A check as a plain dict: every number the table shows, plus the exact values in lossless form."""
    from seqtheory.theorems.core.claim import margin

    return {
        "id": check.id, "paper": check.paper, "where": check.where, "fidelity": check.fidelity,
        "stance": check.stance, "control_is_paper": bool(getattr(claim, "control_is_paper", False)),
        "kind": check.kind, "expected": claim.expected, "params": dict(check.params), "seed": seed,
        "theory": exact_form(check.theory), "theory_float": _float(check.theory),
        "numeric": exact_form(check.numeric), "numeric_float": _float(check.numeric), "stderr": check.stderr,
        "error": _float(check.error), "tolerance": _float(check.tolerance),
        "error_over_tolerance": _float(margin(check)), "passed": bool(check.passed),
        "verdict": check.verdict, "seconds": check.seconds, "detail": check.detail,
        "control": None if check.negative_control_rejected is None else {
            "text": check.negative_control, "theory": exact_form(check.negative_control_theory),
            "rejected": bool(check.negative_control_rejected), "margin": _float(check.control_margin)},
        "finding": claim.finding, "regime": check.regime, "design": _design(check.design), "stale": check.stale,
    }


def _design(design: dict | None) -> dict | None:
    if design is None:
        return None
    return {k: ([_float(x) for x in v] if k == "interval_95" else _float(v) if "effect" in k else v)
            for k, v in design.items()}


def error_record(claim, seed: int, params: dict, exc: BaseException, seconds: float) -> dict:
    """The record of a check that raised: verdict ``error`` with the exception's type, message and the innermost
    frame (file:line) in ``detail`` — the run goes on with the other claims."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return {
        "id": claim.id, "paper": claim.paper.cite(), "where": claim.where, "fidelity": claim.fidelity,
        "stance": claim.stance, "control_is_paper": bool(claim.control_is_paper), "kind": claim.relation.kind,
        "expected": claim.expected, "params": {k: exact_form(v) for k, v in params.items()}, "seed": seed,
        "theory": None, "theory_float": None, "numeric": None, "numeric_float": None, "stderr": 0.0,
        "error": None, "tolerance": None, "error_over_tolerance": None, "passed": False, "verdict": "error",
        "seconds": seconds, "detail": f"{type(exc).__name__}: {exc}{where}"[:2000], "control": None,
        "finding": claim.finding, "regime": None, "design": None, "stale": "",
    }


def checked(claim, seed: int = 0, control: bool = True, **params) -> dict:
    """Run ``claim.check`` and return its record — or, if the check raises, its :func:`error_record` (a fault in one
    claim never costs the rest of a run; a KeyboardInterrupt still stops it)."""
    start = time.perf_counter()
    try:
        return record(claim, claim.check(seed=seed, control=control, **params), seed)
    except Exception as exc:
        return error_record(claim, seed, params, exc, time.perf_counter() - start)


def unexpected(rec: dict) -> bool:
    """A wrong verdict, a stale record, a check that raised (``error``), a check that cannot read its own Monte Carlo
    (``inconclusive``: heavy tails — a defect of the claim's check, which must keep its domain where the draws can be
    read), or a negative control not rejected by its margin.  An ``out-of-regime``
    check is not unexpected (its replica does not reach the paper's regime, so it says nothing either way — the
    report counts it apart), and its control is not held to the margin there."""
    if rec["verdict"] == "out-of-regime":
        return False
    bad_control = rec["control"] is not None and not rec["control"]["rejected"]
    return rec["verdict"] in ("fail", "stale", "error", "inconclusive") or bad_control


def summary(records: list[dict]) -> dict:
    return {"checks": len(records), "pass": sum(r["verdict"] == "pass" for r in records),
            "xfail": sum(r["verdict"] == "xfail" for r in records),
            "out_of_regime": sum(r["verdict"] == "out-of-regime" for r in records),
            "stale": sum(r["verdict"] == "stale" for r in records),
            "inconclusive": sum(r["verdict"] == "inconclusive" for r in records),
            "error": sum(r["verdict"] == "error" for r in records),
            "unexpected": sum(unexpected(r) for r in records)}


def build(command: str, request: dict, records: list[dict], summary: dict, started: float, jobs: int,
          scheduler: str | None) -> dict:
    """The report of one ``verify`` or ``falsify`` run (see the module docstring and ``report_schema.json``):
    ``request`` is what was asked for (ids, seeds or budget), ``records`` the per-check (verify) or per-claim
    (falsify) results, ``summary`` their counts."""
    import seqtheory
    from seqtheory import provenance
    from seqtheory.theorems.run import registry

    if command not in COMMANDS:
        raise ValueError(f"command must be one of {COMMANDS}, got {command!r}")
    return {
        "schema_version": SCHEMA_VERSION, "tool": "seqtheory", "version": seqtheory.__version__,
        "command": command, "source": provenance.source(),
        "platform": {"system": platform.platform(), "machine": platform.machine(), "python": sys.version.split()[0]},
        "packages": provenance.versions(),
        "started": datetime.fromtimestamp(started, timezone.utc).isoformat(timespec="seconds"),
        "duration_s": round(time.time() - started, 3), "execution": {"jobs": jobs, "scheduler": scheduler},
        "request": dict(request), "summary": dict(summary), "claims": records, "plugins": registry.plugin_status(),
    }


def load(text: str, where: str, command: str | None = None) -> dict:
    """A report read back from JSON text, checked against the schema (``where`` names it in the error)."""
    import jsonschema

    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: not JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(report, dict) or report.get("tool") != "seqtheory":
        raise ValueError(f"{where}: not a seqtheory report")
    if report.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"{where}: a schema_version {report.get('schema_version')!r} report; this seqtheory reads "
                         f"version {SCHEMA_VERSION} (re-run the command to write one)")
    try:
        jsonschema.validate(report, schema())
    except jsonschema.ValidationError as exc:
        path = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise ValueError(f"{where}: does not match the report schema at {path}: {exc.message[:200]}") from None
    if command is not None and report["command"] != command:
        raise ValueError(f"{where}: a {report['command']} report, not a {command} report")
    return report


def schema() -> dict:
    """The JSON Schema of the report (draft 2020-12)."""
    return json.loads(resources.files("seqtheory.theorems.run").joinpath("report_schema.json").read_text("utf-8"))


def write_json(path, obj) -> None:
    """Write ``obj`` as JSON atomically: to a temporary file beside ``path``, then renamed over it — an interrupted
    run never leaves a truncated report (ValueError naming the path when it cannot be written)."""
    import os
    import tempfile

    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(obj, indent=2, default=str) + "\n")
        os.replace(tmp, target)
    except OSError as exc:
        raise ValueError(f"{path}: writing the report failed ({exc.strerror or exc})") from None


def without_timings(report: dict) -> dict:
    """The report minus everything that depends on the clock or on how it was run (for comparing runs)."""
    out = {k: v for k, v in report.items() if k not in TIMING_KEYS}
    out["claims"] = [{k: v for k, v in r.items() if k not in TIMING_FIELDS} for r in report["claims"]]
    return out
