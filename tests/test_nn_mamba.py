"""The numpy Mamba block: shapes, hand-written backward by central differences, and that training moves."""

import numpy as np
import pytest

from seqtheory.simulate.gradcheck import check_parameter_gradients
from seqtheory.simulate.nn import layers, ssm
from seqtheory.simulate.nn import mamba_train as mt


def _perturbed(cfg, seed=0):
    rng = np.random.default_rng(seed)
    p = mt.init_params(cfg, rng)
    return {k: v + 0.1 * rng.standard_normal(v.shape) for k, v in p.items()}, rng


def test_linear_recurrence_matches_a_loop():
    rng = np.random.default_rng(0)
    log_a = -np.abs(rng.standard_normal((30, 3, 2)))
    x = rng.standard_normal((30, 3, 2))
    h = np.zeros((3, 2))
    ref = []
    for t in range(30):
        h = np.exp(log_a[t]) * h + x[t]
        ref.append(h)
    np.testing.assert_allclose(ssm.linear_recurrence(log_a, x), np.stack(ref), rtol=1e-12, atol=1e-12)


def test_batched_linear_recurrence_is_the_recurrence_of_each_sequence():
    rng = np.random.default_rng(1)
    log_a = -np.abs(rng.standard_normal((3, 2, 40, 4, 2))) * rng.uniform(0.01, 30, (3, 2, 1, 1, 1))  # mixed rates
    x = rng.standard_normal((3, 2, 40, 4, 2))
    batched = ssm.linear_recurrence(log_a, x)  # (3, 2, 40, 4, 2)
    for i in range(3):
        for j in range(2):
            np.testing.assert_allclose(batched[i, j], ssm.linear_recurrence(log_a[i, j], x[i, j]), rtol=1e-11,
                                       atol=1e-12)


def _reference_forward(p, cfg, tokens):
    """The model one sequence at a time through the obviously-correct block, ssm.mamba_block (the scan kernel)."""
    out = []
    for seq in tokens:
        x = p["emb"][seq]
        for layer in range(cfg.n_layers):
            pre = f"m{layer}."
            block = {k[len(pre):]: v for k, v in p.items() if k.startswith(pre) and not k.startswith(pre + "ln")}
            h, _ = layers.layernorm_forward(x, p[pre + "ln.g"], p[pre + "ln.b"])
            x = x + ssm.mamba_block(block, h)
        hf, _ = layers.layernorm_forward(x, p["lnf.g"], p["lnf.b"])
        out.append(hf @ p["emb"].T)
    return np.stack(out)


@pytest.mark.parametrize("batch", [1, 3, 16])
def test_batched_model_matches_the_per_sequence_reference(batch):
    cfg = mt.MambaConfig(vocab=7, d_model=8, E=6, N=3, R=2, K=3, n_layers=2)
    p, rng = _perturbed(cfg, seed=batch)
    tokens = rng.integers(0, 7, (batch, 11))
    logits, _ = mt.forward(p, cfg, tokens)
    assert logits.shape == (batch, 11, 7)
    np.testing.assert_allclose(logits, _reference_forward(p, cfg, tokens), rtol=1e-10, atol=1e-12)


def test_block_forward_matches_the_model_path():
    cfg = mt.MambaConfig(vocab=5, d_model=6, E=4, N=3, R=2, K=3, n_layers=1)
    p, rng = _perturbed(cfg)
    x = rng.standard_normal((7, 6))
    block = {k[3:]: v for k, v in p.items() if k.startswith("m0.") and not k.startswith("m0.ln")}
    out, _ = mt._block_forward(p, "m0.", x, cfg)
    np.testing.assert_allclose(out, ssm.mamba_block(block, x), rtol=1e-10, atol=1e-12)


def test_full_backward_matches_central_differences():
    cfg = mt.MambaConfig(vocab=5, d_model=6, E=4, N=3, R=2, K=3, n_layers=2)
    p, rng = _perturbed(cfg)
    toks, tgt, w = rng.integers(0, 5, (2, 7)), rng.integers(0, 5, (2, 7)), np.ones((2, 7))

    def loss(pp):
        return layers.cross_entropy(mt.forward(pp, cfg, toks)[0], tgt, w)[0]

    out, cache = mt.forward(p, cfg, toks)
    grads = mt.backward(p, cfg, layers.cross_entropy(out, tgt, w)[1], cache)
    check_parameter_gradients(loss, p, grads, rng)


@pytest.mark.slow
def test_training_brings_copy_loss_below_chance():
    cfg = mt.MambaConfig(vocab=5, d_model=16, E=32, N=4, R=2, K=4, n_layers=2)
    _, losses = mt.train_copy(cfg, np.random.default_rng(0), length=4, steps=80, batch=16)
    assert losses[-10:].mean() < np.log(4)  # chance for a 4-symbol alphabet


@pytest.mark.parametrize(("tokens", "error", "match"), [
    (np.zeros((0, 5), dtype=int), ValueError, "tokens must not be empty"),  # an empty batch: no group to run
    (np.zeros((2, 0), dtype=int), ValueError, "tokens must not be empty"),
    (np.zeros(5, dtype=int), ValueError, "tokens must have 2 dimensions"),
    (np.full((2, 5), 7), ValueError, r"symbols must lie in \[0, 7\)"),
    (np.zeros((2, 5)), TypeError, "tokens must hold integers"),
    (np.zeros((2, 5), dtype=bool), TypeError, "tokens must hold integers"),
])
def test_forward_names_bad_tokens(tokens, error, match):
    cfg = mt.MambaConfig(vocab=7, d_model=8, E=6, N=3, R=2, K=3, n_layers=1)
    p = mt.init_params(cfg, np.random.default_rng(0))
    with pytest.raises(error, match=match):
        mt.forward(p, cfg, tokens)


def test_backward_refuses_a_gradient_of_another_shape():
    cfg = mt.MambaConfig(vocab=7, d_model=8, E=6, N=3, R=2, K=3, n_layers=1)
    p = mt.init_params(cfg, np.random.default_rng(0))
    _, cache = mt.forward(p, cfg, np.zeros((3, 5), dtype=int))
    for bad in (np.zeros((2, 5, 7)), np.zeros((3, 5, 6)), np.zeros((3, 5))):
        with pytest.raises(ValueError, match="dlogits"):
            mt.backward(p, cfg, bad, cache)
    with pytest.raises(ValueError, match="dlogits must contain only finite"):
        mt.backward(p, cfg, np.full((3, 5, 7), np.nan), cache)
