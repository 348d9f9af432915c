"""How long ``seqtheory verify`` will take: per-claim seconds recorded by ``python benchmarks/verify.py`` (one worker,
seed 0, on the machine named in the file), shipped as ``theorems/claim_seconds.json``, and the estimate they give
for a run of some claims on some workers.

The estimate schedules the claims longest first onto ``jobs`` workers (as ``verify`` starts the slow claims first)
and returns the makespan; claims without a recorded time count at the median of the recorded ones.  It is an
estimate of the benchmark machine's time, stated as such — a loaded machine is slower.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from statistics import median

FILE = "claim_seconds.json"


@cache
def recorded() -> dict:
    """The shipped record: ``{"machine", "date", "jobs", "seconds": {id: seconds}}`` (empty seconds if absent)."""
    path = resources.files("seqtheory.theorems").joinpath(FILE)
    if not path.is_file():
        return {"machine": "", "date": "", "jobs": 1, "seconds": {}}
    return json.loads(path.read_text("utf-8"))


def makespan(seconds: Sequence[float], jobs: int) -> float:
    """Longest-first list scheduling of tasks of these lengths onto ``jobs`` workers: the time the last one ends."""
    if jobs < 1:
        raise ValueError(f"jobs must be ≥ 1, got {jobs}")
    loads = [0.0] * min(jobs, max(1, len(seconds)))
    for s in sorted(seconds, reverse=True):
        heapq.heapreplace(loads, loads[0] + s)  # the least-loaded worker takes the next-longest task
    return max(loads)


def estimate(ids: Sequence[str], jobs: int) -> tuple[float, int] | None:
    """(estimated seconds, how many of ``ids`` have a recorded time), or None when nothing is recorded."""
    times = recorded()["seconds"]
    if not times:
        return None
    fill = median(times.values())
    return makespan([times.get(i, fill) for i in ids], jobs), sum(i in times for i in ids)


def describe(ids: Sequence[str], jobs: int) -> str | None:
    """The line ``verify`` prints before it starts, or None without a record."""
    est = estimate(ids, jobs)
    if est is None:
        return None
    seconds, known = est
    rec = recorded()
    return (f"estimated ≈ {seconds:.0f} s on {jobs} worker(s) from the per-claim seconds benchmarks/verify.py "
            f"recorded ({known} of {len(ids)} claims timed; {rec['machine']}, {rec['date']}); a loaded machine "
            "takes longer")
