"""Where a process's memory comes from: glibc told to keep freed memory for reuse (:func:`keep_freed_memory`).

Light on purpose — no numpy, nothing of seqtheory — so the command line can call it before any command, including
the ones that must start fast (``seqtheory list``)."""

from __future__ import annotations

#: glibc's ``mallopt`` parameters and the values :func:`keep_freed_memory` sets: arrays up to 32 MiB come from the
#: heap (not a fresh ``mmap``), and up to 1 GiB of freed heap stays in the process (64 MiB padding per growth).
MALLOPT = {"M_TRIM_THRESHOLD": (-1, 1 << 30), "M_TOP_PAD": (-2, 64 << 20), "M_MMAP_THRESHOLD": (-3, 32 << 20)}


def keep_freed_memory() -> bool:
    """Keep freed memory in the process instead of handing it back to the kernel (glibc only; elsewhere nothing
    happens and False is returned).  A training step allocates and frees the same large arrays every step; with
    glibc's defaults each one is a fresh ``mmap`` whose pages fault on first touch — measured on 2 cores, a Mamba
    training step (batch 32, L = 17, E·N = 512) takes 49 ms with the defaults and 25 ms with these settings (same
    numbers: only where memory comes from changes).  Called by the CLI, by every worker that
    :mod:`seqtheory.simulate.parallel` starts and by the test suite's conftest; the process then holds up to 1 GiB
    of freed memory for reuse."""
    import ctypes
    import ctypes.util
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return False
    mallopt = getattr(libc, "mallopt", None)
    return mallopt is not None and all(mallopt(code, value) == 1 for code, value in MALLOPT.values())


