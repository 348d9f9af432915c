"""The entropy replica of Ren & Liu 2025 (arXiv:2504.18929) on the numpy transformer: the settings and measurement
protocols the ``renliu2025/b…`` claims and the ``entropy_width`` figure share.

Setting (stated in full; the paper's own was not reachable): targets are random order-1 Markov chains over
V = 8 symbols (rows Dirichlet(0.5)), sequences of L = 5 symbols after a BOS token, so H(p) is exact by the chain
rule and the model's H(q) exact by enumerating all 8⁵ sequences (:func:`seqtheory.simulate.nn.probes.
sequence_log_probs`).  Model: the numpy transformer, 2 layers, d = 16 (or a given width), 4 heads, d_ff = 4d,
float32, Adam 3e-3, batch 64.  Two regimes from the same initialisation: **fresh** (a new sample every step) and
**fixed** (batches drawn from one set of n = 300 sequences).  Δ = H(p) − H(q) in nats.  Each replica seed (a
``SeedSequence``) draws its own target, fixed sample and initialisation (children 0–2) and its probe batch (child 3).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np

from seqtheory.simulate import entropy as en
from seqtheory.simulate.nn import probes, transformer
from seqtheory.simulate.nn import train as nn_train

#: Symbols, sequence length, fixed-sample size, replica seeds per check, batch.
V, L, N_FIXED, SEEDS, BATCH = 8, 5, 300, 3, 64
#: The widths of the size comparison and the probe batch of the instruments.
NARROW, WIDE, PROBE = 8, 32, 512


def model_config(width: int = 16) -> transformer.Config:
    return transformer.Config(vocab=V + 1, d_model=width, n_heads=4, n_layers=2, d_ff=4 * width, max_len=L)


def bos_batch(seqs: np.ndarray):
    inputs = np.concatenate([np.full((len(seqs), 1), V), seqs[:, :-1]], axis=1)  # BOS, x_1..x_{L−1}
    return inputs, seqs, np.ones(seqs.shape)


def draws(target: en.MarkovChain, fixed: np.ndarray) -> dict:
    """The two regimes' batch makers: a fresh sample every step, or draws from the fixed sample."""
    return {"fresh": lambda r: bos_batch(en.sample_sequences(target, L, BATCH, r)),
            "fixed": lambda r: bos_batch(fixed[r.integers(0, len(fixed), BATCH)])}


def setting(seed_seq: np.random.SeedSequence):
    """(target, H(p), fixed sample, initialisation seed) of one replica seed."""
    target_ss, fixed_ss, init_ss = seed_seq.spawn(3)
    target = en.random_chain(np.random.default_rng(target_ss), V, 1, 0.5)
    fixed = en.sample_sequences(target, L, N_FIXED, np.random.default_rng(fixed_ss))
    return target, en.sequence_entropy(target, L), fixed, init_ss


def model_entropy(params, config) -> float:
    """H(q) of the model's distribution over the V^L sequences, by enumeration."""
    return en.entropy_of_log_probs(probes.sequence_log_probs(params, config, V, L, bos=V))


def entropy_gaps(seed_seq: np.random.SeedSequence, steps: int, width: int = 16) -> tuple[float, float, float]:
    """(H(p), Δ_fresh, Δ_fixed) for one seed: its own target, the same initialisation in both regimes."""
    target, h_p, fixed, init_ss = setting(seed_seq)
    gaps = []
    for regime in ("fresh", "fixed"):
        params, _ = nn_train.train_tokens(model_config(width), draws(target, fixed)[regime], steps,
                                          np.random.default_rng(init_ss))
        gaps.append(h_p - model_entropy(params, model_config(width)))
    return h_p, gaps[0], gaps[1]


def probe_batch(seed_seq: np.random.SeedSequence, target: en.MarkovChain) -> np.ndarray:
    """(PROBE, L) BOS-prefixed inputs of fresh target sequences, drawn from the replica seed's fourth child
    (:func:`setting` uses the first three), whatever children were spawned before."""
    child = np.random.SeedSequence(seed_seq.entropy, spawn_key=(*seed_seq.spawn_key, 3))
    return bos_batch(en.sample_sequences(target, L, PROBE, np.random.default_rng(child)))[0]


@lru_cache(maxsize=64)
def _width_point(entropy, spawn_key: tuple, steps: int, width: int) -> dict:
    seed_seq = np.random.SeedSequence(entropy, spawn_key=spawn_key)
    target, h_p, fixed, init_ss = setting(seed_seq)
    probe = probe_batch(seed_seq, target)  # (PROBE, L)
    config = model_config(width)
    out: dict = {"mle": h_p - en.sequence_entropy(en.fit_chain(fixed, V), L),
                 "memoriser": h_p - en.empirical_entropy(fixed)}
    for regime, draw in draws(target, fixed).items():
        params, _ = nn_train.train_tokens(config, draw, steps, np.random.default_rng(init_ss))
        _, cache = transformer.forward(params, config, probe)
        activity = probes.ffn_activity(cache)
        out[regime] = {"gap": h_p - model_entropy(params, config),
                       "active": float(np.mean([a for a, _ in activity])),
                       "dead": float(np.mean([d for _, d in activity])),
                       "bypass": probes.attention_bypass(params, cache)}
    return out


def width_point(seed_seq: np.random.SeedSequence, steps: int, width: int) -> dict:
    """{regime: {"gap": Δ, "active": active ratio, "dead": dead fraction (means over blocks), "bypass": per block
    ‖Attn(x)‖/‖x‖}} at one width, measured on a fresh probe batch of 512 target sequences, plus the width-free
    baselines on the same fixed sample: {"mle": Δ of the bigram MLE, "memoriser": Δ of the empirical law}.
    Cached per process."""
    return _width_point(seed_seq.entropy, tuple(seed_seq.spawn_key), steps, width)


def attention_only(width: int = 16):
    """The parameter-matched attention-only variant of b1's model."""
    cfg = model_config(width)
    w = probes.matched_width(cfg, ffn=False)
    return dataclasses.replace(cfg, d_model=w, d_ff=4 * w, ffn=False)


def fixed_sample_gaps(seed_seq: np.random.SeedSequence, steps: int) -> tuple[float, float]:
    """(Δ_fixed with FFN, Δ_fixed attention only) for one seed: same target, samples and initial seed."""
    target, h_p, fixed, init_ss = setting(seed_seq)
    gaps = []
    for config in (model_config(), attention_only()):
        params, _ = nn_train.train_tokens(config, draws(target, fixed)["fixed"], steps,
                                          np.random.default_rng(init_ss))
        gaps.append(h_p - model_entropy(params, config))
    return gaps[0], gaps[1]
