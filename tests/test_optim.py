import numpy as np
import pytest

from seqtheory.simulate.optim import Adam, cosine_lr
from seqtheory.simulate.training import train_lsa


def test_adam_minimises_a_quadratic():
    target = np.array([1.0, -2.0, 3.0])
    params = {"x": np.zeros(3)}
    opt = Adam()
    for _ in range(2000):
        params = opt.step(params, {"x": 2 * (params["x"] - target)}, lr=0.05)
    np.testing.assert_allclose(params["x"], target, atol=1e-3)


def test_cosine_schedule_endpoints():
    assert cosine_lr(0, 100, 1.0, warmup=10) == pytest.approx(0.1)
    assert cosine_lr(10, 100, 1.0, warmup=10) == pytest.approx(1.0)
    assert cosine_lr(100, 100, 1.0, warmup=10) == pytest.approx(0.0, abs=1e-12)


def test_training_is_deterministic_given_the_seed_and_lowers_the_loss():
    a = train_lsa(np.random.default_rng(0), 10, 2, steps=200, batch=64)
    b = train_lsa(np.random.default_rng(0), 10, 2, steps=200, batch=64)
    np.testing.assert_array_equal(a.V, b.V)
    assert a.losses[-20:].mean() < 0.5 * a.losses[:20].mean()


@pytest.mark.parametrize(("kwargs", "name"), [({"steps": 0}, "steps"), ({"lr": -1.0}, "lr"),
                                              ({"batch": 0}, "batch"), ({"V0": np.eye(3)}, "V0")])
def test_training_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        train_lsa(np.random.default_rng(0), 10, 2, **kwargs)
