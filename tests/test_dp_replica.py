"""The LIS replica of Ren, Li, Liu's CoT experiment: the vectorised DP table against the loop reference, the two
formats and their loss weights, greedy decoding, the replica's replay and clear errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from seqtheory.simulate import dp, dp_replica


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.int64, st.tuples(st.integers(1, 6), st.integers(1, 12)), elements=st.integers(-5, 9)))
def test_vectorised_table_equals_the_loop_reference(a):
    np.testing.assert_array_equal(dp_replica.lis_table(a), [dp.lis_direct(row) for row in a])


def test_table_of_extreme_rows():
    a = np.array([[0, 1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1, 0], [3] * 8])
    assert dp_replica.lis_table(a).tolist() == [list(range(1, 9)), [1] * 8, [1] * 8]


def test_formats_and_weights():
    a = dp_replica.problems(np.random.default_rng(0), 5)  # (5, T)
    T = dp_replica.LENGTH
    cot, direct = dp_replica.sequences(a, True), dp_replica.sequences(a, False)
    assert cot.shape == (5, 2 * T + 2) and direct.shape == (5, T + 2)
    assert np.all(cot[:, T] == dp_replica.SEP) and np.all(direct[:, T] == dp_replica.SEP)
    np.testing.assert_array_equal(cot[:, -1], direct[:, -1])  # the same answer
    np.testing.assert_array_equal(cot[:, -1], cot[:, T + 1:-1].max(axis=1))  # the answer is the table's maximum
    assert cot.max() < dp_replica.VOCAB
    for seq, cot_flag in ((cot, True), (direct, False)):
        inputs, targets, weights = dp_replica.batch_arrays(a, cot_flag)
        np.testing.assert_array_equal(targets, seq[:, 1:])
        assert np.all(weights.sum(axis=1) == (T + 1 if cot_flag else 1))  # the table and the answer, or the answer
        assert np.all(weights[:, :T] == 0) and np.all(weights[:, T:] == 1)  # scored: every token after SEP
        np.testing.assert_array_equal(inputs[:, T], np.full(5, dp_replica.SEP))


def test_greedy_decoding_of_an_oracle(monkeypatch):
    """A model that always emits the right next token answers every problem, and its decoded table is right."""
    a = dp_replica.problems(np.random.default_rng(1), 20)
    truth = dp_replica.sequences(a, True)

    def forward(params, cfg, tokens):
        logits = np.zeros(tokens.shape + (dp_replica.VOCAB,))
        logits[np.arange(len(tokens)), -1, truth[:, tokens.shape[1]]] = 1.0
        return logits, None

    name = "transformer"
    init, _, backward, cfg = dp_replica.MODELS[name]
    monkeypatch.setitem(dp_replica.MODELS, name, (init, forward, backward, cfg))
    assert dp_replica.scores(name, None, a, True) == {"acc": 1.0, "table": 1.0}


def test_replay_reproduces_the_replicas_first_steps():
    def seed():
        return np.random.SeedSequence(7).spawn(3)[2]

    full = dp_replica.replica(seed(), steps=dp_replica.REPLAY + 3)
    again = dp_replica.replay(seed(), steps=dp_replica.REPLAY + 3)
    assert again == {k: full[k] for k in again} and len(again) == 4
    for key in ("mamba_cot_acc", "mamba_direct_acc", "transformer_cot_acc", "transformer_cot_table", "majority"):
        assert 0.0 <= full[key] <= 1.0
    assert abs(full["mamba_params"] - full["transformer_params"]) / full["mamba_params"] < 0.05


@pytest.mark.parametrize(("a", "match"), [(np.zeros(3, dtype=int), "2-d"), (np.zeros((2, 3)), "integer")])
def test_table_refuses_other_arrays(a, match):
    with pytest.raises(ValueError, match=match):
        dp_replica.lis_table(a)


def test_problems_validate_their_arguments():
    with pytest.raises((TypeError, ValueError), match="batch"):
        dp_replica.problems(np.random.default_rng(0), 0)
    with pytest.raises((TypeError, ValueError), match="rng"):
        dp_replica.problems(0, 3)
