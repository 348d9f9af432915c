"""Ren & Liu 2025's B5 on the entropy replica (arXiv:2504.18929; the abstract: "training instability ... coincides
with sudden increases in dead neurons"): do the loss spikes of a training fall near sudden rises of its dead-neuron
fraction more often than chance?

Setting: the target, fixed sample, initialisation and probe batch of :mod:`seqtheory.simulate.entropy_replica`
(one replica seed each), trained on the fixed sample **without warm-up** at a constant Adam rate of 3e-2 for 2000
steps (:func:`seqtheory.simulate.nn.train.train_tokens`), at widths 16, 32 and 64 — the settings
``docs/renliu2025_entropy.md`` § 7 found to spike most on CPU.  Instruments (:mod:`seqtheory.simulate.nn.probes`):
a **spike** is a step whose loss exceeds the median of the previous 50 by more than 6 scaled MADs
(:func:`~seqtheory.simulate.nn.probes.loss_spikes`); the dead fraction (max over blocks of the share of FFN units
with no positive pre-activation on the probe batch) is recorded every :data:`RECORD` steps, and a **dead jump** is a
rise of more than :data:`JUMP` between two records, placed at the later record.

The chance level is exact, not sampled: under the null that spike times carry no information about the jumps — a
uniform circular shift of the spike train within the steps where spikes can occur — a spike lands within
±:data:`WINDOW` steps of a jump with probability equal to the share of those steps that lie that close to a jump.
So each training gives its *coincidences* (spikes near a jump) and their *expected* count under the null (the number
of spikes times that share); the excess is their difference.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import entropy_replica as er
from seqtheory.simulate import validate
from seqtheory.simulate.nn import probes, transformer
from seqtheory.simulate.nn import train as nn_train

WIDTHS = (16, 32, 64)
STEPS = 2000
LR = 3e-2
#: Dead fraction recorded every RECORD steps; a rise above JUMP between two records is a dead jump.
RECORD, JUMP = 5, 0.02
#: A spike within ±WINDOW steps of a dead jump coincides with it.
WINDOW = 10
#: loss_spikes' rolling window (no spike can be flagged before it).
SPIKE_WINDOW = 50
REPLAY = er.REPLAY


def near_jumps(dead: np.ndarray, steps: int) -> np.ndarray:
    """(steps,) bool: the steps within ±WINDOW of a dead jump, from the dead fractions recorded after steps
    RECORD, 2·RECORD, … (dead (steps // RECORD,))."""
    steps = validate.integer("steps", steps, 1)
    dead = _dead(dead, steps)
    jumps = (np.flatnonzero(np.diff(dead) > JUMP) + 2) * RECORD  # the later record's step (1-based) of each rise
    near = np.zeros(steps, dtype=bool)
    for t in jumps:  # a handful of jumps per run: a loop over events, not over data
        near[max(0, t - 1 - WINDOW): min(steps, t + WINDOW)] = True  # step t is index t − 1
    return near


def _dead(dead, steps: int) -> np.ndarray:
    """``dead`` as the dead fractions of a ``steps``-step training: (steps // RECORD,) shares in [0, 1]."""
    dead = validate.array("dead", dead, ndim=1, allow_empty=True)
    if len(dead) != steps // RECORD:
        raise ValueError(f"dead must hold one fraction per RECORD = {RECORD} steps of the {steps}-step training "
                         f"({steps // RECORD}), got {len(dead)}")
    if np.any((dead < 0) | (dead > 1)):
        raise ValueError("dead must hold fractions in [0, 1]")
    return dead


def coincidence(losses: np.ndarray, dead: np.ndarray) -> dict[str, float]:
    """Spikes, coincidences and their exact expected count under the circular-shift null of one training: the
    losses of every step (steps,) with steps > SPIKE_WINDOW (no spike can be flagged earlier, and the null needs a
    step where one can), and the dead fractions recorded every RECORD steps (steps // RECORD,)."""
    losses = validate.array("losses", losses, ndim=1)
    steps = len(losses)
    if steps <= SPIKE_WINDOW:
        raise ValueError(f"losses must cover more than SPIKE_WINDOW = {SPIKE_WINDOW} steps, got {steps}")
    dead = _dead(dead, steps)
    spikes = probes.loss_spikes(losses, window=SPIKE_WINDOW)  # (k,) step indices ≥ SPIKE_WINDOW
    near = near_jumps(dead, steps)
    share = float(near[SPIKE_WINDOW:].mean())  # chance that a uniformly shifted spike lands near a jump
    return {"spikes": float(len(spikes)), "coincide": float(near[spikes].sum()), "expected": len(spikes) * share,
            "near_share": share, "jumps": float(np.sum(np.diff(dead) > JUMP))}


def _training(seed_seq: np.random.SeedSequence, width: int, steps: int, stop: int | None = None):
    """One width's training and its dead fractions.  ``er.setting`` spawns from the sequence it is given (stateful),
    so it gets a fresh copy: every width, and the replay, see the same target, sample and initialisation."""
    fresh = np.random.SeedSequence(seed_seq.entropy, spawn_key=seed_seq.spawn_key, pool_size=seed_seq.pool_size)
    target, _, fixed, init_ss = er.setting(fresh)
    probe = er.probe_batch(seed_seq, target)  # (PROBE, L)
    config = er.model_config(width)
    dead: list[float] = []

    def record(step, params):
        _, cache = transformer.forward(params, config, probe)
        dead.append(max(d for _, d in probes.ffn_activity(cache)))

    _, losses = nn_train.train_tokens(config, er.draws(target, fixed)["fixed"], steps, np.random.default_rng(init_ss),
                                      lr=LR, record_every=RECORD, record=record, stop=stop)
    return losses, np.array(dead)


def replica(seed_seq: np.random.SeedSequence, steps: int = STEPS) -> dict[str, float]:
    """One replica seed at every width: per width ``d<w>_spikes``, ``d<w>_coincide``, ``d<w>_expected``,
    ``d<w>_near_share``, ``d<w>_jumps``, ``d<w>_replay``; and their totals ``spikes``, ``coincide``,
    ``expected``."""
    out: dict[str, float] = {"spikes": 0.0, "coincide": 0.0, "expected": 0.0}
    for width in WIDTHS:
        losses, dead = _training(seed_seq, width, steps)
        c = coincidence(losses, dead)
        out.update({f"d{width}_{k}": v for k, v in c.items()})
        out[f"d{width}_replay"] = float(np.sum(losses[:REPLAY], dtype=np.float64))
        for k in ("spikes", "coincide", "expected"):
            out[k] += c[k]
    return out


def replay(seed_seq: np.random.SeedSequence, steps: int = STEPS) -> dict[str, float]:
    """The fingerprints of :func:`replica` from the first :data:`REPLAY` steps of each training."""
    return {f"d{w}_replay": float(np.sum(_training(seed_seq, w, steps, stop=REPLAY)[0], dtype=np.float64))
            for w in WIDTHS}
