"""Mamba's COPY bottleneck: what a fixed state can store, and what a decaying state must pay to reach back.

Ren, Li, Liu 2024 (arXiv:2410.03810); Jelassi et al. 2024 (arXiv:2402.01032); docs/mamba_copy_bounds.md.  Left: copy
accuracy of the bare selective scan with N state slots on strings of length n (N = n: the Thm 3 construction, exact;
fixed N: tokens share slots and accuracy falls roughly like N/n), with the counting bound 2^b/|D|^n for a b-bit state.
Middle: the score a decaying state needs to read t − s steps back, (1−ε)a^{−(t−s)}, against the softmax logit gap
log((L−1)(1−δ)/δ), with the float16/32 overflow lines.  Right: entries read by the executed CoT solvers of a general
DP (LIS, T(T−1)/2) and an m-local DP (mT − m(m+1)/2) as T grows (Thms 4–5).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from seqtheory.simulate import copy, dp

NAME = "mamba_copy"
DEFAULTS = {"ns": [8, 16, 32, 64, 128, 256], "slots": [8, 32], "vocab": 16, "bits": [64, 256, 1024], "seeds": 5,
            "Ts": [16, 32, 64, 128, 256, 512], "m": 4}
QUICK = {"ns": [4, 8, 16], "slots": [4], "vocab": 8, "bits": [16], "seeds": 2, "Ts": [8, 16], "m": 2}


def compute(params: dict, seed: int) -> dict[str, np.ndarray]:
    p = {**DEFAULTS, **params}
    ns, vocab = np.asarray(p["ns"]), int(p["vocab"])
    seeds = [int(s) for s in np.random.SeedSequence(seed).generate_state(int(p["seeds"]))]
    linear = np.array([np.mean([copy.linear_state_copy_accuracy(int(n), vocab, np.random.default_rng(s))
                                for s in seeds]) for n in ns])
    fixed = np.array([[np.mean([copy.linear_state_copy_accuracy(int(n), vocab, np.random.default_rng(s), slots=int(N))
                                for s in seeds]) for n in ns] for N in p["slots"]])
    bound = np.array([[min(1.0, 2.0 ** (b - n * np.log2(vocab))) for n in ns] for b in p["bits"]])
    dist = np.arange(1, 401)
    scores = np.array([np.log10(1 - 0.01) - dist * np.log10(a) for a in (0.9, 0.99)])
    lengths = dist + 1
    gap = np.log10(np.log((lengths - 1) * (1 - 0.01) / 0.01))
    Ts, m = np.asarray(p["Ts"]), int(p["m"])
    general, local = [], []
    for T in Ts:
        a = np.random.default_rng([seed, int(T)]).integers(0, 10 * int(T), size=int(T))
        mem = dp.KVCache()
        dp.lis_cot(a, mem)
        general.append(mem.reads)
        mem = dp.Window(m)
        dp.local_cot(a.astype(float), m, mem)
        local.append(mem.reads)
    return {"Ts": Ts, "m": np.array(m), "general_reads": np.array(general), "local_reads": np.array(local),
            "ns": ns, "linear": linear, "slots": np.asarray(p["slots"]), "fixed": fixed,
            "bits": np.asarray(p["bits"]), "bound": bound, "vocab": np.array(vocab), "dist": dist,
            "log10_score": scores, "log10_gap": gap,
            "overflow16": np.array(np.log10(np.finfo(np.float16).max)),
            "overflow32": np.array(np.log10(np.finfo(np.float32).max))}


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(15, 4), layout="constrained")
    ax, bx, cx = fig.subplots(1, 3)
    ns = data["ns"]
    ax.plot(ns, data["linear"], "ko-", label="state size N = n (Thm 3 construction)")
    for i, N in enumerate(data["slots"]):
        ax.plot(ns, data["fixed"][i], "s-", label=f"fixed state, N = {N} slots")
    for i, b in enumerate(data["bits"]):
        ax.plot(ns, data["bound"][i], ":", label=f"counting bound, b = {b} bits, |D| = {int(data['vocab'])}")
    ax.set(xscale="log", xlabel="string length n", ylabel="copy accuracy / success probability",
           title="COPY with a state of fixed vs linear size")
    ax.legend(fontsize=7)
    for i, a in enumerate((0.9, 0.99)):
        bx.plot(data["dist"], data["log10_score"][i], label=f"decay a = {a}: " + r"$(1-\varepsilon)\,a^{-(t-s)}$")
    bx.plot(data["dist"], data["log10_gap"], label="softmax gap log((L−1)(1−δ)/δ)")
    bx.axhline(float(data["overflow16"]), color="C3", ls="--", lw=1, label="float16 max")
    bx.axhline(float(data["overflow32"]), color="C4", ls="-.", lw=1, label="float32 max")
    bx.set(xlabel="distance t − s", ylabel="log10 required score", title="reaching back: exponential vs logarithmic")
    bx.legend(fontsize=7)
    Ts = data["Ts"]
    cx.loglog(Ts, data["general_reads"], "o-", label="general DP (LIS): KV cache / O(T) state")
    cx.loglog(Ts, data["local_reads"], "s-", label=f"{int(data['m'])}-local DP: window / O(m) state")
    cx.loglog(Ts, Ts * (Ts - 1) / 2, "k:", lw=1, label="T(T−1)/2")
    cx.set(xlabel="CoT length T", ylabel="entries read in total", title="DP with CoT: Θ(T²) vs Θ(mT)")
    cx.legend(fontsize=7)
    return fig
