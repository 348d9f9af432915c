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
from seqtheory.simulate.stats import Estimate, Observation

#: The replica's facts (quick settings).
DATA = kn.KnowledgeConfig(entities=100, relations=8, out_degree=4, ood_share=0.2, ratio=2.5, id_test_size=40,
                          ood_test_size=300)
#: Replica seeds per check of the claims built on this replica.
REPLICAS = 3


def model_config(config: kn.KnowledgeConfig = DATA, n_layers: int = 1, kernel: str = "softmax", kernel_arg: int = 0):
    """The replica's transformer for ``config``'s vocabulary: d = 32, 4 heads, d_ff = 128, ``n_layers`` blocks,
    attention ``kernel`` (``kernel_arg``: top-k or window radius)."""
    from seqtheory.simulate.nn import transformer

    return transformer.Config(vocab=config.vocab, d_model=32, n_heads=4, n_layers=n_layers, d_ff=128, max_len=8,
                              kernel=kernel, kernel_arg=kernel_arg)


def scores(data: kn.KnowledgeData, cot: bool, steps: int, seed_seq: np.random.SeedSequence,
           config=None) -> tuple[float, float]:
    """Train the replica model (``config``, default :func:`model_config`) on ``data`` in one format; greedy exact
    match on (ID test, OOD test)."""
    mc = config or model_config(data.config)
    params, _ = kn.train(data, cot, mc, steps, np.random.default_rng(seed_seq))
    return (kn.exact_match(params, mc, data, data.id_test, cot), kn.exact_match(params, mc, data, data.ood_test, cot))


def replica(seed_seq: np.random.SeedSequence, steps: int, config: kn.KnowledgeConfig = DATA) -> dict:
    """One replica seed: draw the facts, train with and without CoT, greedy exact match on both test sets:
    ``{True: (ID, OOD), False: (ID, OOD)}``."""
    data_ss, cot_ss, plain_ss = seed_seq.spawn(3)
    data = kn.generate(config, np.random.default_rng(data_ss))
    return {cot: scores(data, cot, steps, ss) for cot, ss in ((True, cot_ss), (False, plain_ss))}


def variants_replica(seed_seq: np.random.SeedSequence, steps: int, configs: dict) -> dict:
    """{key: (ID, OOD)} for CoT models trained on each generator config, all drawn from the same data seed and
    trained from the same model seed: a paired comparison (the generator draws the facts and the split before it
    uses λ, and the noise last, so configs differing only in those share their facts)."""
    data_ss, model_ss = seed_seq.spawn(2)
    return {key: scores(kn.generate(config, np.random.default_rng(data_ss)), True, steps, model_ss)
            for key, config in configs.items()}


def paired_ood_gap(seed: int, replica_fn, better, worse, shown: tuple, title: str) -> Observation:
    """The mean over :data:`REPLICAS` replica seeds of OOD(better) − OOD(worse), where ``replica_fn(seed_seq)``
    gives {variant: (ID, OOD)} for variants trained on the same facts; the detail lists ID/OOD of the ``shown``
    variants per seed ("; " between variants, " | " between seeds)."""
    runs = [replica_fn(ss) for ss in np.random.SeedSequence(seed).spawn(REPLICAS)]
    est = Estimate.of_mean(np.array([r[better][1] - r[worse][1] for r in runs]))  # (REPLICAS,) paired differences
    detail = (f"per seed ID/OOD {title}: " + " | ".join(
        "; ".join(f"{r[k][0]:.2f}/{r[k][1]:.2f}" for k in shown) for r in runs) + f"; OOD gap {est.describe('.3f')}")
    return Observation(est, detail)


def steps_to_target(seed_seq: np.random.SeedSequence, steps: int, target: float = 0.9,
                    record_every: int = 50) -> dict[bool, float]:
    """{cot: first recorded step (every ``record_every``) with held-out ID exact match ≥ ``target`` (inf if never
    within ``steps``)} for one replica seed."""
    data_ss, cot_ss, plain_ss = seed_seq.spawn(3)
    data = kn.generate(DATA, np.random.default_rng(data_ss))
    mc = model_config(DATA)
    out = {}
    for cot, ss in ((True, cot_ss), (False, plain_ss)):
        reached = []

        def record(step, params, cot=cot, reached=reached):
            if not reached and kn.exact_match(params, mc, data, data.id_test, cot) >= target:
                reached.append(step)

        kn.train(data, cot, mc, steps, np.random.default_rng(ss), record_every=record_every, record=record)
        out[cot] = float(reached[0]) if reached else float("inf")
    return out


def lens_replica(seed_seq: np.random.SeedSequence, steps: int, layers: int = 3) -> dict[bool, np.ndarray]:
    """{cot: (layers,) share of training queries whose logit-lens top-1 token at r2 after each block is the bridge
    b} for a ``layers``-block replica trained with and without CoT on the same facts."""
    data_ss, cot_ss, plain_ss = seed_seq.spawn(3)
    data = kn.generate(DATA, np.random.default_rng(data_ss))
    mc = model_config(DATA, n_layers=layers)
    out = {}
    for cot, ss in ((True, cot_ss), (False, plain_ss)):
        params, _ = kn.train(data, cot, mc, steps, np.random.default_rng(ss))
        out[cot] = kn.bridge_lens(params, mc, data, data.train_two_hop, cot)
    return out


def kept_pairs(params, config, data: kn.KnowledgeData) -> float:
    """Non-zero attention weights per (sequence, head) over ``h r1 r2 b`` of the ID test queries, mean over
    layers (the attention cost of Wang 2024's claim, counted exactly)."""
    from seqtheory.simulate.nn import probes, transformer

    _, cache = transformer.forward(params, config, kn.two_hop_sequences(data.config, data.id_test, True)[:, :4])
    return float(np.mean(probes.attention_support(cache)))


def _facts_and_model_seed(seed_seq: np.random.SeedSequence) -> tuple[kn.KnowledgeData, np.random.SeedSequence]:
    """The replica's facts and the model seed (the same for every variant of one replica seed: paired)."""
    data_ss, model_ss = seed_seq.spawn(2)
    return kn.generate(DATA, np.random.default_rng(data_ss)), model_ss


def decode_replica(seed_seq: np.random.SeedSequence, steps: int, topk: int) -> dict:
    """The dense CoT model, decoded densely and with a top-k mask re-chosen at every decoding step:
    {"dense" | "topk": (ID, OOD, kept pairs)}."""
    data, model_ss = _facts_and_model_seed(seed_seq)
    dense = model_config(DATA)
    params, _ = kn.train(data, True, dense, steps, np.random.default_rng(model_ss))
    out = {}
    for name, mc in (("dense", dense), ("topk", dataclasses.replace(dense, kernel="topk", kernel_arg=topk))):
        out[name] = (kn.exact_match(params, mc, data, data.id_test, True),
                     kn.exact_match(params, mc, data, data.ood_test, True), kept_pairs(params, mc, data))
    return out


def mask_replica(seed_seq: np.random.SeedSequence, steps: int) -> dict:
    """Trained with a top-2 mask and with a radius-1 window: {"topk" | "window": (ID exact match, kept pairs)}."""
    data, model_ss = _facts_and_model_seed(seed_seq)
    out = {}
    for name, mc in (("topk", model_config(DATA, kernel="topk", kernel_arg=2)),
                     ("window", model_config(DATA, kernel="window", kernel_arg=1))):
        params, _ = kn.train(data, True, mc, steps, np.random.default_rng(model_ss))
        out[name] = (kn.exact_match(params, mc, data, data.id_test, True), kept_pairs(params, mc, data))
    return out
