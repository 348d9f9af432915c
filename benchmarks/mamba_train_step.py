"""One training step (forward + backward + Adam) of the numpy Mamba (:mod:`seqtheory.simulate.nn.mamba_train`) at
the trained replicas' shapes, by how the batch is cut and where memory comes from.

Contenders, in one run: the default grouping (:func:`~seqtheory.simulate.nn.mamba_train.group_size` sequences at a
time, sized to stay in cache), the whole batch as one group, and one sequence at a time (the old per-sequence loop's
cost); each with glibc told to keep freed memory (:func:`seqtheory.allocator.keep_freed_memory`, what the
CLI, its workers and the tests do) and — in a second process, since the setting is process-wide — with glibc's
defaults.  Ratios are against the default grouping with kept memory.  There is no CPU peer: Mamba's fused kernels
are CUDA-only.
Run: python benchmarks/mamba_train_step.py [--quick]   (--quick: the LIS shape only, 3 repeats)
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
from _timing import configuration, fmt, interleaved, record

from seqtheory.simulate import copy_replica, dp_replica
from seqtheory.simulate.nn import layers
from seqtheory.simulate.nn import mamba_train as mt
from seqtheory.simulate.optim import Adam

#: (name, config, batch, input length): the LIS replica's CoT training and the COPY replica's.
SHAPES = (("LIS with CoT (dp_replica)", dp_replica.MAMBA, dp_replica.BATCH, 2 * dp_replica.LENGTH + 1),
          ("COPY of 16 (copy_replica)", copy_replica.MAMBA, copy_replica.BATCH, 2 * copy_replica.LENGTH))


def step_fn(cfg, batch: int, length: int, block_elements: int):
    rng = np.random.default_rng(0)
    state = {"params": mt.init_params(cfg, rng)}
    opt = Adam()
    tokens = rng.integers(0, cfg.vocab, (batch, length + 1))
    weights = np.ones((batch, length))

    def step():
        saved, mt.BLOCK_ELEMENTS = mt.BLOCK_ELEMENTS, block_elements
        try:
            out, cache = mt.forward(state["params"], cfg, tokens[:, :-1])
            _, dout = layers.cross_entropy(out, tokens[:, 1:], weights)
            grads = mt.backward(state["params"], cfg, dout, cache)
        finally:
            mt.BLOCK_ELEMENTS = saved
        state["params"] = opt.step(state["params"], grads, 1e-3)
    return step


def measure(quick: bool, keep: bool) -> dict:
    from seqtheory.allocator import keep_freed_memory
    from seqtheory.simulate import threads

    kept = keep_freed_memory() if keep else False
    out = {}
    with threads.one_blas_thread():
        for name, cfg, batch, length in SHAPES[:1] if quick else SHAPES:
            per = length * cfg.E * cfg.N
            contenders = {f"groups of {mt.group_size(cfg, length)} (default)": step_fn(cfg, batch, length,
                                                                                       mt.BLOCK_ELEMENTS),
                          f"whole batch ({batch})": step_fn(cfg, batch, length, batch * per),
                          "one sequence at a time": step_fn(cfg, batch, length, per)}
            out[name] = {k: list(v) for k, v in interleaved(contenders, 3 if quick else 5).items()}
    return {"kept": kept, "times": out}


def main(quick: bool) -> None:
    if "--child" in sys.argv:  # the glibc-defaults process
        print(json.dumps(measure(quick, keep=False)))
        return
    print(configuration())
    kept = measure(quick, keep=True)
    child = subprocess.run([sys.executable, __file__, "--child", *(["--quick"] if quick else [])], check=True,
                           capture_output=True, text=True)
    defaults = json.loads(child.stdout.strip().splitlines()[-1])
    if not kept["kept"]:
        print("(keep_freed_memory is not available here: not glibc — both columns use the system allocator)")
    for name, times in kept["times"].items():
        base = next(iter(times.values()))[0]
        print(f"\n{name}: one training step, ratio to the default grouping with kept memory")
        for contender, stat in times.items():
            other = defaults["times"][name][contender]
            print(f"  {contender:28s} kept memory {fmt(tuple(stat))} ({stat[0] / base:4.2f}×)   glibc defaults "
                  f"{fmt(tuple(other))} ({other[0] / base:4.2f}×)")
        before = defaults["times"][name]["one sequence at a time"][0]
        record("Mamba training step", f"{name}: default grouping, kept memory", base,
               "one sequence at a time, glibc defaults (the code before)", before)


if __name__ == "__main__":
    main("--quick" in sys.argv[1:])
