"""The runner, measured in one run (targets from the issue in brackets):
* wall time of ``seqtheory verify`` (every claim, seed 0) at ``--jobs 1`` and ``--jobs 2``, and their ratio
  [≥ 1.7 on 2 cores]; the two reports are compared minus timings [identical];
* a 10⁷-draw Monte Carlo mean (the one-step GD loss of huang2025/thm3.1) in 8 shards on 1 worker and on 2 workers
  vs one unsharded ``Estimate.of_mean`` [same bits for 1 and 2 workers; sharding overhead ≤ 10 %];
* the same 8 shards through a 2-worker Dask ``LocalCluster`` when dask is installed [same bits].
Run: python benchmarks/verify.py   (takes a few minutes: verify runs twice)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from seqtheory.simulate.parallel import sharded_mean
from seqtheory.simulate.stats import Estimate
from seqtheory.theorems.run import record as report

TOTAL = 10_000_000
N, D, ETA = 20, 5, 0.8


def one_step_draws(rng: np.random.Generator, count: int) -> np.ndarray:
    """‖(I − ηS)w*‖² for ``count`` fresh prompts (n = 20, d = 5, η = 0.8), in chunks of 50 000."""
    from seqtheory.simulate.lsa import one_step_draws as draws

    out = [draws(rng, min(50_000, count - start), N, D, ETA) for start in range(0, count, 50_000)]
    return np.concatenate(out)


def verify_wall(jobs: int, folder: Path) -> tuple[float, dict]:
    path = folder / f"jobs{jobs}.json"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "seqtheory", "verify", "--jobs", str(jobs), "--json", str(path)],
                   check=True, capture_output=True)
    return time.perf_counter() - t0, json.loads(path.read_text())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t1, r1 = verify_wall(1, Path(tmp))
        t2, r2 = verify_wall(2, Path(tmp))
    same = report.without_timings(r1) == report.without_timings(r2)
    print(f"verify, {r1['summary']['checks']} claims: --jobs 1 {t1:.1f} s, --jobs 2 {t2:.1f} s, "
          f"speed-up {t1 / t2:.2f}× [≥ 1.7]; reports identical minus timings: {same}")

    t0 = time.perf_counter()
    whole = Estimate.of_mean(one_step_draws(np.random.default_rng(0), TOTAL))
    t_whole = time.perf_counter() - t0
    t0 = time.perf_counter()
    s1 = sharded_mean(one_step_draws, 0, TOTAL, shards=8, jobs=1)
    t_s1 = time.perf_counter() - t0
    t0 = time.perf_counter()
    s2 = sharded_mean(one_step_draws, 0, TOTAL, shards=8, jobs=2)
    t_s2 = time.perf_counter() - t0
    print(f"10^7 draws: unsharded {t_whole:.2f} s (mean {whole.value:.6f} ± {whole.stderr:.1g}); 8 shards on 1 "
          f"worker {t_s1:.2f} s (overhead {100 * (t_s1 / t_whole - 1):+.1f} % [≤ 10 %]), on 2 workers {t_s2:.2f} s; "
          f"same bits 1 vs 2 workers: {(s1.value, s1.stderr) == (s2.value, s2.stderr)}")
    try:
        from distributed import LocalCluster
    except ImportError:
        print("Dask LocalCluster: skipped (pip install 'seqtheory[dask]')")
        return
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=50) as cluster:
        t0 = time.perf_counter()
        sd = sharded_mean(one_step_draws, 0, TOTAL, shards=8, scheduler=cluster.scheduler_address)
        t_sd = time.perf_counter() - t0
    print(f"8 shards on a 2-worker Dask LocalCluster: {t_sd:.2f} s; same bits as the local pool: "
          f"{(sd.value, sd.stderr) == (s1.value, s1.stderr)}")


if __name__ == "__main__":
    main()
