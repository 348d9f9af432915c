"""Thread control for the hand-written kernels: how many cores the BLAS may use now, a context that pins it to one
thread, and a split of independent work items over that many Python threads.

NumPy releases the GIL inside its matrix products and its ufunc loops, so two Python threads each running one
attention head keep two cores busy — provided the BLAS does not also spawn its own threads for each small product
(on a loaded machine every such product then waits for a busy core: the stall issue 18 measured in the scan).  So a
kernel that splits work over threads pins the BLAS to one thread for the duration (threadpoolctl; the setting is
process-wide, so other threads of the process see it too while the kernel runs) and uses as many threads as the
BLAS was allowed before — one inside the runner's pool workers (:func:`seqtheory.simulate.parallel.one_blas_thread`),
the machine's cores otherwise.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor


@functools.cache
def _blas():
    """The BLAS libraries numpy has loaded (found once; numpy is imported by then)."""
    import numpy  # noqa: F401  (its BLAS must be loaded before the scan)
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController().select(user_api="blas")


def blas_threads() -> int:
    """Threads the BLAS may use at this moment (≥ 1)."""
    counts = [lib.num_threads for lib in _blas().lib_controllers]
    return max(1, min(counts)) if counts else 1


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Pin the BLAS to one thread inside the block (restored on exit)."""
    if blas_threads() == 1:
        yield
        return
    with _blas().limit(limits=1):
        yield


def split(work: Callable[[Sequence], None], items: Sequence, workers: int | None = None) -> None:
    """Run ``work(chunk)`` on ``workers`` round-robin chunks of ``items`` (default: the BLAS's thread count), in
    threads, with the BLAS pinned to one thread.  ``work`` must write disjoint outputs for disjoint chunks."""
    workers = min(blas_threads() if workers is None else workers, len(items))
    if workers <= 1:
        work(items)
        return
    chunks = [items[w::workers] for w in range(workers)]
    with one_blas_thread(), ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(work, chunk) for chunk in chunks]:
            future.result()  # re-raise a worker's exception here
