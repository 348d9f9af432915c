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


# -- hostile input (issue: robust under faults and hostile input) ------------------------------------------------


@pytest.mark.parametrize(("init", "trans", "match"), [
    ([0.6, 0.5], [[0.5, 0.5], [0.5, 0.5]], "init must sum to 1"),  # gave a finite, wrong entropy
    ([0.5, 0.5], [[0.5, 0.5], [0.2, 0.9]], "trans must sum to 1"),
    ([0.5, 0.5], [[0.5, 0.5, 0.0], [0.5, 0.5, 0.0]], r"trans must have shape \(2, 2\)"),
    ([-0.5, 1.5], [[0.5, 0.5], [0.5, 0.5]], "probabilities"),
    ([np.nan, 0.5], [[0.5, 0.5], [0.5, 0.5]], "finite"),
    (np.full((2, 2, 2), 0.125), np.full((2, 2, 2, 2), 0.5), "order 1 or 2"),
])
def test_markov_chains_are_checked_on_construction(init, trans, match):
    with pytest.raises(ValueError, match=match):
        en.MarkovChain(np.array(init), np.array(trans))


def test_entropy_rate_of_a_reducible_chain_follows_its_start():
    """Two closed classes entered with chance ½ each, of rates log 2 and 0: the rate is ½ log 2 (an eigenvector for
    the eigenvalue 1 gave log 2); a transient start absorbed into a periodic-free class: the slope of H(X_1..X_L)."""
    both = en.MarkovChain(np.array([0.25, 0.25, 0.5]), np.array([[0.5, 0.5, 0], [0.5, 0.5, 0], [0, 0, 1.0]]))
    assert en.entropy_rate(both) == pytest.approx(0.5 * np.log(2), rel=1e-12)
    trans = np.array([[0, 0.5, 0.5, 0], [0, 0.5, 0, 0.5], [0, 0, 1, 0], [0, 1, 0, 0.0]])
    transient = en.MarkovChain(np.array([1.0, 0, 0, 0]), trans)
    assert en.entropy_rate(transient) == pytest.approx(0.5 * (2 / 3) * np.log(2), rel=1e-12)
    slope = (en.sequence_entropy(transient, 3000) - en.sequence_entropy(transient, 1000)) / 2000
    assert slope == pytest.approx(en.entropy_rate(transient), rel=1e-9)
    law = en.limit_law(transient)
    assert law.sum() == pytest.approx(1.0) and law[0] == 0.0


@pytest.mark.parametrize("seed", range(5))
def test_entropy_rate_of_an_irreducible_chain_is_the_stationary_one(seed):
    chain = en.random_chain(np.random.default_rng(seed), 4, order=1 + seed % 2)
    slope = (en.sequence_entropy(chain, 2000) - en.sequence_entropy(chain, 1000)) / 1000
    assert en.entropy_rate(chain) == pytest.approx(slope, rel=1e-9)


@pytest.mark.parametrize(("logp", "match"), [([np.nan], "finite"), ([0.1, -1.0], "log-probabilities"),
                                             ([], "empty"), ([[0.0]], "dimensions"), ([np.inf], "finite")])
def test_log_prob_entropies_name_bad_input(logp, match):
    """``entropy_of_log_probs([nan])`` returned −0.0."""
    with pytest.raises(ValueError, match=match):
        en.entropy_of_log_probs(np.array(logp, dtype=float))
    with pytest.raises(ValueError, match=match):
        en.kl_of_log_probs(np.array(logp, dtype=float), np.array(logp, dtype=float))
    half = np.log(0.5)
    assert en.entropy_of_log_probs(np.array([half, half, -np.inf])) == pytest.approx(np.log(2))  # −∞: impossible
    with pytest.raises(ValueError, match="same outcomes"):
        en.kl_of_log_probs(np.array([half, half]), np.array([0.0]))


def test_plugin_entropy_mean_window_drops_no_visible_mass():
    """The Bernstein window against the full sum at n = 3000 (where the window is narrower than 1..n)."""
    import mpmath

    p, n = np.array([0.01, 0.09, 0.9]), 3000
    full = mpmath.mpf(0)
    with mpmath.workdps(40):
        for pk in p.tolist():
            full -= mpmath.fsum(mpmath.binomial(n, j) * mpmath.mpf(pk) ** j * (1 - mpmath.mpf(pk)) ** (n - j)
                                * (mpmath.mpf(j) / n) * mpmath.log(mpmath.mpf(j) / n) for j in range(1, n + 1))
    assert en._binomial_window(n, 0.9)[0] > 1  # the window is a proper sub-range here
    assert en.plugin_entropy_mean(p, n) == pytest.approx(float(full), rel=1e-14)


def test_allocations_are_priced_before_they_are_made():
    with pytest.raises(ValueError, match="random_chain"):
        en.random_chain(np.random.default_rng(0), 10**5, 2)
    chain = en.random_chain(np.random.default_rng(0), 3)
    with pytest.raises(ValueError, match="sample_sequences"):
        en.sample_sequences(chain, 10**6, 10**5, np.random.default_rng(0))
