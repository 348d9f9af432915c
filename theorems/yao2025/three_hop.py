"""Three hops after two (Yao, Ren, Liao, Liu 2025, arXiv:2502.04667): the question the authors' code asks
(github.com/chen123CtrlS/T-CotMechanism, ``3hop``: "Can a model that has only encountered two-hop facts during the
CoT training phase generalize to three-hop facts?"), answered on the replica of
:mod:`seqtheory.simulate.three_hop` (experiment ``yao2025/three-hop``, recorded by ``seqtheory observe``).  The
authors' answer was not reached; the two statements below are the reading of the coverage table ("two-hop CoT
training alone does not give three-hop generalisation; a small share of three-hop data does"), checked as
observations that report the direction they see.

Per replica two CoT models train on the same facts from the same model seed: ``two`` (atomic and two-hop facts) and
``mix`` (the same plus three-hop facts, 10 % of the two-hop count); both are tested on 200 held-out three-hop
queries whose three hops are ID facts (greedy CoT decoding of b1, b2, t; all three right).

Regime gate: the two-hop-only model has learned two hops (mean two-hop ID exact match ≥ 0.9).  Thresholds: half the
mean effect of the calibration replicas (root seed 1000, never a check seed); one-sided paired t-tests at
α = 0.05; the controls are "no effect" (0), which the replicas must reject by ≥ 3 test tolerances.  Scale: a 1-block
d = 32 model on 100 entities, far below the paper's.
"""

from __future__ import annotations

from seqtheory.simulate import three_hop
from seqtheory.theorems.core.experiment import claimed_effect
from seqtheory.theorems.core.paper import Source
from seqtheory.theorems.experiments import YAO_THREE_HOP, two_hop_learned
from seqtheory.theorems.papers import YAO2025, YAO2025_CODE

_SOURCE = Source(YAO2025_CODE, "ControlledExperiments/3hop/readme.txt",
                 "the question only (the authors' answer was not reached); checked on trained replicas far below the "
                 "paper's scale")


def gap(run: dict) -> float:
    """Two-hop ID exact match − three-hop exact match of the two-hop-only model."""
    return run["two_id"] - run["two_three"]


def gain(run: dict) -> float:
    """Three-hop exact match with a few three-hop facts − without (paired: same facts, same model seed)."""
    return run["mix_three"] - run["two_three"]


def _detail(runs) -> str:
    return ("per replica two-hop ID / three-hop (through b1) of the two-hop-only model; three-hop with "
            f"{three_hop.THREE_SHARE:.0%} three-hop facts: " + " | ".join(
                f"{r['two_id']:.2f}/{r['two_three']:.2f} ({r['two_b1']:.2f}); {r['mix_three']:.2f}"
                for r in runs.runs))


CLAIMS = (
    claimed_effect(
        YAO_THREE_HOP, gap, two_hop_learned, _detail,
        id="yao2025/three-hop/two-hop-only", stance="supports", paper=YAO2025,
        where="three-hop (the authors' question: do two-hop CoT facts alone give three-hop generalisation?)",
        source=_SOURCE,
        statement="A CoT model trained on atomic and two-hop facts only, which answers held-out two-hop queries, "
                  "does not answer held-out three-hop queries of the same ID facts: its two-hop minus three-hop exact "
                  "match exceeds half the calibrated gap (one-sided paired t-test, α = 0.05).",
        negative_control_text="no gap: the two-hop model answers three hops as well as two",
        method=f"{YAO_THREE_HOP.replicas} replicas; {three_hop.THREE_TEST} held-out three-hop queries each, greedy "
               "CoT decoding of b1, b2, t",
    ),
    claimed_effect(
        YAO_THREE_HOP, gain, two_hop_learned, _detail,
        id="yao2025/three-hop/small-share", stance="supports", paper=YAO2025,
        where="three-hop (a small share of three-hop training facts)",
        source=_SOURCE,
        statement=f"Adding three-hop CoT facts ({three_hop.THREE_SHARE:.0%} of the two-hop count) to the training "
                  "raises held-out three-hop exact match over two-hop-only training on the same facts: the mean "
                  "paired gain exceeds half the calibrated gain (one-sided t-test, α = 0.05).",
        negative_control_text="no effect: three-hop facts in training add nothing on held-out three-hop queries",
        method=f"{YAO_THREE_HOP.replicas} replicas × (two-hop only, with three-hop facts) trainings on the same facts "
               "from one model seed",
    ),
)
