"""Measurement instruments on the numpy transformer, and the attention-only variant they compare against."""

import dataclasses

import numpy as np
import pytest

from seqtheory.simulate.gradcheck import check_parameter_gradients
from seqtheory.simulate.nn import layers, probes
from seqtheory.simulate.nn import transformer as tf


def test_attention_only_variant_has_exact_gradients_and_no_ffn_parameters():
    cfg = tf.Config(vocab=7, d_model=8, n_heads=2, n_layers=2, d_ff=12, max_len=10, ffn=False)
    rng = np.random.default_rng(0)
    p = {k: v + 0.3 * rng.standard_normal(v.shape) for k, v in tf.init_params(cfg, rng).items()}
    assert not any(k.endswith(("w1", "b1", "w2", "b2", "ln2.g", "ln2.b")) for k in p)
    toks, tgt, wts = rng.integers(0, 7, (2, 6)), rng.integers(0, 7, (2, 6)), np.ones((2, 6))

    def loss(pp):
        return layers.cross_entropy(tf.forward(pp, cfg, toks)[0], tgt, wts)[0]

    out, cache = tf.forward(p, cfg, toks)
    grads = tf.backward(p, cfg, layers.cross_entropy(out, tgt, wts)[1], cache)
    check_parameter_gradients(loss, p, grads, rng, per_param=3)
    np.testing.assert_array_equal(tf.generate(p, cfg, toks[:, :3], 4), tf.generate_reference(p, cfg, toks[:, :3], 4))


@pytest.mark.parametrize("ffn", [True, False])
def test_parameter_count_matches_the_drawn_parameters(ffn):
    cfg = tf.Config(vocab=11, d_model=16, n_heads=4, n_layers=3, d_ff=40, max_len=9, ffn=ffn)
    assert probes.parameter_count(cfg) == sum(v.size for v in tf.init_params(cfg, np.random.default_rng(0)).values())
    wide = probes.matched_width(cfg, ffn=not ffn)
    assert wide % cfg.n_heads == 0

    def gap(width):
        other = dataclasses.replace(cfg, d_model=width, d_ff=max(1, round(40 / 16 * width)), ffn=not ffn)
        return abs(probes.parameter_count(other) - probes.parameter_count(cfg))

    assert gap(wide) <= min(gap(w) for w in (wide - 4, wide + 4) if w > 0)  # the closest multiple of n_heads


def test_activity_and_bypass_by_their_definitions():
    cfg = tf.Config(vocab=9, d_model=8, n_heads=2, n_layers=2, d_ff=16, max_len=6)
    p = tf.init_params(cfg, np.random.default_rng(1))
    toks = np.random.default_rng(2).integers(0, 9, (5, 6))
    _, cache = tf.forward(p, cfg, toks)
    activity = probes.ffn_activity(cache)
    u = cache[1][0][7][0]  # layer 0 pre-activations (5, 6, 16)
    assert activity[0] == (float(np.mean(u > 0)), float(np.mean(np.all(u.reshape(-1, 16) <= 0, axis=0))))
    p["l1.b1"] = np.full(16, -1e3)  # every unit of layer 1 pushed below zero: all dead
    assert probes.ffn_activity(tf.forward(p, cfg, toks)[1])[1] == (0.0, 1.0)
    bypass = probes.attention_bypass(p, cache)
    x0 = p["tok_emb"][toks] + p["pos_emb"][:6]
    assert bypass[0] == pytest.approx(np.linalg.norm(cache[1][0][3] @ p["l0.wo"]) / np.linalg.norm(x0))
    p["l0.wo"] = np.zeros((8, 8))
    assert probes.attention_bypass(p, tf.forward(p, cfg, toks)[1])[0] == 0.0


def test_loss_spikes_finds_planted_jumps_only():
    rng = np.random.default_rng(3)
    losses = 1.0 + 0.01 * rng.standard_normal(500)
    losses[[120, 333]] += 0.5
    assert probes.loss_spikes(losses).tolist() == [120, 333]
    assert probes.loss_spikes(losses[:40]).size == 0
    with pytest.raises(ValueError, match="window"):
        probes.loss_spikes(losses, window=1)


def test_sequence_log_probs_form_a_distribution_and_match_the_forward_pass():
    V, L = 3, 4
    cfg = tf.Config(vocab=V + 1, d_model=8, n_heads=2, n_layers=1, d_ff=8, max_len=L)
    p = tf.init_params(cfg, np.random.default_rng(4))
    logq = probes.sequence_log_probs(p, cfg, V, L, bos=V)
    assert abs(np.exp(logq).sum() - 1) < 1e-12
    seq = [2, 0, 1, 1]  # its index in lexicographic order
    idx = np.ravel_multi_index(seq, (V,) * L)
    logits, _ = tf.forward(p, cfg, np.array([[V] + seq[:-1]]))
    z = logits[0, :, :V]
    direct = sum(z[t, seq[t]] - np.logaddexp.reduce(z[t]) for t in range(L))
    assert logq[idx] == pytest.approx(direct, abs=1e-12)


def test_logit_lens_reads_each_block_through_the_final_norm_and_ends_at_the_logits():
    cfg = tf.Config(vocab=11, d_model=8, n_heads=2, n_layers=3, d_ff=16, max_len=5)
    p = tf.init_params(cfg, np.random.default_rng(5))
    toks = np.random.default_rng(6).integers(0, 11, (4, 5))
    logits, cache = tf.forward(p, cfg, toks)
    lens = probes.logit_lens(p, cfg, cache)
    assert lens.shape == (3, 4, 5, 11)
    np.testing.assert_allclose(lens[-1], logits, rtol=0, atol=1e-12)
    # the lens after block 1 = the logits of the 1-block model with block 0's weights and the same final norm
    one = dataclasses.replace(cfg, n_layers=1)
    p1 = {k: v for k, v in p.items() if not k.startswith(("l1.", "l2."))}
    np.testing.assert_allclose(lens[0], tf.forward(p1, one, toks)[0], rtol=0, atol=1e-12)
    assert not np.allclose(lens[0], lens[-1])
    with pytest.raises(ValueError, match="output_dim"):
        probes.logit_lens(p, tf.Config(vocab=11, output_dim=2), cache)


@pytest.mark.parametrize(("kernel", "arg", "pairs"), [
    ("softmax", 0, 15), ("topk", 2, 9), ("topk", 1, 5), ("window", 1, 9), ("window", 2, 12)])
def test_attention_support_counts_the_kept_pairs_exactly(kernel, arg, pairs):
    # T = 5 causal: dense Σ(i+1) = 15; top-k Σ min(k, i+1); a radius-r window Σ min(r+1, i+1)
    cfg = tf.Config(vocab=7, d_model=8, n_heads=2, n_layers=2, d_ff=8, max_len=5, kernel=kernel, kernel_arg=arg)
    p = tf.init_params(cfg, np.random.default_rng(7))
    _, cache = tf.forward(p, cfg, np.random.default_rng(8).integers(0, 7, (3, 5)))
    assert probes.attention_support(cache) == [pairs, pairs]
    assert sum(min(arg if kernel == "topk" else arg + 1, i + 1) if kernel != "softmax" else i + 1
               for i in range(5)) == pairs


def test_attention_support_of_sparsemax_is_its_data_dependent_support():
    cfg = tf.Config(vocab=7, d_model=8, n_heads=2, n_layers=1, d_ff=8, max_len=5, kernel="sparsemax")
    p = tf.init_params(cfg, np.random.default_rng(9))
    _, cache = tf.forward(p, cfg, np.random.default_rng(10).integers(0, 7, (3, 5)))
    P = cache[1][0][2].probabilities()  # (3, 2, 5, 5)
    assert probes.attention_support(cache) == [np.count_nonzero(P) / 6]
    assert 5 <= probes.attention_support(cache)[0] <= 15  # at least one key per row, at most causal-dense


def test_monte_carlo_entropy_agrees_with_enumeration_and_log_probs_are_exact():
    V, L = 3, 4
    cfg = tf.Config(vocab=V + 1, d_model=8, n_heads=2, n_layers=1, d_ff=8, max_len=L)
    p = tf.init_params(cfg, np.random.default_rng(11))
    p["tok_emb"] *= 60.0  # a peaked model, far from uniform (log 3⁴)
    logq_all = probes.sequence_log_probs(p, cfg, V, L, bos=V)
    exact = -np.sum(np.exp(logq_all) * logq_all)
    seqs, logq = probes.sample_with_log_probs(p, cfg, V, L, V, 4000, np.random.default_rng(12))
    np.testing.assert_allclose(logq, logq_all[np.ravel_multi_index(seqs.T, (V,) * L)], rtol=0, atol=1e-10)
    est = probes.entropy_monte_carlo(p, cfg, V, L, V, 20_000, np.random.default_rng(13))
    assert abs(est.value - exact) < 5 * est.stderr  # unbiased: a 5σ z-test
    assert abs(exact - L * np.log(V)) > 50 * est.stderr  # the control (uniform) is rejected by a wide margin
    counts, q, n = np.bincount(np.ravel_multi_index(seqs.T, (V,) * L), minlength=V**L), np.exp(logq_all), len(seqs)
    common = n * q >= 10  # cells where the normal approximation holds: a 5σ test each
    assert np.max(np.abs(counts - n * q)[common] / np.sqrt(n * q * (1 - q))[common]) < 5.0
    rare = n * q[~common].sum()  # the rest pooled: a Poisson count with this mean
    assert counts[~common].sum() <= rare + 5 * np.sqrt(rare) + 5


def test_probes_name_bad_arguments():
    """Objects of the wrong kind and a BOS or V outside the vocabulary get named errors (were AttributeError /
    IndexError / a silently wrong law)."""
    config = tf.Config(vocab=6, d_model=8, n_heads=2, n_layers=1, d_ff=8, max_len=4)
    params = tf.init_params(config, np.random.default_rng(0))
    for call, error, match in [
        (lambda: probes.ffn_activity({}), TypeError, "cache"),
        (lambda: probes.attention_support(None), TypeError, "cache"),
        (lambda: probes.logit_lens(params, {"vocab": 6}, None), TypeError, "config"),
        (lambda: probes.sequence_log_probs(params, config, 7, 2, 0), ValueError, "V"),
        (lambda: probes.sequence_log_probs(params, config, 3, 2, 6), ValueError, "bos"),
        (lambda: probes.sample_with_log_probs(params, config, 3, 2, -1, 4, np.random.default_rng(0)), ValueError,
         "bos"),
        (lambda: probes.parameter_count("config"), TypeError, "config"),
    ]:
        with pytest.raises(error, match=match):
            call()
    assert probes.parameter_count(config) == sum(v.size for v in params.values())
