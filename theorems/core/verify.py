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

COLUMNS = ("id", "paper", "kind", "theory", "numeric", "error", "tolerance", "verdict", "control", "seconds")


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
        "id": check.id, "paper": check.paper.split(" (")[0], "kind": check.kind, "theory": _fmt(d["theory"]),
        "numeric": _fmt(numeric) + (f" ± {se:.2g}" if se else ""), "error": _fmt(check.error),
        "tolerance": _fmt(check.tolerance), "verdict": check.verdict,
        "control": {True: "rejected", False: "NOT rejected", None: "—"}[check.negative_control_rejected],
        "seconds": f"{check.seconds:.2f}",
    }


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


def run_from_args(args) -> int:
    try:
        return run(args.ids, seed=args.seed, json_path=args.json)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
