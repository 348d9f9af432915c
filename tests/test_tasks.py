import numpy as np
import pytest

from seqtheory.simulate.tasks import sample_prompts


def test_shapes_and_noiseless_labels():
    p = sample_prompts(np.random.default_rng(0), 7, 5, 3)
    assert p.X.shape == (7, 3, 5) and p.y.shape == (7, 5) and p.w_star.shape == (7, 3)
    assert (p.batch, p.n, p.d) == (7, 5, 3)
    np.testing.assert_allclose(p.y, np.einsum("bdn,bd->bn", p.X, p.w_star), rtol=1e-14)
    np.testing.assert_allclose(p.covariance()[0], p.X[0] @ p.X[0].T / 5, rtol=1e-14)


def test_same_seed_same_prompts_and_independent_seeds_differ():
    a = sample_prompts(np.random.default_rng(4), 3, 4, 2)
    b = sample_prompts(np.random.default_rng(4), 3, 4, 2)
    c = sample_prompts(np.random.default_rng(5), 3, 4, 2)
    np.testing.assert_array_equal(a.X, b.X)
    assert not np.array_equal(a.X, c.X)


def test_covariance_sigma_is_respected():
    sigma = np.array([[2.0, 0.5], [0.5, 1.0]])
    p = sample_prompts(np.random.default_rng(1), 4000, 50, 2, sigma=sigma)
    emp = p.covariance().mean(axis=0)
    # each entry of the averaged S has s.e. ≈ sqrt((Σ_ii Σ_jj + Σ_ij²)/(B n)) ≤ sqrt(4.25/2e5) ≈ 0.0046
    np.testing.assert_allclose(emp, sigma, atol=5 * 0.0046)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"batch": 0}, "batch"), ({"n": 0}, "n"), ({"d": 1.5}, "d"),
    ({"sigma": np.eye(3)}, "sigma"), ({"sigma": np.array([[1.0, 2.0], [2.0, 1.0]])}, "sigma"),
    ({"sigma": np.array([[1.0, 0.1], [0.0, 1.0]])}, "sigma"), ({"sigma": np.full((2, 2), np.nan)}, "sigma"),
])
def test_bad_input(kwargs, name):
    args = {"batch": 2, "n": 3, "d": 2, **kwargs}
    with pytest.raises(ValueError, match=name):
        sample_prompts(np.random.default_rng(0), **args)


def test_requires_a_generator():
    with pytest.raises(ValueError, match="rng"):
        sample_prompts(0, 2, 3, 2)
