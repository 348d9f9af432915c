"""What the Mamba-versus-Transformer replicas share (:mod:`seqtheory.simulate.nn.paired`), and the replicas' public
helpers refusing what they cannot use (:mod:`seqtheory.simulate.copy_replica`, :mod:`seqtheory.simulate.dp_replica`)."""

import numpy as np
import pytest

from seqtheory.simulate import copy_replica, dp_replica
from seqtheory.simulate.nn import paired


def test_child_streams_do_not_depend_on_what_was_spawned_before():
    a, b = np.random.SeedSequence(7), np.random.SeedSequence(7)
    b.spawn(5)  # advances b's spawn counter; children by spawn key ignore it
    for i in range(3):
        assert paired.child_stream(a, i).random() == paired.child_stream(b, i).random()
    assert paired.child_stream(a, 0).random() != paired.child_stream(a, 1).random()
    # the children are SeedSequence's own: child i is what spawn() would give as its i-th child
    assert paired.child_stream(a, 2).random() == np.random.default_rng(np.random.SeedSequence(7).spawn(3)[2]).random()


def test_a_stopped_training_is_the_first_steps_of_the_full_one():
    chosen = paired.model(dp_replica.MODELS, "transformer")

    def batch(r):
        return dp_replica.batch_arrays(dp_replica.problems(r, 4), True)

    _, full = paired.train(chosen, batch, np.random.default_rng(3), steps=6, lr=3e-3)
    _, first = paired.train(chosen, batch, np.random.default_rng(3), steps=6, lr=3e-3, stop=4)
    assert len(full) == 6 and len(first) == 4
    np.testing.assert_array_equal(first, full[:4])  # same schedule, same streams: the same bits
    assert paired.fingerprint(full, 4) == paired.fingerprint(first, 4) == float(np.sum(full[:4]))


@pytest.mark.parametrize(("kwargs", "match"), [({"steps": 0}, "steps"), ({"steps": 5, "stop": 6}, "stop"),
                                                ({"steps": 5, "stop": 0}, "stop"), ({"steps": True}, "steps")])
def test_train_names_bad_step_counts(kwargs, match):
    chosen = paired.model(copy_replica.MODELS, "mamba")
    with pytest.raises((TypeError, ValueError), match=match):
        paired.train(chosen, lambda r: None, np.random.default_rng(0), lr=1e-3, **kwargs)


@pytest.mark.parametrize("name", ["Mamba", "rnn", "", 0, None])
def test_an_unknown_model_is_named(name):
    a = dp_replica.problems(np.random.default_rng(0), 2)
    for call in (lambda: dp_replica.train(name, True, np.random.default_rng(0), steps=2),
                 lambda: dp_replica.greedy(name, {}, a, True),
                 lambda: dp_replica.scores(name, {}, a, False),
                 lambda: copy_replica.accuracy(name, {}, np.random.default_rng(0))):
        with pytest.raises(ValueError, match=r"name must be one of \['mamba', 'transformer'\]"):
            call()


@pytest.mark.parametrize(("a", "error", "match"), [
    (np.zeros((2, dp_replica.LENGTH - 1), dtype=int), ValueError, "problems of T = 8"),
    (np.full((2, dp_replica.LENGTH), dp_replica.VALUES), ValueError, r"symbols must lie in \[0, 8\)"),
    (np.full((2, dp_replica.LENGTH), -1), ValueError, r"symbols must lie in \[0, 8\)"),
    (np.zeros((0, dp_replica.LENGTH), dtype=int), ValueError, "a must not be empty"),
    (np.zeros((2, dp_replica.LENGTH)), TypeError, "a must hold integers"),
])
def test_lis_problems_are_checked_before_use(a, error, match):
    with pytest.raises(error, match=match):
        dp_replica.sequences(a, True)
    with pytest.raises(error, match=match):
        dp_replica.greedy("mamba", {}, a, True)


@pytest.mark.parametrize("cot", ["False", 1, None])
def test_the_format_flag_is_a_bool(cot):
    a = dp_replica.problems(np.random.default_rng(0), 2)
    with pytest.raises(TypeError, match="cot must be True or False"):
        dp_replica.sequences(a, cot)
    with pytest.raises(TypeError, match="cot must be True or False"):
        dp_replica.train("mamba", cot, np.random.default_rng(0), steps=2)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: paired.child_stream(np.random.SeedSequence(0), -1), "i must"),
    (lambda: paired.child_stream(np.random.SeedSequence(0), 1.5), "i must"),
    (lambda: paired.child_stream(5, 0), "seed_seq must be a numpy SeedSequence"),
    (lambda: paired.fingerprint("x", 3), "losses"),
    (lambda: paired.fingerprint(np.ones(3), -1), "first"),
    (lambda: paired.fingerprint(np.ones(3), 4), "first"),
    (lambda: paired.train(paired.model(dp_replica.MODELS, "mamba"), None, np.random.default_rng(0), 5, lr=0.0),
     "lr"),
    (lambda: paired.train(paired.model(dp_replica.MODELS, "mamba"), None, 0, 5, lr=1e-3), "rng"),
])
def test_paired_helpers_name_bad_arguments(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()
