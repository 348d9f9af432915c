"""Dynamic programming with chain of thought under explicit memory models (Ren, Li, Liu 2024, Thms 4–5).

A CoT solver emits dp_1, …, dp_T one step at a time; everything it may consult lives in a memory:
* ``KVCache``  — append-only, every step reads all earlier entries (a Transformer with a KV cache, or a Mamba
  whose state grows to O(T));
* ``Window``   — only the last m entries are kept and read (a sliding-window Transformer, or a Mamba whose
  O(m) state is a shift register).
Each memory counts the entries read and the largest number held, so the cost claims are measured on the
executed solver, whose output is checked against a direct DP.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from seqtheory.simulate import validate


class Memory:
    """Entries the CoT solver may consult: all of them (``maxlen=None``) or only the last ``maxlen``.
    Counts the entries read and the largest number held."""

    def __init__(self, maxlen: int | None = None):
        self.maxlen = None if maxlen is None else validate.integer("m", maxlen, 1)
        self.entries: deque = deque(maxlen=self.maxlen)
        self.reads = 0
        self.peak = 0

    def read(self) -> list:
        self.reads += len(self.entries)
        return list(self.entries)

    def append(self, entry) -> None:
        self.entries.append(entry)
        self.peak = max(self.peak, len(self.entries))


def KVCache() -> Memory:
    """Append-only memory read in full each step: a KV cache, or a Mamba state grown to O(T)."""
    return Memory(None)


def Window(m: int) -> Memory:
    """The last m entries only: a sliding-window Transformer, or a Mamba with an O(m) shift-register state."""
    return Memory(m)


def lis_cot(a, memory) -> list[int]:
    """Longest increasing subsequence ending at each i: dp_i = 1 + max{dp_j : j < i, a_j < a_i} (0 if none),
    consulting only ``memory`` (entries (a_j, dp_j))."""
    out = []
    for x in np.asarray(a).tolist():
        best = max((d for (y, d) in memory.read() if y < x), default=0)
        out.append(best + 1)
        memory.append((x, best + 1))
    return out


def lis_direct(a) -> list[int]:
    a = np.asarray(a)
    dp = []
    for i in range(a.size):
        dp.append(1 + max((dp[j] for j in range(i) if a[j] < a[i]), default=0))
    return dp


def local_cot(a, m: int, memory) -> list[float]:
    """An m-local DP: dp_i = a_i + max(0, dp_{i−1}, …, dp_{i−m}), consulting only ``memory``."""
    m = validate.integer("m", m, 1)
    out = []
    for x in np.asarray(a, dtype=float).tolist():
        value = x + max([0.0, *memory.read()[-m:]])
        out.append(value)
        memory.append(value)
    return out


def local_direct(a, m: int) -> list[float]:
    a = np.asarray(a, dtype=float)
    dp: list[float] = []
    for i in range(a.size):
        dp.append(a[i] + max([0.0, *dp[max(0, i - m):i]]))
    return dp


# ------------------------------------------------------------------------------------------------------
# the m-local DP on a real selective scan

#: Decay rate of the ring-buffer scan: with Δ = 1 a slot's old value is multiplied by e^{−800} = 0 exactly.
RING_DECAY = 800.0


def local_cot_mamba(a, m: int) -> tuple[list[float], int]:
    """The m-local DP's chain of thought run on the selective scan itself, with a state of m slots.

    The state is a ring buffer built from S6's own selectivity: 2m channels with one state each, A = −800; at
    step i only the channels of slot i mod m get Δ = 1 (Euler: Ā = e^{−800} = 0, B̄ = Δ·B = 1, so the slot is
    overwritten with the token), every other channel gets Δ = 0 (Ā = 1, B̄ = 0: kept exactly).  Channels 0..m−1
    carry the emitted dp values, channels m..2m−1 a constant 1 (so the readout also shows which slots are
    occupied).  Each step reads the scan's output y_{i−1} = C·h (the last m dp values), emits
    dp_i = a_i + max(0, y_{i−1}) and feeds dp_i back as the next token.  Returns (dp, reads) where reads counts
    the occupied slots consulted, summed over the steps."""
    from seqtheory.simulate.nn import ssm

    m = validate.integer("m", m, 1)
    a = validate.array("a", a, ndim=1)
    A = np.full((2 * m, 1), -RING_DECAY)  # (2m, 1)
    B = C = np.ones(1)  # (N = 1,)
    h = np.zeros((2 * m, 1))  # (2m, 1): the whole recurrent state
    y = np.zeros(2 * m)  # (2m,): readout before the first token (empty state)
    out, reads = [], 0
    for i, x in enumerate(a.tolist()):
        occupied = y[m:] > 0  # (m,) slots written so far
        reads += int(occupied.sum())
        value = x + float(np.max(y[:m][occupied], initial=0.0))  # max(0, the stored dp values)
        out.append(value)
        delta = np.zeros(2 * m)
        delta[[i % m, m + i % m]] = 1.0  # select the slot to overwrite
        token = np.concatenate([np.full(m, value), np.ones(m)])  # (2m,)
        y, h = ssm.selective_scan_step(h, token, delta, A, B, C)
    return out, reads


# ------------------------------------------------------------------------------------------------------
# what the rest of the LIS chain of thought needs from a prefix

def lis_profile(prefix, q: int) -> tuple[int, ...]:
    """f(v) = max{dp_j : a_j < v} (0 if none) for v = 1..q−1: all that the rest of the LIS CoT needs to know
    about ``prefix`` over symbols 0..q−1 (every later dp_i = 1 + max(f(a_i), later terms), and f(0) = 0)."""
    dp = lis_direct(prefix)
    return tuple(max((d for x, d in zip(prefix, dp, strict=True) if x < v), default=0) for v in range(1, q))


def lis_state_classes(T: int, q: int) -> int:
    """The number of distinct profiles among all q^T prefixes of length T over symbols 0..q−1 (enumeration)."""
    from itertools import product

    T, q = validate.integer("T", T, 1), validate.integer("q", q, 1)
    validate.budget("the q^T prefixes", q**T, itemsize=64)
    return len({lis_profile(p, q) for p in product(range(q), repeat=T)})
