"""B4 — "larger Transformers have a lower proportion of active neurons and bypass attention more through the
residual connections" (Ren & Liu 2025, arXiv:2504.18929): observations on the width sweep of
:mod:`seqtheory.simulate.entropy_replica` and ``renliu2025/b2`` (the same trainings: d = 8 and 32, both regimes,
three seeds).

Instruments (:mod:`seqtheory.simulate.nn.probes`, definitions the toolkit's own): the **active ratio** — share of
(token, unit) pairs with a positive FFN pre-activation, mean over blocks; the **bypass ratio** ‖Attn(x)‖/‖x‖ per
block (small: attention bypassed).  Both on a probe batch of 512 fresh target sequences after training.

Measured (1000 steps, the claims' seeds at check seed 0, widths 8/16/32/64, both regimes; ``seqtheory figures
entropy_width``): the active ratio falls with width, 0.39–0.47 / 0.36–0.41 / 0.26–0.33 / 0.23–0.30 — B4's direction;
dead units stay at 0–2 %.  The bypass ratio of the first block rises with width (1.1–2.4 / 2.3–4.6 / 5.5–14.0 /
17–26) — an instrument artifact: the token embeddings start at scale 0.02, so any attention update dominates the raw
stream entering block 1 — and is left out; the second block, whose input is a formed residual stream, stays at
0.05–0.65 and moves +0.013 on average in B4's direction: too small to decide at these sizes (not reproduced).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import entropy_replica as er
from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer
from seqtheory.theorems.core.relations import LowerBound
from seqtheory.theorems.papers import RENLIU2025

#: Asserted: the active ratio at d = 8 minus that at d = 32 (mean over seeds and regimes) is at least this.
#: Measured at 1000 steps, check seed 0: mean 0.136, 95 % interval [0.079, 0.193].
ACTIVE_DROP = 0.05


def _runs(seed: int, steps: int) -> list[dict]:
    return [{w: er.width_point(ss, steps, w) for w in (er.NARROW, er.WIDE)}
            for ss in np.random.SeedSequence(seed).spawn(er.SEEDS)]


def _drop(runs, measure) -> Estimate:
    """Mean over seeds of measure(d = 8) − measure(d = 32), each averaged over the two regimes."""
    return Estimate.of_mean([np.mean([measure(r[er.NARROW][g]) - measure(r[er.WIDE][g]) for g in ("fresh", "fixed")])
                             for r in runs])


def _describe(runs, measure, fmt) -> str:
    return " | ".join("; ".join(f"{g} {fmt(measure(r[er.NARROW][g]))}→{fmt(measure(r[er.WIDE][g]))}"
                                for g in ("fresh", "fixed")) for r in runs)


def _active_drop(seed: int, steps: int) -> Observation:
    runs = _runs(seed, steps)
    est = _drop(runs, lambda m: m["active"])
    detail = (f"active ratio d={er.NARROW}→{er.WIDE} per seed: "
              + _describe(runs, lambda m: m["active"], "{:.3f}".format)
              + f"; dead fraction at d={er.WIDE}: " + ", ".join(
                  f"{r[er.WIDE][g]['dead']:.3f}" for r in runs for g in ("fresh", "fixed"))
              + f"; drop {est.describe()}")
    return Observation(est, detail)


#: The block whose bypass is compared: the second, the first whose input is a formed residual stream (the first
#: block's input is the raw embedding, initialised at scale 0.02, which any attention update dominates).
FORMED_BLOCK = 1


def _bypass_drop(seed: int, steps: int) -> Observation:
    runs = _runs(seed, steps)
    est = _drop(runs, lambda m: float(m["bypass"][FORMED_BLOCK]))
    detail = (f"‖Attn(x)‖/‖x‖ per block d={er.NARROW}→{er.WIDE} per seed: "
              + _describe(runs, lambda m: m["bypass"], lambda v: "[" + ", ".join(f"{x:.2f}" for x in v) + "]")
              + f"; drop {est.describe()}")
    return Observation(est, detail)


_COMMON = dict(examples=1, paper=RENLIU2025, fidelity="observation",
               source="the b2 width sweep (trained CPU-sized replica, three seeds; settings and instrument "
                      "definitions are the toolkit's)",
               domain=Domain((Integer("steps", 1000, 2000, probe=1000),)), defaults={"steps": 1000},
               relation=LowerBound(z=1.0), method=f"the b2 trainings ({er.SEEDS} seeds × 2 widths × 2 regimes), "
                                                  "instruments on 512 fresh probe sequences")

CLAIMS = (
    Claim(
        id="renliu2025/b4/active-ratio", stance="supports", tags=("slow", "trained"),
        where="B4 (larger models have a lower proportion of active neurons)",
        statement=f"The FFN active ratio of the b1 replica is lower at d = {er.WIDE} than at d = {er.NARROW} by at "
                  f"least {ACTIVE_DROP} (mean over {er.SEEDS} seeds and both regimes, within one standard error).",
        theory=lambda steps: ACTIVE_DROP, simulate=_active_drop,
        negative_control=lambda steps: 0.4,
        negative_control_text="the wide model's FFN nearly silent (active ratio lower by 0.4, ≈ all of it)",
        **_COMMON,
    ),
    Claim(
        id="renliu2025/b4/bypass", stance="not-reproduced", tags=("slow", "trained"),
        where="B4 (larger models bypass attention more through the residual connections)",
        statement=f"The attention bypass ‖Attn(x)‖/‖x‖ of block 2 of the b1 replica — the first block whose input is "
                  f"a formed residual stream — is not higher at d = {er.WIDE} than at d = {er.NARROW} (mean drop "
                  "over seeds and regimes ≥ 0, within one standard error); the drop is small, so B4's bypass half is "
                  "not decided at these sizes (block 1, whose input is the raw embedding, is reported, not used).",
        theory=lambda steps: 0.0, simulate=_bypass_drop,
        negative_control=lambda steps: 0.4,
        negative_control_text="attention at d = 32 bypassed almost entirely (the ratio lower by 0.4, about all "
                              "of block 2's ratio at d = 8)",
        **_COMMON,
    ),
)
