"""Synthetic two-hop knowledge (Yao, Ren, Liao, Liu 2025, arXiv:2502.04667): the data generator, its tokenisation
for the numpy transformer, and greedy evaluation.

Entities 0..E−1 and relations 0..R−1.  Each head entity h has ``out_degree`` distinct relations r, each with a
uniformly random tail t: the **atomic facts** ``h r → t`` (the map ``tail[h, r]``).  A share ``ood_share`` of the
atomic facts (an exact count, rounded) is marked OOD.  A **two-hop fact** ``(h, r1, r2) → t`` goes through the
bridge b = tail[h, r1] with t = tail[b, r2]: both hops ID → a training candidate; both hops OOD → the OOD test;
mixed → discarded.  **Every atomic fact, ID and OOD, is trained**: "OOD" means an unseen *composition* of seen
facts.  ``ratio`` λ = #training two-hop facts / #ID atomic facts (rounded to the nearest count); a further
``id_test_size`` ID two-hop facts are held out as the ID test, and up to ``ood_test_size`` OOD two-hop facts form
the OOD test.  Noise: a share ``noise`` ξ of the training two-hop facts (an exact count — a simplification of the
paper's per-fact probability ξ) gets a random t, a random b, or both (``noise_target``).

Formats (token ids: entities 0..E−1, relations E..E+R−1, then PAD): atomic ``h r t``; two-hop without CoT
``h r1 r2 t``; with CoT ``h r1 r2 b t``; padded to 5 tokens.  The loss is on target positions only.

Glossary: ``entities`` ↔ |E|, ``relations`` ↔ |R|, ``ratio`` ↔ λ, ``noise`` ↔ ξ.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seqtheory.simulate import validate

NOISE_TARGETS = ("t", "b", "both")
#: Tokens per training sequence (the CoT two-hop format is the longest: h r1 r2 b t).
SEQ_LEN = 5


@dataclass(frozen=True)
class KnowledgeConfig:
    """Every knob of the generator (defaults: the scaled-down prototype of the issue, λ = 3.6)."""

    entities: int = 200
    relations: int = 10
    out_degree: int = 5
    ood_share: float = 0.15
    ratio: float = 3.6
    id_test_size: int = 300
    ood_test_size: int = 300
    noise: float = 0.0
    noise_target: str = "t"

    def __post_init__(self):
        validate.integer("entities", self.entities, 2)
        validate.integer("relations", self.relations, 1)
        validate.integer("out_degree", self.out_degree, 1, self.relations)
        validate.real("ood_share", self.ood_share, 0.0, 1.0)
        validate.real("ratio", self.ratio, 0.0)
        validate.integer("id_test_size", self.id_test_size, 0)
        validate.integer("ood_test_size", self.ood_test_size, 0)
        validate.real("noise", self.noise, 0.0, 1.0)
        if self.noise_target not in NOISE_TARGETS:
            raise ValueError(f"noise_target must be one of {NOISE_TARGETS}, got {self.noise_target!r}")
        validate.budget("the two-hop facts (entities·out_degree², 6 ints each)",
                        6.0 * self.entities * self.out_degree**2)

    @property
    def vocab(self) -> int:
        """Entities, relations and PAD."""
        return self.entities + self.relations + 1

    @property
    def pad(self) -> int:
        return self.entities + self.relations


@dataclass(frozen=True)
class KnowledgeData:
    """One draw of the generator.  Two-hop arrays are (m, 5) rows (h, r1, r2, b, t) in entity/relation ids."""

    config: KnowledgeConfig
    tail: np.ndarray  # (E, R) int: tail[h, r], −1 where h has no relation r
    atomic: np.ndarray  # (F, 3) int: (h, r, t)
    atomic_ood: np.ndarray  # (F,) bool
    train_two_hop: np.ndarray  # (M, 5) int, noisy rows as trained
    train_noisy: np.ndarray  # (M,) bool
    id_test: np.ndarray  # (P, 5) int
    ood_test: np.ndarray  # (Q, 5) int
    mixed_count: int  # two-hop facts discarded because their hops are one ID, one OOD

    @property
    def id_atomic(self) -> int:
        return int(np.sum(~self.atomic_ood))

    @property
    def realised_ratio(self) -> float:
        """#training two-hop facts / #ID atomic facts."""
        return len(self.train_two_hop) / max(self.id_atomic, 1)


def _config(config) -> KnowledgeConfig:
    if not isinstance(config, KnowledgeConfig):
        raise validate.ArgumentTypeError(f"config must be a KnowledgeConfig, got {type(config).__name__}")
    return config


def _data(data) -> KnowledgeData:
    if not isinstance(data, KnowledgeData):
        raise validate.ArgumentTypeError(f"data must be a KnowledgeData, got {type(data).__name__}")
    return data


def split_seed(seed_seq) -> tuple[np.random.SeedSequence, np.random.SeedSequence]:
    """A replica's root ``SeedSequence`` → (facts seed, model seed): its first two children, the order every
    two- and three-hop replica uses."""
    if not isinstance(seed_seq, np.random.SeedSequence):
        raise validate.ArgumentTypeError(f"seed_seq must be a numpy SeedSequence, got {type(seed_seq).__name__}")
    data_ss, model_ss = seed_seq.spawn(2)
    return data_ss, model_ss


def fact_rows(name: str, config: KnowledgeConfig, value, relation_columns: tuple[int, ...]) -> np.ndarray:
    """Fact rows of h hops — the head, h relations, h − 1 bridges and the tail: an integer (m, 2h + 1) array
    (m ≥ 0) with ids in 0..E−1 in the entity columns and 0..R−1 in ``relation_columns`` (h of them); anything else
    is an error naming ``name`` and the valid ranges."""
    try:
        a = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested sequences
        raise validate.ArgumentTypeError(f"{name} must be a rectangular integer array ({exc})") from None
    if a.dtype.kind not in "iu":
        raise validate.ArgumentTypeError(f"{name} must hold integer ids, got dtype {a.dtype}")
    width = 2 * len(relation_columns) + 1
    if a.ndim != 2 or a.shape[1] != width:
        raise ValueError(f"{name} must have shape (m, {width}), got {a.shape}")
    relation = np.zeros(width, dtype=bool)
    relation[list(relation_columns)] = True
    if a.size and (a.min() < 0 or a[:, ~relation].max() >= config.entities
                   or a[:, relation].max() >= config.relations):
        raise ValueError(f"{name} must hold entity ids in 0..{config.entities - 1} (columns "
                         f"{np.flatnonzero(~relation).tolist()}) and relation ids in 0..{config.relations - 1} "
                         f"(columns {list(relation_columns)})")
    return a


def generate(config: KnowledgeConfig, rng: np.random.Generator) -> KnowledgeData:
    """Draw the atomic facts, the OOD marking, the two-hop sets and the noise (see the module docstring)."""
    _config(config)
    rng = validate.generator("rng", rng)
    E, R, k = config.entities, config.relations, config.out_degree
    rel = np.argsort(rng.random((E, R)), axis=1)[:, :k]  # (E, k): k distinct relations per head
    tails = rng.integers(0, E, (E, k))  # (E, k)
    tail = np.full((E, R), -1)
    np.put_along_axis(tail, rel, tails, axis=1)
    heads = np.repeat(np.arange(E), k)
    atomic = np.stack([heads, rel.ravel(), tails.ravel()], axis=1)  # (F, 3)
    F = len(atomic)
    index = np.full((E, R), -1)
    index[atomic[:, 0], atomic[:, 1]] = np.arange(F)
    atomic_ood = np.zeros(F, dtype=bool)
    atomic_ood[rng.permutation(F)[: round(config.ood_share * F)]] = True

    # every two-hop fact: first hop = atomic fact i, second hop = each relation of its tail b
    first = np.repeat(np.arange(F), k)  # (F·k,): the first hop's atomic fact
    b = atomic[first, 2]  # (F·k,): the bridge
    r2 = rel[atomic[:, 2]].ravel()  # (F·k,): each of the bridge's k relations
    second = index[b, r2]  # (F·k,): the second hop's atomic fact
    two_hop = np.stack([atomic[first, 0], atomic[first, 1], r2, b, atomic[second, 2]], axis=1)  # (F·k, 5)
    ood1, ood2 = atomic_ood[first], atomic_ood[second]
    both_id, both_ood = ~ood1 & ~ood2, ood1 & ood2
    id_rows = two_hop[rng.permutation(np.flatnonzero(both_id))]
    n_train = round(config.ratio * int(np.sum(~atomic_ood)))
    if n_train + config.id_test_size > len(id_rows):
        raise ValueError(f"ratio λ = {config.ratio:g} asks for {n_train} training two-hop facts plus "
                         f"id_test_size = {config.id_test_size}, but only {len(id_rows)} two-hop facts have both "
                         "hops ID: lower ratio, ood_share or id_test_size, or raise entities or out_degree")
    train = id_rows[:n_train].copy()
    id_test = id_rows[n_train:n_train + config.id_test_size]
    ood_rows = two_hop[np.flatnonzero(both_ood)]
    ood_test = ood_rows[rng.permutation(len(ood_rows))[: config.ood_test_size]]
    noisy = np.zeros(len(train), dtype=bool)
    noisy[rng.permutation(len(train))[: round(config.noise * len(train))]] = True
    if config.noise_target in ("b", "both"):
        train[noisy, 3] = rng.integers(0, E, int(noisy.sum()))
    if config.noise_target in ("t", "both"):
        train[noisy, 4] = rng.integers(0, E, int(noisy.sum()))
    return KnowledgeData(config, tail, atomic, atomic_ood, train, noisy, id_test, ood_test,
                         int(np.sum(~both_id & ~both_ood)))


# ------------------------------------------------------------------------------------------------------
# tokenisation


def _relation_tokens(config: KnowledgeConfig, r: np.ndarray) -> np.ndarray:
    return r + config.entities


def atomic_sequences(data: KnowledgeData) -> np.ndarray:
    """(F, 5) token rows ``h r t PAD PAD``."""
    cfg = _data(data).config
    out = np.full((len(data.atomic), SEQ_LEN), cfg.pad)
    out[:, 0] = data.atomic[:, 0]
    out[:, 1] = _relation_tokens(cfg, data.atomic[:, 1])
    out[:, 2] = data.atomic[:, 2]
    return out


def two_hop_sequences(config: KnowledgeConfig, rows: np.ndarray, cot: bool) -> np.ndarray:
    """(m, 5) token rows: ``h r1 r2 t PAD`` (no CoT) or ``h r1 r2 b t`` (CoT), from two-hop rows (h, r1, r2, b, t)
    of ``config``'s ids (m ≥ 0)."""
    rows = fact_rows("rows", _config(config), rows, (1, 2))
    cot = validate.boolean("cot", cot)
    out = np.full((len(rows), SEQ_LEN), config.pad)
    out[:, 0] = rows[:, 0]
    out[:, 1] = _relation_tokens(config, rows[:, 1])
    out[:, 2] = _relation_tokens(config, rows[:, 2])
    if cot:
        out[:, 3], out[:, 4] = rows[:, 3], rows[:, 4]
    else:
        out[:, 3] = rows[:, 4]
    return out


def training_sequences(data: KnowledgeData, cot: bool) -> tuple[np.ndarray, np.ndarray]:
    """Every training sequence (atomic facts, then training two-hop facts) and its prompt length (2 or 3)."""
    _data(data)
    seqs = np.concatenate([atomic_sequences(data), two_hop_sequences(data.config, data.train_two_hop, cot)])
    prompt = np.concatenate([np.full(len(data.atomic), 2), np.full(len(data.train_two_hop), 3)])
    return seqs, prompt


def loss_arrays(seqs: np.ndarray, prompt: np.ndarray, pad: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Next-token inputs (m, L−1), targets (m, L−1) and weights (m, L−1) of token rows (m, L) (L = 5 here, 7 for the
    three-hop format): weight 1 exactly on the target positions (after the row's prompt of ``prompt[i]`` tokens,
    1 ≤ prompt[i] < L, and not ``pad``)."""
    seqs = validate.tokens("seqs", seqs)
    width = seqs.shape[1]
    if width < 2:
        raise ValueError(f"seqs must have at least 2 tokens per row (a prompt and a target), got {width}")
    prompt = validate.tokens("prompt", prompt, ndim=1)
    if len(prompt) != len(seqs) or prompt.min() < 1 or prompt.max() >= width:
        raise ValueError(f"prompt must give each of the {len(seqs)} rows a prompt length in 1..{width - 1}, got "
                         f"{len(prompt)} lengths in [{prompt.min()}, {prompt.max()}]")
    pad = validate.integer("pad", pad, 0)
    inputs, targets = seqs[:, :-1], seqs[:, 1:]  # (m, L−1) each
    position = np.arange(width - 1)[None, :]  # target j is token j + 1
    weights = ((position + 1 >= prompt[:, None]) & (targets != pad)).astype(float)
    return inputs, targets, weights


# ------------------------------------------------------------------------------------------------------
# greedy evaluation


def exact_match(params, model_config, data: KnowledgeData, rows: np.ndarray, cot: bool) -> float:
    """Share of two-hop queries (h, r1, r2) answered exactly by greedy decoding: without CoT the first generated
    token must be t; with CoT the first must be b and the second — decoded after the model's *own* b — must be t."""
    from seqtheory.simulate.nn import transformer

    cfg = _data(data).config
    rows = fact_rows("rows", cfg, rows, (1, 2))
    if len(rows) == 0:
        return float("nan")
    prompt = two_hop_sequences(cfg, rows, cot)[:, :3]  # (m, 3): h r1 r2
    logits, _ = transformer.forward(params, model_config, prompt)
    first = logits[:, -1].argmax(axis=-1)  # (m,)
    if not cot:
        return float(np.mean(first == rows[:, 4]))
    logits, _ = transformer.forward(params, model_config, np.concatenate([prompt, first[:, None]], axis=1))
    second = logits[:, -1].argmax(axis=-1)
    return float(np.mean((first == rows[:, 3]) & (second == rows[:, 4])))


def bridge_lens(params, model_config, data: KnowledgeData, rows: np.ndarray, cot: bool) -> np.ndarray:
    """(n_layers,): per block, the share of queries (h, r1, r2) whose logit-lens top-1 token at the last prompt
    position (r2, where the CoT model emits b) is the bridge b (:func:`seqtheory.simulate.nn.probes.logit_lens`)."""
    from seqtheory.simulate.nn import probes, transformer

    rows = fact_rows("rows", _data(data).config, rows, (1, 2))
    if len(rows) == 0:
        raise ValueError("rows must hold at least one two-hop query, got none")
    prompt = two_hop_sequences(data.config, rows, cot)[:, :3]  # (m, 3): h r1 r2
    _, cache = transformer.forward(params, model_config, prompt)
    top = probes.logit_lens(params, model_config, cache)[:, :, -1].argmax(axis=-1)  # (n_layers, m)
    return np.mean(top == rows[None, :, 3], axis=1)


# ------------------------------------------------------------------------------------------------------
# training


def train(data: KnowledgeData, cot: bool, model_config, steps: int, rng: np.random.Generator, batch: int = 64,
          lr: float = 3e-3, dtype=np.float32, record_every: int = 0, record=None, weight_decay: float = 0.0,
          schedule: str = "constant", stop: int | None = None):
    """Train the numpy transformer (:func:`seqtheory.simulate.nn.train.train_tokens`: Adam, constant rate unless
    ``schedule="cosine"``, ``weight_decay`` when positive, float32 by default; ``stop``: only the first steps) on
    every training sequence (atomic facts and training two-hop facts in the chosen format), batches drawn uniformly
    with replacement.  Returns the parameters and the per-step losses."""
    from seqtheory.simulate.nn import train as nn_train

    batch = validate.integer("batch", batch, 1)
    seqs, prompt = training_sequences(_data(data), cot)
    inputs, targets, weights = loss_arrays(seqs, prompt, data.config.pad)

    def draw(r):
        idx = r.integers(0, len(inputs), batch)  # (batch,)
        return inputs[idx], targets[idx], weights[idx]

    return nn_train.train_tokens(model_config, draw, steps, rng, lr, dtype, record_every, record, weight_decay,
                                 schedule, stop)
