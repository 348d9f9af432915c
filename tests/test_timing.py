"""``seqtheory verify``'s time estimate (:mod:`seqtheory.theorems.run.timing`): longest-first scheduling, claims
without a record at the median, the line verify prints, and the shipped record covering the registry."""

import pytest

from seqtheory.theorems.run import registry, timing


def test_makespan_is_longest_first_list_scheduling():
    assert timing.makespan([5, 4, 3, 3, 3], 2) == 10  # 5|4 → 5|7 → 8|7 → 8|10
    assert timing.makespan([3, 3, 2, 2, 2], 2) == 7  # LPT's known 7/6 case (the optimum is 6)
    assert timing.makespan([1.5], 4) == 1.5 and timing.makespan([], 3) == 0.0
    assert timing.makespan([2, 2, 2, 2], 1) == 8
    with pytest.raises(ValueError, match="jobs"):
        timing.makespan([1], 0)


def test_estimate_fills_unknown_claims_with_the_median(monkeypatch):
    monkeypatch.setattr(timing, "recorded", lambda: {"machine": "m", "date": "d", "jobs": 1,
                                                     "seconds": {"a": 1.0, "b": 3.0, "c": 10.0}})
    assert timing.estimate(["a", "b", "c", "x"], 1) == (17.0, 3)  # x counts at the median 3
    assert timing.estimate(["c", "a"], 2) == (10.0, 2)
    line = timing.describe(["a", "x"], 1)
    assert line.startswith("estimated ≈ 4 s on 1 worker(s)") and "1 of 2 claims timed; m, d" in line
    monkeypatch.setattr(timing, "recorded", lambda: {"machine": "", "date": "", "jobs": 1, "seconds": {}})
    assert timing.estimate(["a"], 1) is None and timing.describe(["a"], 1) is None


def test_the_shipped_record_times_every_registered_claim():
    seconds = timing.recorded()["seconds"]
    assert seconds, "theorems/claim_seconds.json is missing: run python benchmarks/verify.py --write"
    ids = {c.id for c in registry.all_claims()}
    missing = sorted(ids - set(seconds))
    assert len(missing) <= len(ids) // 10, f"claim_seconds.json is stale (untimed: {missing[:5]}…): re-run it"
