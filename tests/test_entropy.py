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


@pytest.mark.parametrize("order", [1, 2])
def test_fit_chain_is_the_loop_count_mle_and_recovers_the_chain(order):
    rng = np.random.default_rng(10 + order)
    chain = en.random_chain(rng, 3, order, 1.0)
    seqs = en.sample_sequences(chain, 6, 50, rng)
    fit = en.fit_chain(seqs, 3, order)
    counts = {}  # the slow, obvious count
    for row in seqs.tolist():
        for t in range(order, len(row)):
            counts[tuple(row[t - order:t + 1])] = counts.get(tuple(row[t - order:t + 1]), 0) + 1
    for state in np.ndindex(*(3,) * order):
        total = sum(counts.get(state + (x,), 0) for x in range(3))
        want = [counts.get(state + (x,), 0) / total if total else 1 / 3 for x in range(3)]
        np.testing.assert_allclose(fit.trans[state], want, rtol=0, atol=1e-15)
        assert fit.init[state] == pytest.approx(np.mean([tuple(r[:order]) == state for r in seqs.tolist()]))
    big = en.fit_chain(en.sample_sequences(chain, 6, 100_000, rng), 3, order)
    assert abs(en.sequence_entropy(big, 6) - en.sequence_entropy(chain, 6)) < 0.02  # consistency


@pytest.mark.parametrize(("S", "V", "L"), [(1, 3, 4), (2, 2, 6), (3, 3, 4), (4, 2, 5)])
def test_hmm_forward_algorithm_equals_the_sum_over_hidden_paths(S, V, L):
    hmm = en.random_hmm(np.random.default_rng(S * 10 + L), S, V, 0.7)
    fwd, paths = en.hmm_log_probs(hmm, L), en.hmm_log_probs_paths(hmm, L)
    np.testing.assert_allclose(fwd, paths, rtol=1e-12, atol=0)
    assert abs(np.exp(fwd).sum() - 1) < 1e-12


def test_an_hmm_with_identity_emissions_is_its_hidden_chain():
    chain = en.random_chain(np.random.default_rng(4), 3, 1, 0.8)
    hmm = en.HiddenMarkov(chain.init, chain.trans, np.eye(3))
    np.testing.assert_allclose(en.hmm_log_probs(hmm, 5), en.enumerate_log_probs(chain, 5), rtol=1e-12)
    assert en.entropy_of_log_probs(en.hmm_log_probs(hmm, 5)) == pytest.approx(en.sequence_entropy(chain, 5),
                                                                             rel=1e-12)


def test_hmm_samples_follow_the_forward_law():
    hmm = en.random_hmm(np.random.default_rng(7), 3, 2, 1.0)
    L, size = 4, 100_000
    probs = np.exp(en.hmm_log_probs(hmm, L))
    freq = np.bincount(np.ravel_multi_index(en.hmm_sample(hmm, L, size, np.random.default_rng(8)).T, (2,) * L),
                       minlength=probs.size) / size
    assert np.max(np.abs(freq - probs) / np.sqrt(probs * (1 - probs) / size)) < 5.0  # 16 cells, 5σ each


def test_empirical_entropy_is_the_memorisers():
    seqs = np.array([[0, 1], [0, 1], [1, 1], [2, 0]])
    assert en.empirical_entropy(seqs) == pytest.approx(-(0.5 * np.log(0.5) + 2 * 0.25 * np.log(0.25)))
    assert en.empirical_entropy(np.arange(10)[:, None]) == pytest.approx(np.log(10))  # all distinct: log n


@pytest.mark.parametrize(("call", "name"), [
    (lambda: en.fit_chain(np.array([[0, 3]]), 3), "seqs: symbols"),
    (lambda: en.fit_chain(np.array([[0.5, 1.0]]), 3), "seqs"),
    (lambda: en.fit_chain(np.array([[0, 1]]), 3, 2), "seqs"),
    (lambda: en.empirical_entropy(np.zeros((0, 3), dtype=int)), "seqs"),
    (lambda: en.hmm_log_probs("hmm", 3), "hmm"),
    (lambda: en.hmm_log_probs(en.random_hmm(np.random.default_rng(0), 2, 9), 8), "V\\^L"),
    (lambda: en.random_hmm(np.random.default_rng(0), 0, 2), "S"),
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
