"""The two-hop replica of Yao, Ren, Liao, Liu 2025 (arXiv:2502.04667) on the numpy transformer: the settings and
the measurement protocols the ``yao2025/…`` and ``wang2024/two-hop/…`` claims and the ``two_hop`` figure share.

Replica (quick settings): the generator of :mod:`seqtheory.simulate.knowledge` with |E| = 100, |R| = 8, out-degree
4, OOD share 0.2, λ = 2.5, 40 ID and all (≈ 60) OOD test queries (:data:`DATA`); a numpy transformer (d = 32,
4 heads, d_ff = 128, float32; 1 block unless a protocol says otherwise), Adam at 3e-3, batch 64; greedy decoding,
CoT decoding its own bridge.  Each replica seed (a ``SeedSequence``) draws its own facts; every protocol below
spawns its children from it in a fixed order, so a replica is the same whatever runs it.  The paper trains
8-layer GPT-2-sized models on |E| = 2000: this replica is far smaller (stated wherever its numbers are used).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from seqtheory.simulate import knowledge as kn

#: The replica's facts (quick settings).
DATA = kn.KnowledgeConfig(entities=100, relations=8, out_degree=4, ood_share=0.2, ratio=2.5, id_test_size=40,
                          ood_test_size=300)


def model_config(config: kn.KnowledgeConfig = DATA, n_layers: int = 1, kernel: str = "softmax", kernel_arg: int = 0):
    """The replica's transformer for ``config``'s vocabulary: d = 32, 4 heads, d_ff = 128, ``n_layers`` blocks,
    attention ``kernel`` (``kernel_arg``: top-k or window radius)."""
    from seqtheory.simulate.nn import transformer

    return transformer.Config(vocab=config.vocab, d_model=32, n_heads=4, n_layers=n_layers, d_ff=128, max_len=8,
                              kernel=kernel, kernel_arg=kernel_arg)


def kept_pairs(params, config, data: kn.KnowledgeData) -> float:
    """Non-zero attention weights per (sequence, head) over ``h r1 r2 b`` of the ID test queries, mean over
    layers (the attention cost of Wang 2024's claim, counted exactly)."""
    from seqtheory.simulate.nn import probes, transformer

    _, cache = transformer.forward(params, config, kn.two_hop_sequences(data.config, data.id_test, True)[:, :4])
    return float(np.mean(probes.attention_support(cache)))


#: Steps of each training that ``verify`` replays to confirm a recorded replica reproduces bit for bit.
REPLAY = 20


def fingerprint(losses: np.ndarray) -> float:
    """The float64 sum of a training's first :data:`REPLAY` losses: equal bits ⇔ (almost surely) the same run."""
    from seqtheory.simulate import validate

    if len(validate.array("losses", losses, ndim=1)) < REPLAY:
        raise ValueError(f"losses must hold at least the first {REPLAY} steps' losses, got {len(losses)}")
    return float(np.sum(np.asarray(losses)[:REPLAY], dtype=np.float64))  # the losses as trained (float32)


def _variants(seed_seq: np.random.SeedSequence, configs: dict, models: dict, steps: int, stop: int | None = None):
    """Train a CoT model per (name, generator config, model config) in ``models`` on facts drawn from one data seed
    from one model seed (paired); yields (name, data, model config, params, losses)."""
    data_ss, model_ss = kn.split_seed(seed_seq)
    for name, (key, mc) in models.items():
        data = kn.generate(configs[key], np.random.default_rng(data_ss))
        mc = mc or model_config(data.config)
        params, losses = kn.train(data, True, mc, steps, np.random.default_rng(model_ss), stop=stop)
        yield name, data, mc, params, losses


_NOISE_MODELS = {"clean": (None, None), "t": ("t", None), "b": ("b", None)}


def _noise_configs(noise: float) -> dict:
    return {None: DATA, "t": dataclasses.replace(DATA, noise=noise, noise_target="t"),
            "b": dataclasses.replace(DATA, noise=noise, noise_target="b")}


def noise_replica(seed_seq: np.random.SeedSequence, steps: int = 600, noise: float = 0.2) -> dict[str, float]:
    """C3's replica: CoT models trained on the same facts clean, with a share ``noise`` of the training two-hop
    facts given a random answer t, and the same facts given a random bridge b (same model seed: paired; the
    generator draws the noise last, so facts, split and noisy rows coincide); measures ``clean_id``,
    ``clean_ood``, ``t_…``, ``b_…`` and each training's replay fingerprint ``<name>_replay``."""
    out: dict[str, float] = {}
    for name, data, mc, params, losses in _variants(seed_seq, _noise_configs(noise), _NOISE_MODELS, steps):
        out[f"{name}_id"] = kn.exact_match(params, mc, data, data.id_test, True)
        out[f"{name}_ood"] = kn.exact_match(params, mc, data, data.ood_test, True)
        out[f"{name}_replay"] = fingerprint(losses)
    return out


def noise_replay(seed_seq: np.random.SeedSequence, steps: int = 600, noise: float = 0.2) -> dict[str, float]:
    """The fingerprints of :func:`noise_replica` from the first :data:`REPLAY` steps of each training."""
    return {f"{name}_replay": fingerprint(losses) for name, *_, losses in
            _variants(seed_seq, _noise_configs(noise), _NOISE_MODELS, steps, stop=REPLAY)}


def sparse_decode_replica(seed_seq: np.random.SeedSequence, steps: int = 600, topk: int = 2) -> dict[str, float]:
    """A dense CoT model decoded densely and with a top-k mask re-chosen at every decoding step: ``dense_id``,
    ``dense_ood``, ``dense_pairs``, ``topk_…``; the sequence length ``length`` over which pairs are counted and the
    training's fingerprint ``dense_replay``."""
    ((_, data, dense, params, losses),) = _variants(seed_seq, {None: DATA}, {"dense": (None, None)}, steps)
    out: dict[str, float] = {"length": 4.0, "dense_replay": fingerprint(losses)}
    for name, mc in (("dense", dense), ("topk", dataclasses.replace(dense, kernel="topk", kernel_arg=topk))):
        out[f"{name}_id"] = kn.exact_match(params, mc, data, data.id_test, True)
        out[f"{name}_ood"] = kn.exact_match(params, mc, data, data.ood_test, True)
        out[f"{name}_pairs"] = kept_pairs(params, mc, data)
    return out


def sparse_decode_replay(seed_seq: np.random.SeedSequence, steps: int = 600, topk: int = 2) -> dict[str, float]:
    ((*_, losses),) = _variants(seed_seq, {None: DATA}, {"dense": (None, None)}, steps, stop=REPLAY)
    return {"dense_replay": fingerprint(losses)}


def _mask_models() -> dict:
    return {"topk": (None, model_config(DATA, kernel="topk", kernel_arg=2)),
            "window": (None, model_config(DATA, kernel="window", kernel_arg=1))}


def sparse_mask_replica(seed_seq: np.random.SeedSequence, steps: int = 600) -> dict[str, float]:
    """CoT models trained with a top-2 mask and with a radius-1 window on the same facts and model seed:
    ``topk_id``, ``topk_pairs``, ``window_id``, ``window_pairs``, the sequence length ``length`` and the
    fingerprints ``<name>_replay``."""
    out: dict[str, float] = {"length": 4.0}
    for name, data, mc, params, losses in _variants(seed_seq, {None: DATA}, _mask_models(), steps):
        out[f"{name}_id"] = kn.exact_match(params, mc, data, data.id_test, True)
        out[f"{name}_pairs"] = kept_pairs(params, mc, data)
        out[f"{name}_replay"] = fingerprint(losses)
    return out


def sparse_mask_replay(seed_seq: np.random.SeedSequence, steps: int = 600) -> dict[str, float]:
    return {f"{name}_replay": fingerprint(losses) for name, *_, losses in
            _variants(seed_seq, {None: DATA}, _mask_models(), steps, stop=REPLAY)}
