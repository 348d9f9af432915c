"""``seqtheory observe``: run the replicas of observation experiments once and record them.

An observation claim's experiment (:mod:`seqtheory.theorems.core.experiment`) trains ≥ 10 replicas per check;
``verify`` reads them from a committed record instead of training them all again (re-running replica 0, which must
reproduce its recorded numbers exactly).  This command writes those records: for every experiment of the selected
claims, at each claim's default parameters, the check replicas of every seed asked for and the calibration replicas
of the experiment's calibration seeds.  Replicas are independent tasks run through the runner (local processes or a
Dask cluster); a replica's numbers depend only on its seed, never on the worker (one BLAS thread each).

A record is one JSON file per experiment (``theorems/observations/<experiment>.json``) holding the code hash of the
modules the replica runs, seqtheory's source (commit, dirty flag), the package versions, and per seed and parameter
point the per-replica measures.  Entries made by other code are dropped when the record is rewritten.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.experiment import RECORDS, Experiment, canonical, code_hash, record_name
from seqtheory.theorems.run.registry import modules_of, select

#: Check seeds recorded by default: those ``verify`` and its CI sweep (``--seeds 1:3``) use.
DEFAULT_SEEDS = range(0, 3)


@dataclass(frozen=True)
class ReplicaTask:
    """One replica: the experiment of ``claim_id`` at ``params``, replica ``index`` of ``count`` from root ``seed``
    (``kind`` "checks" or "calibration")."""

    claim_id: str
    module: str | None
    kind: str
    seed: int
    index: int
    count: int
    params: dict = field(default_factory=dict)


def run_replica(task: ReplicaTask) -> dict:
    """Worker side: resolve the claim's experiment from the registry and run one replica (no closures cross)."""
    from seqtheory.theorems.run import registry

    claim = registry.claim_by_id(task.claim_id, task.module)
    return claim.experiment.run_replica(task.seed, task.index, task.count, task.params)


def records_folder() -> Path:
    """Where records are written: ``theorems/observations`` of seqtheory's own source checkout (the installed
    package reads them from there as package data).  A ValueError outside a checkout: records belong to the
    source, not to an installed copy."""
    from seqtheory import provenance

    here = Path(provenance.__file__).resolve().parent
    top = provenance._git(["rev-parse", "--show-toplevel"], here)
    if top is None or not provenance._is_seqtheory_checkout(Path(top.strip())):
        raise ValueError("seqtheory observe writes records into seqtheory's source checkout (theorems/observations);"
                         " this seqtheory is an installed copy — run it from a clone (pip install -e .)")
    return Path(top.strip()) / "theorems" / RECORDS


def plan(claims: Sequence[Claim], seeds: Sequence[int]) -> tuple[list[ReplicaTask], dict[str, Experiment]]:
    """The replica tasks of every experiment of ``claims`` (each experiment and parameter point once)."""
    modules = modules_of(claims) or {}
    tasks: list[ReplicaTask] = []
    experiments: dict[str, Experiment] = {}
    seen: set[tuple[str, str]] = set()
    for claim in claims:
        exp = claim.experiment
        if exp is None:
            continue
        experiments.setdefault(exp.name, exp)
        params = dict(claim.defaults)
        key = (exp.name, canonical(exp.replica_params(params)))
        if key in seen:
            continue
        seen.add(key)
        bad = sorted(set(seeds) & set(exp.calibration_seeds))
        if bad:
            raise ValueError(f"--seeds {bad} are calibration seeds of experiment {exp.name}")
        for seed in seeds:
            tasks += [ReplicaTask(claim.id, modules.get(claim.id), "checks", seed, i, exp.replicas, params)
                      for i in range(exp.replicas)]
        for seed in exp.calibration_seeds:
            tasks += [ReplicaTask(claim.id, modules.get(claim.id), "calibration", seed, i, exp.calibration_replicas,
                                  params) for i in range(exp.calibration_replicas)]
    return tasks, experiments


def write_records(tasks: Sequence[ReplicaTask], results: Sequence[dict], experiments: dict[str, Experiment],
                  folder: Path) -> list[Path]:
    """Merge the results into each experiment's record (dropping entries made by other code) and write it
    atomically."""
    from seqtheory import provenance
    from seqtheory.theorems.run import registry

    grouped: dict[str, dict[str, dict]] = {}
    for task, result in zip(tasks, results, strict=True):
        exp = registry.claim_by_id(task.claim_id, task.module).experiment
        key = f"{task.seed} {canonical(exp.replica_params(task.params))}"
        entry = grouped.setdefault(exp.name, {}).setdefault(task.kind, {}).setdefault(
            key, {"seed": task.seed, "params": exp.replica_params(task.params), "runs": [None] * task.count})
        entry["runs"][task.index] = result
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, kinds in grouped.items():
        exp = experiments[name]
        digest, modules = code_hash(exp.module())
        path = folder / record_name(name)
        old = json.loads(path.read_text("utf-8")) if path.is_file() else {}
        keep = old if old.get("code_hash") == digest else {}
        rec = {"experiment": name, "description": exp.description, "replica": f"{exp.module()}."
               f"{exp.replica.__qualname__}", "code_hash": digest, "modules": modules,
               "source": provenance.source(), "packages": provenance.versions(),
               "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "checks": dict(keep.get("checks", {})), "calibration": dict(keep.get("calibration", {}))}
        for kind, entries in kinds.items():
            rec[kind].update(entries)
        rec["checks"] = dict(sorted(rec["checks"].items()))
        rec["calibration"] = dict(sorted(rec["calibration"].items()))
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(rec, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written


#: Longest silence of a running ``observe`` (seconds): a finished replica after it always prints a progress line.
HEARTBEAT = 60.0


class Progress:
    """Progress lines of an ``observe`` run, one call per finished replica (task index, result): a line every
    twentieth of the replicas, and after any replica that ends a silence of :data:`HEARTBEAT` seconds (an experiment
    whose replicas take minutes each would otherwise say nothing for half an hour).  Each line counts the finished
    replicas per experiment; the time left is extrapolated at the pace so far (replicas of different experiments
    differ in cost, so it is rough until every experiment has finished some)."""

    def __init__(self, experiments: Sequence[str], out: Callable[[str], None], started: float,
                 clock: Callable[[], float] = time.time):
        self.experiments, self.out, self.started, self.clock = list(experiments), out, started, clock
        self.totals = {name: self.experiments.count(name) for name in dict.fromkeys(self.experiments)}
        self.finished = dict.fromkeys(self.totals, 0)
        self.done, self.last = 0, started

    def __call__(self, index: int, _result: dict) -> None:
        self.done += 1
        self.finished[self.experiments[index]] += 1
        now, total = self.clock(), len(self.experiments)
        if self.done % max(1, total // 20) and self.done != total and now - self.last < HEARTBEAT:
            return
        self.last = now
        elapsed = now - self.started
        rough = "" if all(self.finished.values()) else " (rough: some experiments have no finished replica yet)"
        parts = ", ".join(f"{name} {self.finished[name]}/{count}" for name, count in self.totals.items())
        self.out(f"  {self.done}/{total} replicas, {elapsed:.0f} s, about "
                 f"{elapsed / self.done * (total - self.done):.0f} s left{rough} — {parts}")


def run(ids: Sequence[str] | None, seeds: Sequence[int] = DEFAULT_SEEDS, jobs: int | None = None,
        scheduler: str | None = None, out: Callable[[str], None] = print, folder: Path | None = None) -> int:
    """Run and record the experiments of the selected claims (all observation claims by default)."""
    from seqtheory.simulate import parallel

    started = time.time()
    claims = [c for c in select(list(ids or [])) if c.experiment is not None]
    if not claims:
        raise ValueError("none of the selected claims runs an experiment (observation claims with recorded runs)")
    folder = folder or records_folder()
    tasks, experiments = plan(claims, list(seeds))
    jobs = parallel.default_jobs() if jobs is None else jobs
    out(f"{len(experiments)} experiments, {len(tasks)} replicas (seeds {list(seeds)} and the calibration seeds), "
        f"{'scheduler ' + scheduler if scheduler else f'{jobs} job(s)'}")
    names = {c.id: c.experiment.name for c in claims}
    show = Progress([names[t.claim_id] for t in tasks], out, started)
    results = parallel.collect(parallel.execute(tasks, jobs, scheduler, run_replica), len(tasks), show)
    for path in write_records(tasks, results, experiments, folder):
        out(f"wrote {path}")
    out(f"done in {time.time() - started:.0f} s; reinstall (pip install -e .) if the package does not see new files")
    return 0


def run_from_args(args) -> int:
    from seqtheory.simulate.parallel import scheduler_address

    try:
        return run(args.ids, args.seeds if args.seeds is not None else DEFAULT_SEEDS, jobs=args.jobs,
                   scheduler=scheduler_address(args.scheduler))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
