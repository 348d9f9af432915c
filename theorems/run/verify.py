"""``seqtheory verify``: run each claim's pinned check and negative control, stream a row per claim as it
finishes, print a summary, write the versioned JSON report.

Exit status 0 iff every verdict is as expected (pass, or xfail for recorded findings) and every negative
control was rejected by its margin.  Claims run serially (``jobs = 1``), in a local process pool, or on a Dask
cluster (:mod:`seqtheory.theorems.run.runner`); the records, and so the report minus its timings, are the same
either way.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.run import record as report
from seqtheory.theorems.run import runner
from seqtheory.theorems.run.registry import modules_of, select

#: Columns of the default table (fits 100 columns); ``--wide`` adds the values themselves.
NARROW = ("id", "verdict", "stance", "err/tol", "control", "seconds")
WIDE = ("id", "fidelity", "stance", "kind", "theory", "numeric", "error", "tolerance", "verdict", "control",
        "seconds")
ID_WIDTH = 42
CELL = 28


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
    if isinstance(x, dict):
        x = x.get("text", x)
    if isinstance(x, list):
        x = f"[{len(x)} items]"
    s = str(x)
    return s if len(s) <= CELL else s[: CELL - 3] + "..."


def _ratio(rec: dict) -> str:
    r = rec["error_over_tolerance"]
    return "∞ (exact)" if r == "inf" else f"{r:.3g}" if isinstance(r, float | int) else str(r)


def _control(rec: dict) -> str:
    """The negative control's fate and its margin in tolerances (rejected needs ≥ CONTROL_MARGIN)."""
    c = rec["control"]
    if c is None:
        return "—"
    m = c["margin"]
    margin = "∞" if m == "inf" else f"{m:.3g}×" if isinstance(m, float | int) else str(m)
    return f"{'rej' if c['rejected'] else 'NOT rej'} {margin}"


def cells(rec: dict) -> dict[str, str]:
    se = rec["stderr"]
    numeric = rec["numeric_float"] if rec["numeric_float"] is not None else rec["numeric"]
    return {
        "id": rec["id"], "fidelity": rec["fidelity"], "stance": rec.get("stance", ""), "kind": rec["kind"],
        "theory": _fmt(rec["theory_float"] if rec["theory_float"] is not None else rec["theory"]),
        "numeric": _fmt(numeric) + (f" ± {se:.2g}" if se else ""), "error": _fmt(rec["error"]),
        "tolerance": _fmt(rec["tolerance"]), "verdict": rec["verdict"], "err/tol": _ratio(rec),
        "control": _control(rec), "seconds": f"{rec['seconds']:.2f}",
    }


WIDTHS = {"id": ID_WIDTH, "verdict": 7, "stance": 14, "err/tol": 9, "control": 15, "seconds": 7}


def line(values: dict[str, str], columns=NARROW) -> str:
    """One fixed-width row of the narrow table (a long id keeps its full text and pushes the row)."""
    parts = [values[c].ljust(WIDTHS[c]) if c in ("id", "verdict", "stance", "control") else values[c].rjust(WIDTHS[c])
             for c in columns]
    return " ".join(parts).rstrip()


def header() -> str:
    return line({c: c for c in NARROW}) + "\n" + line({c: "-" * WIDTHS[c] for c in NARROW})


def table(records: Sequence[dict], columns=WIDE) -> str:
    """An aligned plain-text table of records with every column (``--wide``)."""
    rows = [cells(r) for r in records]
    widths = {c: max([len(c)] + [len(r[c]) for r in rows]) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns), "  ".join("-" * widths[c] for c in columns)]
    lines += ["  ".join(r[c].ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(lines)


def _interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def _progress(total: int, desc: str):
    """A tqdm bar on stderr for an interactive terminal; a no-op object otherwise (plain lines, CI logs)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="check", file=sys.stderr, disable=not _interactive(), leave=False,
                dynamic_ncols=True)


def _stream(claims: list[Claim], seeds: Sequence[int], jobs: int, scheduler: str | None, on_result):
    """Run claims × seeds; ``on_result(index, record)`` as each finishes; records in task order."""
    modules = modules_of(claims)  # None when a claim is not in the registry (tests): then it runs here only
    tasks = [runner.Task(c.id, s, module=(modules or {}).get(c.id)) for c in claims for s in seeds]
    if (jobs == 1 and scheduler is None) or modules is None:
        by_id = {c.id: c for c in claims}

        def local(task: runner.Task) -> dict:  # claims not in the registry (tests) run here only
            claim = by_id[task.claim_id]
            return report.checked(claim, task.seed)
        stream = runner.execute(tasks, 1, None, fn=local)
    else:  # claims tagged "slow" (training) first: the longest tasks start before the short ones fill the pool
        slow = {c.id for c in claims if "slow" in c.tags}
        order = sorted(range(len(tasks)), key=lambda i: tasks[i].claim_id not in slow)
        stream = ((order[j], rec) for j, rec in runner.execute([tasks[i] for i in order], jobs, scheduler))
    return runner.collect(stream, len(tasks), on_result)


def run(ids: Sequence[str] | None = None, seed: int = 0, json_path: str | Path | None = None,
        out: Callable[[str], None] = print, jobs: int | None = None, scheduler: str | None = None,
        wide: bool = False) -> int:
    """Run the selected claims at ``seed``; stream rows, print details and the summary; return the exit status."""
    started = time.time()
    claims: list[Claim] = select(list(ids or []))
    jobs = runner.default_jobs() if jobs is None else jobs
    from seqtheory.theorems.run import timing

    forecast = timing.describe([c.id for c in claims], jobs) if scheduler is None else None
    if forecast:
        out(forecast)
    out(header())
    bar = _progress(len(claims), "verify")
    left = {c.id for c in claims}

    def show(_i: int, rec: dict) -> None:
        text = line(cells(rec))
        left.discard(rec["id"])
        if bar.disable:
            out(text)
        else:
            bar.write(text, file=sys.stdout)
            est = timing.estimate(sorted(left), jobs)
            if est is not None:
                bar.set_postfix_str(f"≈ {est[0]:.0f} s left", refresh=False)
        bar.update(1)

    try:
        records = _stream(claims, [seed], jobs, scheduler, show)
    finally:
        bar.close()
    if wide:
        out("\n" + table(records))
    notes = [_wrap(f"  {r['id']}: {r['detail']}") for r in records if r["detail"]]
    findings = [_wrap(f"  {cl.id}: {cl.finding}") for cl in claims if cl.expected == "fail"]
    if notes:
        out("\ndetails:\n" + "\n".join(notes))
    if findings:
        out("\nrecorded findings (expected failures):\n" + "\n".join(findings))
    papers = paper_lines(records)
    if papers:
        out("\nwhat this run says about the papers (results of each paper's table of contents):\n" + "\n".join(papers))
    s = report.summary(records)
    noun = "claim" if s["checks"] == 1 else "claims"
    apart = "".join(f", {s[k]} {k.replace('_', '-')}" for k in ("out_of_regime", "stale", "inconclusive", "error")
                    if s[k])
    out(f"\n{s['checks']} {noun}: {s['pass']} pass, {s['xfail']} xfail{apart}, {s['unexpected']} unexpected "
        f"({time.time() - started:.1f} s, {'scheduler ' + scheduler if scheduler else f'{jobs} job(s)'})")
    if json_path is not None:
        _write(json_path, report.build("verify", {"ids": list(ids or []), "seeds": [seed]}, records, s, started, jobs,
                                        scheduler))
    return 1 if s["unexpected"] else 0


def paper_lines(records: Sequence[dict]) -> list[str]:
    """One line per seed paper whose claims ran: how many of its results this run supports, contradicts, finds
    mixed, could not reproduce, or leaves unchecked (only lemmas and the toolkit's own checks, none run, or a claim
    with an unexpected or out-of-regime verdict — its stance then counts for nothing)."""
    from seqtheory.theorems.core.paper import result_stance
    from seqtheory.theorems.run.registry import contents

    settled = {r["id"]: r.get("stance", "") for r in records
               if not report.unexpected(r) and r["verdict"] != "out-of-regime"}
    ran = {r["id"] for r in records}
    lines = []
    for toc in contents():
        if toc.paper is None or not toc.results or not any(c in ran for r in toc.results for c in r.claims):
            continue
        counts: dict[str, int] = {}
        for r in toc.results:
            stance = result_stance(settled[c] for c in r.claims if c in settled)
            counts[stance] = counts.get(stance, 0) + 1
        order = ("supported", "supported in part", "contradicted", "mixed", "not reproduced", "unchecked")
        lines.append(f"  {toc.paper.short()}: {len(toc.results)} results — "
                     + ", ".join(f"{counts.get(k, 0)} {k}" for k in order))
    return lines


def _wrap(text: str, width: int = 100) -> str:
    """A detail or finding paragraph wrapped to the table's width (continuation lines indented)."""
    import textwrap

    return textwrap.fill(text, width=width, subsequent_indent="      ", break_on_hyphens=False)


def _write(path, obj) -> None:
    try:
        report.write_json(path, obj)
    except ValueError as exc:
        raise ValueError(f"--json {exc}") from None


def run_seeds(ids: Sequence[str] | None, seeds: range, json_path: str | Path | None = None,
              out: Callable[[str], None] = print, jobs: int | None = None, scheduler: str | None = None) -> int:
    """Run every selected claim at every seed in ``seeds``; print, per claim as soon as all its seeds are done,
    the number of unexpected outcomes (a wrong verdict or a control not rejected by ≥ CONTROL_MARGIN
    tolerances), the worst error/tolerance and the smallest control margin.  Exit status 1 if any outcome was
    unexpected.  The JSON report holds every check (``claims``) plus the per-claim table (``per_claim``)."""
    started = time.time()
    claims: list[Claim] = select(list(ids or []))
    jobs = runner.default_jobs() if jobs is None else jobs
    seeds = list(seeds)
    out(f"{len(claims)} claims × {len(seeds)} seeds ({seeds[0]}..{seeds[-1]})")
    out(f"{'id':{ID_WIDTH}s} {'unexpected':>10s} {'worst err/tol':>13s} {'min margin':>10s}  seeds that failed")
    pending = {c.id: len(seeds) for c in claims}
    got: dict[str, list[dict]] = {c.id: [] for c in claims}
    per_claim: dict[str, dict] = {}
    bar = _progress(len(claims) * len(seeds), "seeds")

    def show(_i: int, rec: dict) -> None:
        got[rec["id"]].append(rec)
        pending[rec["id"]] -= 1
        bar.update(1)
        if pending[rec["id"]] == 0:
            per_claim[rec["id"]] = row = _seed_row(rec["id"], sorted(got[rec["id"]], key=lambda r: r["seed"]))
            text = (f"{row['id']:{ID_WIDTH}s} {row['unexpected']:10d} {row['worst']:13.3g} "
                    f"{row['least']:10.3g}  {row['unexpected_seeds'][:10] if row['unexpected_seeds'] else ''}")
            if bar.disable:
                out(text)
            else:
                bar.write(text, file=sys.stdout)

    try:
        records = _stream(claims, seeds, jobs, scheduler, show)
    finally:
        bar.close()
    bad_total = sum(r["unexpected"] for r in per_claim.values())
    out(f"\n{len(claims)} claims × {len(seeds)} seeds: {bad_total} unexpected outcomes "
        f"({time.time() - started:.1f} s)")
    if json_path is not None:
        rep = report.build("verify", {"ids": list(ids or []), "seeds": seeds}, records, report.summary(records),
                           started, jobs, scheduler)
        rep["per_claim"] = [{k: (v if v != float("inf") else "inf") for k, v in per_claim[c.id].items()}
                            for c in claims]
        _write(json_path, rep)
    return 1 if bad_total else 0


def _as_float(x) -> float:
    """A record's number back as a float (the report writes ±inf as strings)."""
    return float(x) if x is not None else float("nan")


def _seed_row(claim_id: str, recs: list[dict]) -> dict:
    bad = [r["seed"] for r in recs if report.unexpected(r)]
    ratios = [_as_float(r["error_over_tolerance"]) for r in recs if r["verdict"] != "xfail"]
    margins = [_as_float(r["control"]["margin"]) for r in recs if r["control"] is not None]
    return {"id": claim_id, "fidelity": recs[0]["fidelity"], "unexpected": len(bad), "unexpected_seeds": bad,
            "worst": max(ratios, default=0.0), "least": min(margins, default=float("inf"))}


def run_from_args(args) -> int:
    scheduler = runner.scheduler_address(getattr(args, "scheduler", None))
    jobs = getattr(args, "jobs", None)
    try:
        if getattr(args, "seeds", None) is not None:
            return run_seeds(args.ids, args.seeds, json_path=args.json, jobs=jobs, scheduler=scheduler)
        seed = 0 if args.seed is None else args.seed
        return run(args.ids, seed=seed, json_path=args.json, jobs=jobs, scheduler=scheduler,
                   wide=getattr(args, "wide", False))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
