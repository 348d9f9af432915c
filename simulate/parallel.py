"""Running independent pieces of work — claims × seeds, or the shards of one Monte Carlo estimate — serially,
in a local process pool or on a Dask cluster, with results addressed by index (never by worker), so the outcome
is the same whatever runs it.

Pool workers are spawned with their BLAS/OpenMP thread pools capped at one thread, so N workers use N cores, and
with glibc told to keep freed memory (:func:`seqtheory.allocator.keep_freed_memory`: training steps then reuse
their arrays' pages).
Dask (``--scheduler ADDRESS`` or ``$SEQTHEORY_SCHEDULER``) is the optional extra ``seqtheory[dask]``; pieces are
retried when a worker is lost.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence

#: Environment variables that cap the native thread pools a worker process starts with.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def cap_native_threads() -> None:
    """One BLAS/OpenMP thread per worker: the pool's worker initializer, and called in pytest-xdist workers
    (conftest.py).  The environment variables are set here, in the worker, for the thread pools loaded later
    (scipy's own OpenBLAS loads on first use); numpy is imported and threadpoolctl caps what is already loaded.
    (The parent's environment is not enough: the executor starts its workers when tasks are submitted.)"""
    os.environ.update({k: "1" for k in THREAD_VARS})
    import numpy  # noqa: F401  (loads its BLAS so that the cap below reaches it)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def prepare_worker() -> None:
    """A worker process's set-up: :func:`cap_native_threads` and :func:`keep_freed_memory` (the pool's initializer,
    and called in pytest-xdist workers by conftest.py)."""
    from seqtheory.allocator import keep_freed_memory

    cap_native_threads()
    keep_freed_memory()


def scheduler_address(flag: str | None) -> str | None:
    """``--scheduler`` or, if unset, ``$SEQTHEORY_SCHEDULER`` (None: run locally), checked by :func:`check_address`
    (a given but empty ``--scheduler`` is refused, not read as unset)."""
    return check_address(flag if flag is not None else os.environ.get("SEQTHEORY_SCHEDULER") or None)


def execute(tasks: Sequence, jobs: int, scheduler: str | None, fn: Callable) -> Iterator[tuple[int, object]]:
    """Yield ``(task index, fn(task))`` as tasks finish: in order for ``jobs = 1``, in completion order otherwise.
    ``fn`` and the tasks must pickle (a module-level function) unless ``jobs = 1``.

    ``jobs`` local worker processes (spawned, one BLAS thread each), or the Dask cluster at ``scheduler``
    (needs the optional extra ``seqtheory[dask]``; tasks are retried on a lost worker, merged by index)."""
    from seqtheory.simulate import validate

    jobs = validate.integer("jobs", jobs, 1)
    tasks = list(tasks)
    if scheduler is not None:
        yield from _execute_dask(tasks, scheduler, fn)
    elif jobs == 1 or len(tasks) <= 1:
        for i, task in enumerate(tasks):
            yield i, fn(task)
    else:
        yield from _execute_pool(tasks, min(jobs, len(tasks)), fn)


def _execute_pool(tasks: list, jobs: int, fn) -> Iterator[tuple[int, object]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=prepare_worker)
    with pool:
        futures = {pool.submit(fn, task): i for i, task in enumerate(tasks)}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        except BaseException:  # an interrupt, a termination or a failed task: no worker may outlive the run
            # the workers are terminated and the futures left alone: the pool's manager thread then marks every
            # pending future broken. Cancelling them here as well races that thread, which (CPython 3.11) raises
            # InvalidStateError from set_exception on a future already cancelled and prints its traceback
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
            raise


def _execute_dask(tasks: list, address: str, fn) -> Iterator[tuple[int, object]]:
    try:
        from distributed import Client
    except ImportError:
        raise ValueError("--scheduler needs Dask: pip install 'seqtheory[dask]'") from None
    check_address(address)
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ValueError(f"--scheduler {address}: cannot reach the Dask scheduler ({type(exc).__name__}: "
                         f"{exc})") from None
    with client:
        run = uuid.uuid4().hex  # keys unique to this call: never a cached result of another run
        futures = client.map(fn, tasks, key=[f"seqtheory-{run}-{i}" for i in range(len(tasks))], pure=False,
                             retries=3)
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            yield from _watch(client, futures, index, address)
        except BaseException:
            client.cancel(futures)  # nothing of this run keeps a cluster busy after it ends
            raise


class ClusterError(RuntimeError):
    """The Dask cluster cannot finish the run: no worker left, or no task finished within the task timeout."""


#: Seconds between checks on a run that makes no progress; seconds without any worker before the run is abandoned.
POLL_S, NO_WORKER_S = 5.0, 60.0
#: Default seconds without a finished task before a Dask run is abandoned (``$SEQTHEORY_TASK_TIMEOUT`` overrides).
TASK_TIMEOUT_S = 3 * 3600.0


def task_timeout() -> float:
    """``$SEQTHEORY_TASK_TIMEOUT`` (seconds, > 0) or :data:`TASK_TIMEOUT_S`."""
    text = os.environ.get("SEQTHEORY_TASK_TIMEOUT")
    if text is None:
        return TASK_TIMEOUT_S
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise ValueError(f"$SEQTHEORY_TASK_TIMEOUT must be a positive number of seconds, got {text!r}")
    return value


def _watch(client, futures: list, index: dict, address: str) -> Iterator[tuple[int, object]]:
    """Yield results as they finish; stop with :class:`ClusterError` when the cluster has had no worker for
    :data:`NO_WORKER_S` seconds or no task has finished for :func:`task_timeout` seconds (a hung task, or a
    cluster too busy to serve this run) — instead of waiting forever."""
    limit = task_timeout()
    pending = list(futures)
    progress = checked = time.monotonic()
    workerless = None
    while pending:
        done = [f for f in pending if f.done()]  # Future.done needs no default client (this client's futures)
        if done:
            finished = {f.key for f in done}
            pending = [f for f in pending if f.key not in finished]
            for future in done:
                yield index[future.key], future.result()
            progress, workerless = time.monotonic(), None
            continue
        time.sleep(0.05)
        now = time.monotonic()
        if now - checked < POLL_S:
            continue
        checked = now
        if not client.scheduler_info().get("workers"):
            workerless = workerless if workerless is not None else now
            if now - workerless >= NO_WORKER_S:
                raise ClusterError(f"--scheduler {address}: no Dask worker has been connected for "
                                   f"{NO_WORKER_S:.0f} s; {len(pending)} of {len(futures)} tasks unfinished")
        else:
            workerless = None
        if now - progress >= limit:
            raise ClusterError(f"--scheduler {address}: no task finished for {limit:.0f} s "
                               f"($SEQTHEORY_TASK_TIMEOUT); {len(pending)} of {len(futures)} tasks unfinished")


def check_address(address: str | None) -> str | None:
    """``address`` if it is ``scheme://host:port`` or ``host:port`` (what Dask's ``Client`` accepts, no spaces) or
    None; a ValueError naming ``--scheduler`` otherwise (the command line checks it before any work starts)."""
    import re

    if address is not None and not re.fullmatch(r"([a-z][a-z0-9+.-]*://)?[^\s/:]+(:\d+)?/?", address):
        raise ValueError(f"--scheduler {address!r}: not a scheduler address (expected e.g. tcp://host:8786 or "
                         "host:8786)")
    return address


def collect(stream: Iterator[tuple[int, object]], count: int,
            on_result: Callable[[int, object], None] | None = None) -> list:
    """Drain ``stream`` into a list ordered by task index, calling ``on_result`` as each arrives."""
    out: list = [None] * count
    for i, rec in stream:
        out[i] = rec
        if on_result is not None:
            on_result(i, rec)
    missing = [i for i, r in enumerate(out) if r is None]
    if missing:
        raise RuntimeError(f"tasks {missing[:10]} returned no result")
    return out


def _shard(piece):
    """Worker side of :func:`sharded_mean`: one shard's mean estimate."""
    import numpy as np

    from seqtheory.simulate.tails import TailedMean

    draws, seed_seq, count = piece
    return TailedMean.of(draws(np.random.default_rng(seed_seq), count))


def sharded_mean(draws: Callable, seed: int, total: int, shards: int = 8, jobs: int = 1,
                 scheduler: str | None = None):
    """The mean of ``total`` draws of ``draws(rng, count) -> array``, split into ``shards`` shards with seeds
    ``SeedSequence(seed).spawn(shards)`` (by shard index), run on ``jobs`` local workers or a Dask cluster and
    merged in shard order: bit-identical for every ``jobs`` and scheduler.  ``draws`` must be a module-level
    function (it is pickled to the workers) unless ``jobs = 1``."""
    from seqtheory.simulate import validate
    from seqtheory.simulate.stats import merge_shards, shard_seeds

    total = validate.integer("total", total, 2)
    shards = validate.integer("shards", shards, 1, total // 2)
    sizes = [total // shards + (i < total % shards) for i in range(shards)]
    pieces = [(draws, s, m) for s, m in zip(shard_seeds(seed, shards), sizes, strict=True)]
    return merge_shards(collect(execute(pieces, jobs, scheduler, _shard), shards))
