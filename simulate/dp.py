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
