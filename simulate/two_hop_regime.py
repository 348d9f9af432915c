"""The two-hop replica in the paper's regime (Yao, Ren, Liao, Liu 2025, arXiv:2502.04667): the configuration in
which a model trained **without** CoT generalises in distribution, as the paper's do, so that the CoT/no-CoT
contrasts of C1, C2 and C5 and the λ contrast of C4 are measured where the paper makes them.

Found by a search on 2 cores (numbers in ``docs/yao2025_two_hop.md``): the quick replica of
:mod:`seqtheory.simulate.two_hop` (1 block, d = 32, λ = 2.5, constant rate) never generalises ID without CoT (ID
≈ 0.05); with λ = 7.2 (the authors' code default; the paper sweeps 3.6–18), out-degree 10, two blocks of width 64,
AdamW (weight decay 0.1) and a cosine schedule, the model without CoT reaches ID exact match 0.93–0.95 in 12 000
steps (0.65–0.80 in 6000) while its OOD stays ≈ 0.01 — the paper's picture.

Facts: |E| = 100, |R| = 12, out-degree 10, OOD share 0.2, λ = 7.2 and, drawn from the same facts (the generator
draws facts and the split before it uses λ), λ = 3.6; 40 ID and up to 300 OOD test queries.  Model: the numpy
transformer, 2 blocks, d = 64, 4 heads, d_ff = 256, float32; AdamW at 3e-3 (weight decay 0.1), warm-up over
steps/50 then cosine decay, batch 128.  One replica trains three models **from the same model seed** (paired):
CoT at λ = 7.2, no CoT at λ = 7.2, CoT at λ = 3.6.  The no-CoT model gets 14 000 steps, the CoT models 6000: the
no-CoT model needs the longer run to generalise in distribution, and the extra budget can only help it — so it
works against C1 and C2, which say CoT does better (the CoT models reach ID 1.0 within 250 steps; their OOD peaks
early and then declines, so a longer CoT run would not help them either).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import knowledge as kn
from seqtheory.simulate import two_hop

#: The facts at the paper's default λ, and the low end of its λ range.
DATA = kn.KnowledgeConfig(entities=100, relations=12, out_degree=10, ood_share=0.2, ratio=7.2, id_test_size=40,
                          ood_test_size=300)
LOW_RATIO = 3.6
#: Training: batch, peak rate, weight decay, schedule; ID test every RECORD_EVERY steps (for C2).
BATCH, LR, WEIGHT_DECAY, SCHEDULE, RECORD_EVERY = 128, 3e-3, 0.1, "cosine", 250
#: The ID exact match that counts as "generalised in distribution" (the regime gate and C2's target).
TARGET = 0.9
#: Steps of each training replayed by ``verify`` to confirm a recorded replica reproduces bit for bit.
REPLAY = two_hop.REPLAY
#: The three trainings of a replica: (name, CoT format, λ, steps).
TRAININGS = (("cot", True, DATA.ratio, 6000), ("plain", False, DATA.ratio, 14000), ("low", True, LOW_RATIO, 6000))


def model_config(config: kn.KnowledgeConfig = DATA):
    """2 blocks, d = 64, 4 heads, d_ff = 256 for ``config``'s vocabulary."""
    from seqtheory.simulate.nn import transformer

    return transformer.Config(vocab=config.vocab, d_model=64, n_heads=4, n_layers=2, d_ff=256, max_len=8)


def _data(seed_seq: np.random.SeedSequence) -> tuple[dict, np.random.SeedSequence]:
    """{λ: facts} at both ratios from one data seed, and the model seed every training of the replica uses."""
    import dataclasses

    data_ss, model_ss = kn.split_seed(seed_seq)
    data = {ratio: kn.generate(dataclasses.replace(DATA, ratio=ratio), np.random.default_rng(data_ss))
            for ratio in (DATA.ratio, LOW_RATIO)}
    return data, model_ss


def _train(data: kn.KnowledgeData, cot: bool, model_ss: np.random.SeedSequence, steps: int, stop=None, record=None):
    return kn.train(data, cot, model_config(data.config), steps, np.random.default_rng(model_ss), batch=BATCH, lr=LR,
                    weight_decay=WEIGHT_DECAY, schedule=SCHEDULE, stop=stop,
                    record_every=RECORD_EVERY if record else 0, record=record)


def replica(seed_seq: np.random.SeedSequence) -> dict[str, float]:
    """One replica: per training (``cot``, ``plain``, ``low``) the final ID and OOD exact match (``<name>_id``,
    ``<name>_ood``) and a replay fingerprint; for ``cot`` and ``plain`` the first recorded step with ID exact match
    ≥ :data:`TARGET` (``<name>_steps``; censored at the training's budget when never reached: conservative for "CoT
    converges faster") and the logit-lens share of training queries with b top-1 at r2 after each block
    (``<name>_lens1``, ``<name>_lens2``); the realised ratios ``ratio_high``, ``ratio_low``."""
    data, model_ss = _data(seed_seq)
    out: dict[str, float] = {"ratio_high": data[DATA.ratio].realised_ratio,
                             "ratio_low": data[LOW_RATIO].realised_ratio}
    for name, cot, ratio, steps in TRAININGS:
        d = data[ratio]
        mc = model_config(d.config)
        reached: list[int] = []

        def record(step, params, d=d, mc=mc, cot=cot, reached=reached):
            if not reached and kn.exact_match(params, mc, d, d.id_test, cot) >= TARGET:
                reached.append(step)

        params, losses = _train(d, cot, model_ss, steps, record=record if name != "low" else None)
        out[f"{name}_id"] = kn.exact_match(params, mc, d, d.id_test, cot)
        out[f"{name}_ood"] = kn.exact_match(params, mc, d, d.ood_test, cot)
        out[f"{name}_replay"] = two_hop.fingerprint(losses)
        if name != "low":
            out[f"{name}_steps"] = float(reached[0]) if reached else float(steps)
            lens = kn.bridge_lens(params, mc, d, d.train_two_hop[:200], cot)  # (2,) share per block
            out[f"{name}_lens1"], out[f"{name}_lens2"] = float(lens[0]), float(lens[1])
    return out


def replay(seed_seq: np.random.SeedSequence) -> dict[str, float]:
    """The replay fingerprints of :func:`replica` from only the first :data:`REPLAY` steps of each training."""
    data, model_ss = _data(seed_seq)
    return {f"{name}_replay": two_hop.fingerprint(_train(data[ratio], cot, model_ss, steps, stop=REPLAY)[1])
            for name, cot, ratio, steps in TRAININGS}
