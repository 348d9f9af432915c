"""The ``seqtheory falsify`` command: run :mod:`falsify` on the selected claims, print what it found, write the
versioned JSON report, optionally record counterexamples and draw a validity map.

Exit status: 0 when every stated domain survived (recorded findings rediscovered count as expected), 1 when a
claim expected to hold has a counterexample inside its stated domain (it is wrong as stated), 2 on usage errors, 3
when none is wrong as stated but a stated domain has inconclusive points (heavy tails: neither pass nor fail).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from seqtheory.theorems.run import falsify, findings
from seqtheory.theorems.run.record import build as build_report
from seqtheory.theorems.run.record import write_json
from seqtheory.theorems.run.registry import select


def _print(result: dict, out) -> None:
    status = "stated domain survived" if result["stated_domain_survived"] else "COUNTEREXAMPLE in the stated domain"
    if result["stated_domain_survived"] and any(p["region"] == "stated domain" for p in result.get("inconclusive", [])):
        status = "no counterexample in the stated domain, but INCONCLUSIVE points there (heavy tails)"
    if not result["stated_domain_survived"] and result["expected"] == "fail":
        status += " (a recorded finding, rediscovered)"
    out(f"{result['id']}: {status} ({result['seconds']:.1f} s)")
    for s in result["searched"]:
        out(f"  searched {s['region']}: {s['points']} distinct points of {s['domain']} (budget {s['budget']})")
        for note in s.get("notes", []):
            out(f"    note: {note}")
    for c in result["counterexamples"]:
        where = "inside" if c["inside_stated_domain"] else "outside"
        out(f"  minimal counterexample ({where} the stated domain): {c['params']}")
        out(f"    evidence: {c['evidence']}")
    for b in result["boundaries"]:
        out(f"  boundary: {b['text']}")
    if not result["counterexamples"]:
        points = ", ".join(f"{s['points']} in the {s['region']}" for s in result["searched"])
        out(f"  no counterexample in {points}")
    vague = result.get("inconclusive", [])
    if vague:
        out(f"  INCONCLUSIVE at {len(vague)} point(s) — heavy tails, the check cannot read its Monte Carlo there "
            f"(neither pass nor fail), e.g. {vague[0]['params']}: {vague[0]['evidence'].split('; ')[-1][:160]}")

def _falsify_task(task) -> dict:
    """Worker side of ``--jobs``: one claim's search (module-level, so it pickles)."""
    from seqtheory.theorems.run import registry

    claim_id, module, budget, seed, axes = task
    return falsify.falsify(registry.claim_by_id(claim_id, module), budget=budget, seed=seed, axes=axes)

def _results(claims, budget, seed, axes, jobs, scheduler=None):
    """Each claim's search, in claim order; claims run in ``jobs`` worker processes or on the Dask ``scheduler`` (a
    claim's own search is sequential, so the results are the same for every ``jobs`` and on a cluster)."""
    from seqtheory.simulate import parallel
    from seqtheory.theorems.run.registry import modules_of

    if scheduler is None and (jobs == 1 or len(claims) == 1):
        for claim in claims:
            yield claim, falsify.falsify(claim, budget=budget, seed=seed, axes=axes)
        return
    modules = modules_of(claims) or {}
    tasks = [(c.id, modules.get(c.id), budget, seed, axes) for c in claims]
    results = parallel.collect(parallel.execute(tasks, jobs, scheduler, _falsify_task), len(tasks))
    yield from zip(claims, results, strict=True)

def run(ids, budget: int, seed: int, axes, json_path, record: str | None, map_axes, out_dir, out=print,
        jobs: int = 1, scheduler: str | None = None) -> int:
    started = time.time()
    claims = select(list(ids))
    observed = [c.id for c in claims if c.experiment is not None]
    if observed:  # an observation's domain is its one recorded configuration: nothing to search, and a search at
        # fresh seeds would train its replicas live (up to an hour each)
        out(f"skipped (observations with recorded replicas — `seqtheory verify ID --seeds 0:3` checks them): "
            f"{', '.join(observed)}")
        claims = [c for c in claims if c.experiment is None]
        if not claims:
            raise ValueError("every selected claim is an observation with recorded replicas: falsify searches "
                             "parameter domains, which they do not have; use seqtheory verify")
    mapped = set()
    if map_axes is not None:  # checked before any search: a typo must not cost the whole run
        if len(set(map_axes)) != 2:
            raise ValueError(f"--map takes two distinct parameter names X,Y, got {','.join(map_axes)}")
        mapped = {c.id for c in claims if set(map_axes) <= {p.name for p in c.stress_domain().params}}
        if not mapped:
            raise ValueError(f"--map {','.join(map_axes)}: no selected claim has both parameters (e.g. {claims[0].id} "
                             f"has {[p.name for p in claims[0].stress_domain().params]})")
    results = []
    for claim, result in _results(claims, budget, seed, axes, jobs, scheduler):
        _print(result, out)
        results.append(result)
        if record is not None:
            for c in result["counterexamples"]:
                if findings.record(claim.id, c["params"], seed, c["evidence"], c["inside_stated_domain"],
                                   Path(record)):
                    out(f"  recorded {c['params']} in {record}")
        if map_axes is not None and claim.id not in mapped:
            out(f"  validity map: skipped ({claim.id} has no parameters {', '.join(map_axes)})")
        elif map_axes is not None:
            from seqtheory.figures import validity_map

            paths = validity_map.draw(claim, map_axes, Path(out_dir), seed)
            out(f"  validity map: {', '.join(str(p) for p in paths.values())}")
    wrong = [r["id"] for r in results if not r["stated_domain_survived"] and r["expected"] == "pass"]
    noun = "claim" if len(results) == 1 else "claims"
    out(f"\n{len(results)} {noun}: {sum(r['stated_domain_survived'] for r in results)} stated domains survived; "
        f"{len(wrong)} wrong as stated{': ' + ', '.join(wrong) if wrong else ''}")
    vague = [r["id"] for r in results
             if any(p["region"] == "stated domain" for p in r.get("inconclusive", []))]
    if vague:
        out(f"{len(vague)} with inconclusive points in the stated domain (heavy tails): {', '.join(vague)}")
    if json_path is not None:
        request = {"ids": list(ids), "budget": budget, "seed": seed, "axes": axes}
        summary = {"claims": len(results), "survived": sum(r["stated_domain_survived"] for r in results),
                   "wrong_as_stated": wrong, "inconclusive": vague}
        rep = build_report("falsify", request, results, summary, started, jobs, scheduler)
        write_json(json_path, rep)
    return 1 if wrong else 3 if vague else 0

def run_from_args(args) -> int:
    try:
        map_axes = None
        if args.map is not None:
            map_axes = [a.strip() for a in args.map.split(",")]
            if len(map_axes) != 2:
                raise ValueError(f"--map takes two parameter names X,Y, got {args.map!r}")
        budget = falsify.DEFAULT_BUDGET if args.budget is None else args.budget
        from seqtheory.theorems.run import runner

        return run(args.ids, budget, args.seed, args.axes, args.json, args.record, map_axes, args.out,
                   jobs=args.jobs, scheduler=runner.scheduler_address(args.scheduler))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
