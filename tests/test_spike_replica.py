"""B5's instruments (:mod:`seqtheory.simulate.spike_replica`): the dead-jump neighbourhoods, and the null's expected
coincidences equal to the mean over every circular shift of the spike train (brute force), at random runs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seqtheory.simulate import spike_replica as sr
from seqtheory.simulate.nn import probes


def test_near_jumps_marks_the_window_around_each_later_record():
    dead = np.array([0.0, 0.0, 0.1, 0.1, 0.1, 0.11])  # records after steps 5, 10, …, 30: one jump at step 15
    near = sr.near_jumps(dead, 30)
    assert np.flatnonzero(near).tolist() == list(range(15 - 1 - sr.WINDOW, 15 + sr.WINDOW))  # step 15 is index 14
    assert not sr.near_jumps(np.zeros(6), 30).any()


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_spikes=st.integers(0, 6), n_jumps=st.integers(0, 5))
def test_expected_coincidences_are_the_mean_over_all_circular_shifts(seed, n_spikes, n_jumps):
    rng = np.random.default_rng(seed)
    steps = 300
    losses = 1.0 + 0.01 * rng.standard_normal(steps)
    losses[rng.choice(np.arange(sr.SPIKE_WINDOW + 5, steps), n_spikes, replace=False)] += 2.0
    dead = np.zeros(steps // sr.RECORD)
    dead[rng.choice(np.arange(1, len(dead)), n_jumps, replace=False)] = 0.05  # a rise needs a record before it
    dead = np.cumsum(dead)
    c = sr.coincidence(losses, dead)
    spikes = probes.loss_spikes(losses, window=sr.SPIKE_WINDOW)
    near = sr.near_jumps(dead, steps)
    span = steps - sr.SPIKE_WINDOW
    shifted = [near[sr.SPIKE_WINDOW + (spikes - sr.SPIKE_WINDOW + k) % span].sum() for k in range(span)]
    assert c["spikes"] == len(spikes) and c["coincide"] == near[spikes].sum()
    assert np.isclose(np.mean(shifted), c["expected"], rtol=1e-12, atol=1e-12)
    assert c["jumps"] == n_jumps


def test_replica_and_replay_agree_on_the_first_steps():
    ss = np.random.SeedSequence(5).spawn(3)[1]
    full = sr.replica(ss, steps=60)
    again = sr.replay(ss, steps=60)
    assert again and all(full[k] == v for k, v in again.items())
    assert full["spikes"] == sum(full[f"d{w}_spikes"] for w in sr.WIDTHS)


@pytest.mark.parametrize("bad", [np.zeros((2, 2)), "x"])
def test_coincidence_refuses_bad_losses(bad):
    with pytest.raises((ValueError, TypeError)):
        sr.coincidence(bad, np.zeros(3))


@pytest.mark.parametrize(("losses", "dead", "match"), [
    (np.ones(100), np.zeros(19), "one fraction per RECORD"),  # 100 steps record 20 fractions
    (np.ones(100), np.zeros((20, 1)), "dead must have 1 dimensions"),
    (np.ones(100), np.full(20, 1.5), r"fractions in \[0, 1\]"),
    (np.ones(100), np.full(20, np.nan), "dead must contain only finite"),
    (np.ones(sr.SPIKE_WINDOW), np.zeros(sr.SPIKE_WINDOW // sr.RECORD), "more than SPIKE_WINDOW"),
    (np.r_[np.ones(99), np.inf], np.zeros(20), "losses must contain only finite"),
])
def test_coincidence_names_what_is_wrong(losses, dead, match):
    with pytest.raises(ValueError, match=match):
        sr.coincidence(losses, dead)


def test_near_jumps_validates_its_arguments():
    with pytest.raises(ValueError, match="steps"):
        sr.near_jumps(np.zeros(6), 0)
    with pytest.raises(ValueError, match="one fraction per RECORD"):
        sr.near_jumps(np.zeros(5), 30)
