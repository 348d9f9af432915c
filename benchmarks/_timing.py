"""Timing helpers shared by the benchmark scripts: interleaved repeats (each timed call after a rest and a
settling call), medians with spreads, the machine's BLAS/thread configuration, the optional torch peer, and the rows
each script measured (:func:`record`, which ``benchmarks/performance.py`` turns into the README's performance table)."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable

import numpy as np

#: What the benchmark scripts measured in this process, one dict per row (see :func:`record`).
MEASURED: list[dict] = []


def record(benchmark: str, case: str, ours: float, against: str | None = None, other: float | None = None,
           target: str = "") -> None:
    """Keep one measured row: seqtheory's median seconds ``ours`` for ``case``, and, when there is one, the
    seconds ``other`` of what it is compared with (``against``: a peer such as torch, or a reference path);
    ``target`` is the issue's goal for the row, as text."""
    MEASURED.append({"benchmark": benchmark, "case": case, "ours": float(ours), "against": against,
                     "other": None if other is None else float(other), "target": target})


def machine() -> str:
    """'2 cores, 24 GiB, x86_64, Python 3.11.7': the machine a table of times was measured on."""
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {mem:.0f} GiB, {platform.machine()}, Python {platform.python_version()}"


def write_readme_block(markers: tuple[str, str], text: str) -> None:
    """Replace what lies between the two marker lines of the repository's README with ``text``."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "README.md"
    readme = path.read_text(encoding="utf-8")
    start, end = readme.index(markers[0]), readme.index(markers[1])
    path.write_text(readme[:start + len(markers[0])] + "\n" + text + "\n" + readme[end:], encoding="utf-8")


def best_time(fn, repeat: int = 3) -> float:
    """Best wall time of ``repeat`` calls (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


#: Seconds of rest before each contender's calls in :func:`interleaved`: long enough for the previous contender's
#: idle thread pool to stop spinning (see there).
PAUSE = 0.5


def interleaved(contenders: dict[str, Callable[[], object]], repeat: int = 5) -> dict[str, tuple[float, float]]:
    """Median and spread (max − min) of the wall time of each contender over ``repeat`` rounds, each round calling
    every contender in turn, so slow drifts of the machine's load hit all of them alike.  Before each timed call
    the machine rests :data:`PAUSE` seconds and the contender runs once untimed (its pools awake, its data in
    cache).  Why the rest: a thread pool that has just worked keeps its idle threads spinning for a while
    (OpenBLAS's workers, torch's OpenMP team), and on two cores they slow whatever runs next.  Measured once at
    n = 1024, float32, 8 heads: torch SDPA took 16–17 ms alone but 26–40 ms timed straight after a batched
    two-thread numpy GEMM — even after an untimed call of its own — and 15–18 ms after a 0.5 s rest; the tiled
    ``softmax_attention`` took 23 ms alone and 29–30 ms straight after torch."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, fn in contenders.items():
            time.sleep(PAUSE)
            fn()  # settle
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: (float(np.median(t)), float(np.max(t) - np.min(t))) for name, t in times.items()}


def fmt(stat: tuple[float, float]) -> str:
    """'12.3 ± 0.4 ms' (median ± half the spread)."""
    median, spread = stat
    return f"{median * 1e3:8.1f} ± {spread * 5e2:5.1f} ms"


def torch_or_none():
    """torch with as many intra-op threads as numpy's BLAS, or None when it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    from seqtheory.simulate import threads

    torch.set_num_threads(threads.blas_threads())
    return torch


def configuration() -> str:
    """One line: the machine, numpy and its BLAS with its thread count, torch if present."""
    from threadpoolctl import threadpool_info

    blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('num_threads')} threads)"
            for i in threadpool_info() if i.get("user_api") == "blas"]
    torch = torch_or_none()
    peer = f"torch {torch.__version__} ({torch.get_num_threads()} threads)" if torch else "torch not installed"
    return (f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, "
            f"numpy {np.__version__}, BLAS: {', '.join(blas) or 'unknown'}; {peer}")
