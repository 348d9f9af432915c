"""``seqtheory verify``: run each claim's pinned check and negative control, print a table, write JSON.

Exit status 0 iff every verdict is as expected (pass, or xfail for recorded findings) and every negative
control was rejected.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from seqtheory.theorems.core.claim import Check, Claim
from seqtheory.theorems.core.registry import select

COLUMNS = ("id", "fidelity", "kind", "theory", "numeric", "error", "tolerance", "verdict", "control", "seconds")


WIDTH = 28


def _fmt(x) -> str:
    """Compact cell text: floats to 6 significant digits, long ints in scientific form, long text cut."""
    if x is None:
        return "—"
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, int):
        return str(x) if abs(x) < 10**12 else f"{float(x):.6g} (exact int)"
    if isinstance(x, float):
        return f"{x:.6g}"
    s = str(x)
    return s if len(s) <= WIDTH else s[: WIDTH - 3] + "..."


def row(check: Check) -> dict[str, str]:
    d = check.as_dict()
    numeric = d["numeric"]
    se = d["stderr"]
    return {
        "id": check.id, "fidelity": check.fidelity, "kind": check.kind, "theory": _fmt(d["theory"]),
        "numeric": _fmt(numeric) + (f" ± {se:.2g}" if se else ""), "error": _fmt(check.error),
        "tolerance": _fmt(check.tolerance), "verdict": check.verdict,
        "control": _control(check),
        "seconds": f"{check.seconds:.2f}",
    }


def _control(check: Check) -> str:
    """The negative control's fate and its margin in tolerances (rejected needs ≥ CONTROL_MARGIN)."""
    if check.negative_control_rejected is None:
        return "—"
    m = check.control_margin
    margin = "∞" if m == float("inf") else f"{m:.3g}×"
    return f"{'rejected' if check.negative_control_rejected else 'NOT rejected'} {margin}"


def table(checks: Sequence[Check]) -> str:
    """An aligned plain-text table of checks."""
    rows = [row(c) for c in checks]
    widths = {c: max([len(c)] + [len(r[c]) for r in rows]) for c in COLUMNS}
    lines = ["  ".join(c.ljust(widths[c]) for c in COLUMNS), "  ".join("-" * widths[c] for c in COLUMNS)]
    lines += ["  ".join(r[c].ljust(widths[c]) for c in COLUMNS) for r in rows]
    return "\n".join(lines)


def unexpected(check: Check) -> bool:
    """True when a check's verdict is a failure or its negative control was not rejected."""
    return check.verdict == "fail" or check.negative_control_rejected is False


def run(ids: Sequence[str] | None = None, seed: int = 0, json_path: str | Path | None = None,
        out: Callable[[str], None] = print) -> int:
    """Run the selected claims; print the table (and details); return the process exit status."""
    claims: list[Claim] = select(list(ids or []))
    checks = []
    for claim in claims:
        checks.append(claim.check(seed=seed))
    out(table(checks))
    notes = [f"  {c.id}: {c.detail}" for c in checks if c.detail]
    findings = [f"  {cl.id}: {cl.finding}" for cl in claims if cl.expected == "fail"]
    if notes:
        out("\ndetails:\n" + "\n".join(notes))
    if findings:
        out("\nrecorded findings (expected failures):\n" + "\n".join(findings))
    bad = [c for c in checks if unexpected(c)]
    passed = sum(c.verdict == "pass" for c in checks)
    xfailed = sum(c.verdict == "xfail" for c in checks)
    out(f"\n{len(checks)} claims: {passed} pass, {xfailed} xfail, {len(bad)} unexpected")
    if json_path is not None:
        try:
            Path(json_path).write_text(json.dumps([c.as_dict() for c in checks], indent=2, default=str) + "\n")
        except OSError as exc:
            raise ValueError(f"--json {json_path}: writing the report failed ({exc.strerror or exc})") from None
    return 1 if bad else 0


def run_seeds(ids: Sequence[str] | None, seeds: range, json_path: str | Path | None = None,
              out: Callable[[str], None] = print) -> int:
    """Run every selected claim at every seed in ``seeds``; print, per claim as it finishes, the number of
    unexpected outcomes (a wrong verdict or a control not rejected by ≥ CONTROL_MARGIN tolerances), the worst
    error/tolerance and the smallest control margin.  Exit status 1 if any outcome was unexpected."""
    claims: list[Claim] = select(list(ids or []))
    out(f"{len(claims)} claims × {len(seeds)} seeds ({seeds.start}..{seeds.stop - 1})")
    out(f"{'id':44s} {'unexpected':>10s} {'worst err/tol':>13s} {'min control margin':>18s}  seeds that failed")
    summary, bad_total = [], 0
    for claim in claims:
        checks = [claim.check(seed=s) for s in seeds]
        bad = [s for s, c in zip(seeds, checks, strict=True) if unexpected(c)]
        ratios = [c.error / c.tolerance if c.tolerance > 0 else (0.0 if c.error <= 0 else float("inf"))
                  for c in checks if c.verdict != "xfail"]
        worst = max(ratios, default=0.0)
        least = min(c.control_margin for c in checks)
        bad_total += len(bad)
        out(f"{claim.id:44s} {len(bad):10d} {worst:13.3g} {least:18.3g}  {bad[:10] if bad else ''}")
        summary.append({"id": claim.id, "fidelity": claim.fidelity, "seeds": [seeds.start, seeds.stop],
                        "unexpected": len(bad), "unexpected_seeds": bad, "worst_error_over_tolerance": worst,
                        "min_control_margin": least if least != float("inf") else "inf"})
    out(f"\n{len(claims)} claims × {len(seeds)} seeds: {bad_total} unexpected outcomes")
    if json_path is not None:
        Path(json_path).write_text(json.dumps(summary, indent=2) + "\n")
    return 1 if bad_total else 0


def run_from_args(args) -> int:
    try:
        if getattr(args, "seeds", None) is not None:
            return run_seeds(args.ids, args.seeds, json_path=args.json)
        return run(args.ids, seed=args.seed, json_path=args.json)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
