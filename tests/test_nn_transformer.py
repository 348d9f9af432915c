"""The numpy transformer: layer-by-layer gradient checks, KV-cached generation, and it learns its tasks."""

import numpy as np
import pytest

from seqtheory.simulate.gradcheck import check_parameter_gradients
from seqtheory.simulate.nn import layers, train
from seqtheory.simulate.nn import transformer as tf
from seqtheory.simulate.nn.tasks import regression_batch


def _perturbed(cfg, seed=0):
    rng = np.random.default_rng(seed)
    p = tf.init_params(cfg, rng)
    return {key: val + 0.3 * rng.standard_normal(val.shape) for key, val in p.items()}, rng


@pytest.mark.parametrize(("kernel", "arg"), [("softmax", 0), ("sparsemax", 0), ("topk", 3), ("window", 2),
                                             ("entmax15", 0)])
def test_full_backward_matches_central_differences_for_every_parameter(kernel, arg):
    cfg = tf.Config(vocab=7, d_model=8, n_heads=2, n_layers=2, d_ff=12, max_len=10, kernel=kernel, kernel_arg=arg)
    p, rng = _perturbed(cfg)
    toks, tgt = rng.integers(0, 7, (2, 6)), rng.integers(0, 7, (2, 6))
    wts = np.ones((2, 6))

    def loss(pp):
        return layers.cross_entropy(tf.forward(pp, cfg, toks)[0], tgt, wts)[0]

    out, cache = tf.forward(p, cfg, toks)
    grads = tf.backward(p, cfg, layers.cross_entropy(out, tgt, wts)[1], cache)
    check_parameter_gradients(loss, p, grads, rng, per_param=3)


def test_layer_backward_layernorm_and_gelu():
    rng = np.random.default_rng(1)
    x, g, b = rng.standard_normal((3, 5)), rng.standard_normal(5), rng.standard_normal(5)
    dy = rng.standard_normal((3, 5))
    _, cache = layers.layernorm_forward(x, g, b)
    dx, dg, db = layers.layernorm_backward(dy, cache)
    np.testing.assert_allclose(dg, np.sum(dy * cache[0], axis=0))
    np.testing.assert_allclose(db, dy.sum(axis=0))
    h = 1e-6
    for pos in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[pos] += h
        xm[pos] -= h
        num = np.sum(dy * (layers.layernorm_forward(xp, g, b)[0] - layers.layernorm_forward(xm, g, b)[0])) / (2 * h)
        assert abs(num - dx[pos]) < 1e-7
    u = rng.standard_normal(7)
    _, gc = layers.gelu_forward(u)
    num = (layers.gelu_forward(u + h)[0] - layers.gelu_forward(u - h)[0]) / (2 * h)
    np.testing.assert_allclose(layers.gelu_backward(np.ones(7), gc), num, atol=1e-8)


def test_float32_training_mode_stays_float32_and_matches_float64():
    """init_params(dtype=float32): forward, loss gradient, backward and an Adam step stay float32 (no silent
    upcast by a float64 constant) and agree with the float64 model to float32 rounding; T = 130 sends attention
    through the tiled engine."""
    from seqtheory.simulate.optim import Adam

    cfg = tf.Config(vocab=9, d_model=16, n_heads=2, n_layers=2, d_ff=24, max_len=130)
    p64 = tf.init_params(cfg, np.random.default_rng(4))
    p32 = tf.init_params(cfg, np.random.default_rng(4), dtype=np.float32)
    toks = np.random.default_rng(5).integers(0, 9, (2, 130))
    grads = {}
    for name, p in (("64", p64), ("32", p32)):
        out, cache = tf.forward(p, cfg, toks[:, :-1])
        _, dout = layers.cross_entropy(out, toks[:, 1:], np.ones((2, 129), dtype=out.dtype))
        grads[name] = tf.backward(p, cfg, dout, cache)
    new = Adam().step(p32, grads["32"], 1e-3)
    for key in p32:
        assert p32[key].dtype == grads["32"][key].dtype == new[key].dtype == np.float32, key
        scale = np.max(np.abs(grads["64"][key])) + 1e-12
        assert np.max(np.abs(grads["32"][key] - grads["64"][key])) <= 1e-3 * scale, key
    with pytest.raises(ValueError, match="dtype"):
        tf.init_params(cfg, np.random.default_rng(0), dtype=np.float16)


@pytest.mark.parametrize(("kernel", "arg"), [("softmax", 0), ("sparsemax", 0), ("topk", 2), ("window", 3),
                                             ("entmax15", 0)])
def test_kv_cached_generation_equals_recomputation(kernel, arg):
    cfg = tf.Config(vocab=11, d_model=16, n_heads=2, n_layers=2, d_ff=24, max_len=20, kernel=kernel, kernel_arg=arg)
    p, rng = _perturbed(cfg, 2)
    prompt = rng.integers(0, 11, (3, 5))
    np.testing.assert_array_equal(tf.generate(p, cfg, prompt, 8), tf.generate_reference(p, cfg, prompt, 8))


def test_deterministic_given_the_seed():
    cfg = tf.Config(vocab=5, d_model=8, n_heads=2, n_layers=1, d_ff=8, max_len=12)
    a, la = train.train_copy(cfg, np.random.default_rng(3), 4, 5, batch=8)
    b, lb = train.train_copy(cfg, np.random.default_rng(3), 4, 5, batch=8)
    np.testing.assert_array_equal(la, lb)
    np.testing.assert_array_equal(a["l0.wq"], b["l0.wq"])


def test_two_layer_model_learns_copy_to_99_percent():
    cfg = tf.Config(vocab=9, d_model=64, n_heads=4, n_layers=2, d_ff=128, max_len=32)
    params, losses = train.train_copy(cfg, np.random.default_rng(0), length=8, steps=300, batch=32)
    accuracy = train.copy_accuracy(params, cfg, np.random.default_rng(1), 8)
    assert accuracy >= 0.99, accuracy
    assert losses[-20:].mean() < 0.05


def test_learns_in_context_linear_regression_below_the_trivial_baseline():
    d, n = 3, 12
    cfg = tf.Config(d_model=32, n_heads=2, n_layers=2, d_ff=64, max_len=16, input_dim=d + 1, output_dim=1)
    params, _ = train.train_regression(cfg, np.random.default_rng(0), n, d, steps=600, batch=64, lr=2e-3)
    b = regression_batch(np.random.default_rng(9), 4000, n, d)
    pred = tf.forward(params, cfg, b.inputs)[0][:, -1, 0]
    mse = np.mean((pred - b.targets) ** 2)
    se = np.std((pred - b.targets) ** 2, ddof=1) / np.sqrt(b.targets.size)
    baseline = float(d)  # E y_q² = E‖w‖² = d for predicting 0
    assert mse + 5 * se < 0.5 * baseline, (mse, se)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"d_model": 10, "n_heads": 3}, "divisible"), ({"kernel": "flash"}, "kernel"),
    ({"kernel": "topk", "kernel_arg": 0}, "kernel_arg"), ({"n_layers": 0}, "n_layers"),
])
def test_config_errors(kwargs, name):
    with pytest.raises(ValueError, match=name):
        tf.Config(**kwargs)


def test_forward_input_errors():
    cfg = tf.Config(vocab=5, d_model=8, n_heads=2, n_layers=1, d_ff=8, max_len=6)
    p = tf.init_params(cfg, np.random.default_rng(0))
    with pytest.raises(ValueError, match="max_len"):
        tf.forward(p, cfg, np.zeros((1, 7), int))
    with pytest.raises(ValueError, match="tokens"):
        tf.forward(p, cfg, np.full((1, 3), 5))
    with pytest.raises(ValueError, match="integer"):
        tf.forward(p, cfg, np.zeros((1, 3)))


@pytest.mark.parametrize(("kwargs", "error"), [({"output_dim": 0}, ValueError), ({"output_dim": 2.5}, TypeError),
                                               ({"output_dim": "3"}, TypeError), ({"input_dim": True}, TypeError),
                                               ({"input_dim": -1}, ValueError)])
def test_config_widths_are_positive_integers_or_none(kwargs, error):
    """``Config(output_dim=0 | 2.5 | "3")`` was accepted."""
    from seqtheory.simulate.nn import transformer

    with pytest.raises(error, match=next(iter(kwargs))):
        transformer.Config(vocab=5, d_model=8, n_heads=2, n_layers=1, d_ff=8, max_len=4, **kwargs)


@pytest.mark.parametrize("extra", [{}, {"input_dim": 3, "output_dim": 2}, {"ffn": False}])
def test_parameter_count_is_what_init_params_allocates_and_is_priced(extra):
    from seqtheory.simulate.nn import transformer

    config = transformer.Config(vocab=5, d_model=8, n_heads=2, n_layers=2, d_ff=12, max_len=4, **extra)
    params = transformer.init_params(config, np.random.default_rng(0))
    assert sum(v.size for v in params.values()) == config.parameter_count()
    huge = transformer.Config(vocab=10**6, d_model=4096, n_heads=2, n_layers=1, d_ff=8, max_len=4)
    with pytest.raises(ValueError, match="init_params"):
        transformer.init_params(huge, np.random.default_rng(0))
    with pytest.raises(TypeError, match="config"):
        transformer.init_params({"d_model": 8}, np.random.default_rng(0))
