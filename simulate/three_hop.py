"""Two hops to three (the question of Yao, Ren, Liao, Liu 2025's code, github.com/chen123CtrlS/T-CotMechanism,
``3hop``: "Can a model that has only encountered two-hop facts during the CoT training phase generalize to three-hop
facts?"): a three-hop extension of the two-hop generator and the replica that asks it on the numpy transformer.

Facts: :func:`seqtheory.simulate.knowledge.generate` at :data:`DATA` (the quick two-hop replica's facts).  A
**three-hop fact** ``(h, r1, r2, r3) → (b1, b2, t)`` chains three atomic facts, b1 = tail[h, r1], b2 = tail[b1, r2],
t = tail[b2, r3]; only chains whose three atomic facts are all ID are used (the question is about the number of
hops, not about OOD facts).  Its CoT format is ``h r1 r2 r3 b1 b2 t`` (7 tokens: the prompt is 4, the targets
b1, b2, t); atomic facts ``h r t`` and two-hop CoT facts ``h r1 r2 b t`` are padded to 7.

One replica trains two CoT models **from the same model seed on the same facts** (paired):

* ``two``: the atomic facts and the training two-hop facts (the two-hop CoT training of the quick replica);
* ``mix``: the same plus a small set of training three-hop facts, :data:`THREE_SHARE` × the two-hop count;

and measures on held-out three-hop queries (never trained in either arm) the greedy exact match with CoT — the
model decodes its own b1, then its own b2, then t — and on the two-hop ID test the two-hop exact match.

A simplification stated: the replica's transformer has learned position embeddings, so positions 5 and 6 (where
three-hop CoT writes b2 and t) are never a target in the ``two`` arm; that is part of what "only two-hop facts"
means for such a model (the paper's GPT-2 models have learned positions too).  Scale: far below the paper's
(|E| = 100, 1 block, d = 32, against 2000 entities and 8 layers).

Glossary: ``share`` ↔ the three-hop share of the training chains; ``two_three`` ↔ three-hop exact match of the
two-hop-only model.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from seqtheory.simulate import knowledge as kn
from seqtheory.simulate import two_hop, validate

#: The facts: the quick two-hop replica's generator settings.
DATA = kn.KnowledgeConfig(entities=100, relations=8, out_degree=4, ood_share=0.2, ratio=2.5, id_test_size=40,
                          ood_test_size=300)
#: Tokens per sequence (the three-hop CoT format h r1 r2 r3 b1 b2 t).
SEQ_LEN = 7
#: Training three-hop facts in the ``mix`` arm, as a share of the training two-hop facts.
THREE_SHARE = 0.1
#: Held-out three-hop queries per replica.
THREE_TEST = 200
#: Training steps per model, batch, Adam rate.
STEPS, BATCH, LR = 1500, 64, 3e-3
#: Steps replayed by ``verify`` to confirm a recorded replica reproduces bit for bit (the two-hop replica's).
REPLAY = two_hop.REPLAY


@dataclasses.dataclass(frozen=True)
class ThreeHopData:
    """Two-hop facts and, from the same atomic facts, the three-hop split.  Three-hop rows are (h, r1, r2, r3, b1,
    b2, t)."""

    two: kn.KnowledgeData
    train_three: np.ndarray  # (m, 7) int
    test_three: np.ndarray  # (q, 7) int
    id_chains: int  # three-hop chains whose three atomic facts are ID


def _checked(data) -> ThreeHopData:
    if not isinstance(data, ThreeHopData):
        raise validate.ArgumentTypeError(f"data must be a ThreeHopData, got {type(data).__name__}")
    return data


def three_hop_chains(data: kn.KnowledgeData) -> np.ndarray:
    """Every three-hop chain of ``data``'s atomic facts whose three hops are ID: (N, 7) rows (h, r1, r2, r3, b1,
    b2, t), in a fixed order (first hop by atomic index, then the bridges' relations in increasing order)."""
    if not isinstance(data, kn.KnowledgeData):
        raise validate.ArgumentTypeError(f"data must be a KnowledgeData, got {type(data).__name__}")
    tail, atomic, ood = data.tail, data.atomic, data.atomic_ood
    E, R = tail.shape
    validate.budget("the three-hop chains (entities·out_degree³ rows of 7 ints, twice)",
                    14.0 * E * data.config.out_degree**3)
    index = np.full((E, R), -1)
    index[atomic[:, 0], atomic[:, 1]] = np.arange(len(atomic))
    k = data.config.out_degree
    rel = np.nonzero(tail >= 0)[1].reshape(E, k)  # (E, k): each entity's relations, in increasing order
    # hop 1: atomic fact i; hop 2: each relation of b1; hop 3: each relation of b2
    i1 = np.repeat(np.arange(len(atomic)), k * k)  # (F·k²,)
    b1 = atomic[i1, 2]
    r2 = np.tile(np.repeat(np.arange(k), k), len(atomic))  # (F·k²,) position of r2 among b1's relations
    r2 = rel[b1, r2]
    i2 = index[b1, r2]
    b2 = atomic[i2, 2]
    r3 = rel[b2, np.tile(np.arange(k), len(atomic) * k)]
    i3 = index[b2, r3]
    rows = np.stack([atomic[i1, 0], atomic[i1, 1], r2, r3, b1, b2, atomic[i3, 2]], axis=1)  # (F·k², 7)
    return rows[~ood[i1] & ~ood[i2] & ~ood[i3]]


def generate(config: kn.KnowledgeConfig, rng: np.random.Generator, share: float = THREE_SHARE,
             test: int = THREE_TEST) -> ThreeHopData:
    """The two-hop facts of :func:`seqtheory.simulate.knowledge.generate` (drawn first, so they equal the two-hop
    replica's for the same generator), then ``round(share × #training two-hop facts)`` training three-hop facts and
    ``test`` held-out three-hop queries, disjoint, from the all-ID chains."""
    share = validate.real("share", share, 0.0, 1.0)
    test = validate.integer("test", test, 1)
    two = kn.generate(config, rng)
    chains = three_hop_chains(two)  # (N, 7)
    m = round(share * len(two.train_two_hop))
    if m + test > len(chains):
        raise ValueError(f"share = {share:g} and test = {test} ask for {m + test} three-hop chains, but only "
                         f"{len(chains)} have three ID hops: lower share or test")
    order = rng.permutation(len(chains))
    return ThreeHopData(two, chains[order[:m]], chains[order[m:m + test]], len(chains))


# ------------------------------------------------------------------------------------------------------
# tokenisation (7 tokens)


def three_hop_sequences(config: kn.KnowledgeConfig, rows: np.ndarray) -> np.ndarray:
    """(m, 7) token rows ``h r1 r2 r3 b1 b2 t`` from three-hop rows (h, r1, r2, r3, b1, b2, t) of ``config``'s ids."""
    if not isinstance(config, kn.KnowledgeConfig):
        raise validate.ArgumentTypeError(f"config must be a KnowledgeConfig, got {type(config).__name__}")
    out = np.array(kn.fact_rows("rows", config, rows, (1, 2, 3)), copy=True)  # (m, 7)
    out[:, 1:4] += config.entities  # relation ids → relation tokens
    return out


def _pad(seqs: np.ndarray, pad: int) -> np.ndarray:
    out = np.full((len(seqs), SEQ_LEN), pad)  # (m, 7)
    out[:, :seqs.shape[1]] = seqs
    return out


def training_sequences(data: ThreeHopData, three: bool) -> tuple[np.ndarray, np.ndarray]:
    """Atomic facts, training two-hop CoT facts and (``three``) training three-hop facts, padded to 7 tokens, and
    each sequence's prompt length (2, 3, 4)."""
    three = validate.boolean("three", three)
    two = _checked(data).two
    cfg = two.config
    parts = [_pad(kn.atomic_sequences(two), cfg.pad), _pad(kn.two_hop_sequences(cfg, two.train_two_hop, True),
                                                            cfg.pad)]
    prompt = [np.full(len(two.atomic), 2), np.full(len(two.train_two_hop), 3)]
    if three:
        parts.append(three_hop_sequences(cfg, data.train_three))
        prompt.append(np.full(len(data.train_three), 4))
    return np.concatenate(parts), np.concatenate(prompt)


#: Next-token inputs, targets and weights of 7-token rows: the shared form of the two-hop replica.
loss_arrays = kn.loss_arrays


# ------------------------------------------------------------------------------------------------------
# evaluation and training


def three_hop_match(params, model_config, data: ThreeHopData, rows: np.ndarray) -> np.ndarray:
    """(3,): the share of three-hop queries (h, r1, r2, r3) whose greedy CoT decoding is right through b1, through
    b2 and through t (b2 decoded after the model's own b1, t after its own b2); the last is the exact match."""
    from seqtheory.simulate.nn import transformer

    seq = three_hop_sequences(_checked(data).two.config, rows)[:, :4]  # (q, 4): h r1 r2 r3
    if len(seq) == 0:
        raise ValueError("rows must hold at least one three-hop query, got none")
    right = np.ones(len(rows), dtype=bool)
    out = np.empty(3)
    for j in range(3):  # b1, b2, t
        logits, _ = transformer.forward(params, model_config, seq)
        token = logits[:, -1].argmax(axis=-1)  # (q,)
        right &= token == rows[:, 4 + j]
        out[j] = np.mean(right)
        seq = np.concatenate([seq, token[:, None]], axis=1)
    return out


def model_config(config: kn.KnowledgeConfig = DATA):
    """The quick replica's transformer (1 block, d = 32, 4 heads, d_ff = 128) for ``config``'s vocabulary."""
    return two_hop.model_config(config)


def train(data: ThreeHopData, three: bool, rng: np.random.Generator, steps: int = STEPS, stop: int | None = None):
    """Adam at :data:`LR`, batch :data:`BATCH`, float32, batches drawn uniformly with replacement from the training
    sequences of an arm (``three``: with the three-hop facts)."""
    from seqtheory.simulate.nn import train as nn_train

    seqs, prompt = training_sequences(data, three)  # validates data and three
    inputs, targets, weights = kn.loss_arrays(seqs, prompt, data.two.config.pad)

    def draw(r):
        idx = r.integers(0, len(inputs), BATCH)  # (batch,)
        return inputs[idx], targets[idx], weights[idx]

    return nn_train.train_tokens(model_config(data.two.config), draw, steps, rng, LR, stop=stop)


ARMS = (("two", False), ("mix", True))


def _data(seed_seq: np.random.SeedSequence, share: float) -> tuple[ThreeHopData, np.random.SeedSequence]:
    data_ss, model_ss = kn.split_seed(seed_seq)
    return generate(DATA, np.random.default_rng(data_ss), share), model_ss


def replica(seed_seq: np.random.SeedSequence, steps: int = STEPS, share: float = THREE_SHARE) -> dict[str, float]:
    """One replica: per arm (``two``, ``mix``) the two-hop ID exact match ``<arm>_id``, the held-out three-hop exact
    match ``<arm>_three``, the shares right through the first and the second bridge (``<arm>_b1``, ``<arm>_b2``)
    and a replay fingerprint ``<arm>_replay``; the three-hop counts ``train_three``, ``chains``."""
    data, model_ss = _data(seed_seq, share)
    mc = model_config(data.two.config)
    out: dict[str, float] = {"train_three": float(len(data.train_three)), "chains": float(data.id_chains)}
    for arm, three in ARMS:
        params, losses = train(data, three, np.random.default_rng(model_ss), steps)
        out[f"{arm}_id"] = kn.exact_match(params, mc, data.two, data.two.id_test, True)
        out[f"{arm}_b1"], out[f"{arm}_b2"], out[f"{arm}_three"] = three_hop_match(params, mc, data, data.test_three)
        out[f"{arm}_replay"] = two_hop.fingerprint(losses)
    return out


def replay(seed_seq: np.random.SeedSequence, steps: int = STEPS, share: float = THREE_SHARE) -> dict[str, float]:
    """The fingerprints of :func:`replica` from the first :data:`REPLAY` steps of each training."""
    data, model_ss = _data(seed_seq, share)
    return {f"{arm}_replay": two_hop.fingerprint(train(data, three, np.random.default_rng(model_ss), steps,
                                                stop=REPLAY)[1]) for arm, three in ARMS}
