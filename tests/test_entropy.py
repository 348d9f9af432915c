"""The entropy engine: the sampler against the enumerated law, the entropy rate as the per-symbol limit, the two
plug-in implementations at their edges, and clear errors."""

import numpy as np
import pytest

from seqtheory.simulate import entropy as en


@pytest.mark.parametrize("order", [1, 2])
def test_sampled_sequence_frequencies_match_the_enumerated_law(order):
    rng = np.random.default_rng(order)
    chain = en.random_chain(rng, 3, order, 0.8)
    L, size = 4, 200_000
    probs = np.exp(en.enumerate_log_probs(chain, L))  # (3^4,)
    draws = en.sample_sequences(chain, L, size, rng)
    index = np.ravel_multi_index(draws.T, (3,) * L)
    freq = np.bincount(index, minlength=probs.size) / size
    z = (freq - probs) / np.sqrt(np.maximum(probs * (1 - probs), 1e-12) / size)
    assert np.max(np.abs(z)) < 5.0  # 81 cells, each a 5σ test


@pytest.mark.parametrize("order", [1, 2])
def test_entropy_rate_is_the_per_symbol_limit(order):
    chain = en.random_chain(np.random.default_rng(3), 3, order, 1.0)
    rate = en.entropy_rate(chain)
    increments = [en.sequence_entropy(chain, L + 1) - en.sequence_entropy(chain, L) for L in (400, 401)]
    assert all(abs(inc - rate) < 1e-9 for inc in increments)  # a mixing chain forgets its start


def test_plugin_implementations_agree_at_the_edges():
    for p, n in ((np.array([1.0]), 7), (np.array([1.0, 0.0]), 5), (np.array([0.5, 0.5]), 1)):
        assert abs(en.plugin_entropy_mean(p, n) - en.plugin_entropy_mean_enumerated(p, n)) < 1e-14
    assert en.plugin_entropy_mean(np.array([1.0]), 9) == 0.0  # point mass: Jensen's equality
    assert abs(en.plugin_entropy_mean(np.array([0.5, 0.5]), 1)) < 1e-15  # one draw: always a point mass


@pytest.mark.parametrize(("call", "name"), [
    (lambda: en.random_chain(np.random.default_rng(0), 3, 3), "order"),
    (lambda: en.random_chain(np.random.default_rng(0), True), "V"),
    (lambda: en.sequence_entropy("chain", 3), "chain"),
    (lambda: en.sequence_entropy(en.random_chain(np.random.default_rng(0), 2, 2), 1), "L"),
    (lambda: en.enumerate_log_probs(en.random_chain(np.random.default_rng(0), 9, 1), 8), "V\\^L"),
    (lambda: en.plugin_entropy_mean(np.array([0.5, 0.6]), 3), "probability"),
    (lambda: en.plugin_entropy_mean_enumerated(np.ones(8) / 8, 60), "outcomes"),
    (lambda: en.kl_chains(en.random_chain(np.random.default_rng(0), 2, 1), en.random_chain(
        np.random.default_rng(0), 3, 1), 3), "same vocabulary"),
])
def test_bad_input_is_a_clear_error(call, name):
    with pytest.raises(ValueError, match=name):
        call()
