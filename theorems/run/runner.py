"""Running checks: serially, in a local process pool (``--jobs N``) or on a Dask cluster (``--scheduler ADDR``),
through ``simulate.parallel``.

A unit of work is a :class:`Task` (claim id, seed, parameters).  Workers resolve the claim from the registry by id,
run its check and return a plain, picklable *record* (``report.record``), so claims (which hold lambdas) never
cross a process boundary.  Results are keyed by task index: whatever the number of workers or the order they
finish in, the caller gets the same records for the same tasks and seeds (seeds come from the task, never from
the worker).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from seqtheory.simulate.parallel import collect, default_jobs, scheduler_address

__all__ = ["Task", "collect", "default_jobs", "execute", "run_task", "scheduler_address"]


@dataclass(frozen=True)
class Task:
    """One check: ``claim_id`` at ``seed`` and ``params`` (the claim's defaults filled in by the claim)."""

    claim_id: str
    seed: int = 0
    params: dict = field(default_factory=dict)
    control: bool = True
    #: the claim's module (so workers find claims added by a runtime ``registry.register``)
    module: str | None = None


def run_task(task: Task) -> dict:
    """Run one task in this process and return its record (importable by workers: no closures)."""
    from seqtheory.theorems.run import record as report
    from seqtheory.theorems.run import registry

    claim = registry.claim_by_id(task.claim_id, task.module)
    return report.checked(claim, task.seed, task.control, **task.params)


def execute(tasks: Sequence[Task], jobs: int = 1, scheduler: str | None = None,
            fn: Callable[[Task], dict] = run_task) -> Iterator[tuple[int, dict]]:
    """Yield ``(task index, record)`` as checks finish (see ``simulate.parallel.execute``)."""
    from seqtheory.simulate import parallel

    return parallel.execute(tasks, jobs, scheduler, fn)  # type: ignore[return-value]
