"""A replica of Ren, Li, Liu's CoT experiment (arXiv:2410.03810v3, §5; the abstract: "our experiments on the copy
and CoT tasks further demonstrate Mamba's limitations compared to Transformers in learning these tasks"): the
toolkit's Mamba and Transformer of matched size trained on a DP task — the longest increasing subsequence (LIS) —
with a chain of thought that writes the DP table, and without one.

Task (the text's own tasks and settings were not reached; this is a reconstruction): T = :data:`LENGTH` numbers a_i
drawn uniformly from 0..Q−1 (Q = :data:`VALUES`); the DP of :func:`seqtheory.simulate.dp.lis_direct`,
dp_i = 1 + max{dp_j : j < i, a_j < a_i}; the answer is max_i dp_i.  Tokens: values and DP entries share the ids
0..T; SEP = T + 1.

* **CoT**: ``a_1 … a_T SEP dp_1 … dp_T ans`` (2T + 2 tokens): the model writes the DP table, then the answer;
* **direct**: ``a_1 … a_T SEP ans`` (T + 2 tokens).

Next-token loss on every token after SEP.  The models are those of the COPY replica
(:mod:`seqtheory.simulate.copy_replica`: 2-block Mamba, d_model 32, E 64, N 8 — a state of E·N = 512 numbers per
block, constant in T — and a 2-block Transformer, d_model 32, 4 heads, d_ff 64, each ≈ 18 000 parameters) for this
vocabulary; Adam :data:`LR` with the cosine schedule of :func:`seqtheory.simulate.nn.train.fit`, batch
:data:`BATCH`, :data:`STEPS` steps for every training.  Scored on :data:`EVAL_BATCH` fresh problems by **greedy
decoding**: with CoT the model decodes its own DP table, then the answer; the answer must equal the LIS length.

One replica trains the four (model, format) pairs, each on its own training stream, and evaluates them on one
shared evaluation stream (the same problems for all four: paired).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.nn import mamba_train as mt
from seqtheory.simulate.nn import paired, transformer

LENGTH = 8
VALUES = 8
SEP = LENGTH + 1
VOCAB = LENGTH + 2
STEPS = 1500
BATCH = 32
LR = 3e-3
EVAL_BATCH = 512
#: Steps whose losses fingerprint a training (its replay).
REPLAY = 20

MAMBA = mt.MambaConfig(vocab=VOCAB, d_model=32, E=64, N=8, R=4, K=4, n_layers=2)
TRANSFORMER = transformer.Config(vocab=VOCAB, max_len=2 * LENGTH + 2, d_model=32, n_heads=4, n_layers=2, d_ff=64)
#: Each model: (initialiser, forward, backward, config).
MODELS: dict[str, paired.Model] = {
    "mamba": (mt.init_params, mt.forward, mt.backward, MAMBA),
    "transformer": (transformer.init_params, transformer.forward, transformer.backward, TRANSFORMER),
}
FORMATS = ("cot", "direct")


def lis_table(a: np.ndarray) -> np.ndarray:
    """(B, T) DP table dp_i = 1 + max{dp_j : j < i, a_j < a_i} of each row of ``a`` (B, T) ints, vectorised over
    the batch (a loop over the T positions only); :func:`seqtheory.simulate.dp.lis_direct` is the reference."""
    a = np.asarray(a)
    if a.ndim != 2 or not np.issubdtype(a.dtype, np.integer):
        raise ValueError(f"a must be a 2-d integer array (batch, T), got shape {a.shape} and dtype {a.dtype}")
    dp = np.zeros(a.shape, dtype=np.int64)  # (B, T)
    for i in range(a.shape[1]):
        smaller = a[:, :i] < a[:, i:i + 1]  # (B, i)
        dp[:, i] = 1 + np.max(np.where(smaller, dp[:, :i], 0), axis=1, initial=0)
    return dp


def _problems(a) -> np.ndarray:
    """``a`` as a batch of this task's problems: (B, T) integers in 0..Q−1 (T = :data:`LENGTH`), B ≥ 1."""
    a = validate.tokens("a", a, vocab=VALUES)
    if a.shape[1] != LENGTH:
        raise ValueError(f"a must hold problems of T = {LENGTH} numbers, shape (batch, {LENGTH}); got {a.shape}")
    return a


def sequences(a: np.ndarray, cot: bool) -> np.ndarray:
    """(B, 2T + 2) CoT or (B, T + 2) direct token rows for problems ``a`` (B, T)."""
    a, cot = _problems(a), validate.boolean("cot", cot)
    dp = lis_table(a)  # (B, T)
    answer = dp.max(axis=1, keepdims=True)  # (B, 1)
    sep = np.full((len(a), 1), SEP)
    parts = [a, sep, dp, answer] if cot else [a, sep, answer]
    return np.concatenate(parts, axis=1)


def problems(rng: np.random.Generator, batch: int) -> np.ndarray:
    """(batch, T) problems, values uniform in 0..Q−1."""
    rng = validate.generator("rng", rng)
    return rng.integers(0, VALUES, size=(validate.integer("batch", batch, 1), LENGTH))


def batch_arrays(a: np.ndarray, cot: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Next-token inputs, targets and weights: weight 1 on every target after SEP (the table and the answer)."""
    seq = sequences(a, cot)
    inputs, targets = seq[:, :-1], seq[:, 1:]  # (B, S − 1)
    weights = np.zeros(targets.shape)
    weights[:, LENGTH:] = 1.0  # target j is token j + 1: tokens after SEP (position T)
    return inputs, targets, weights


def train(name: str, cot: bool, rng: np.random.Generator, steps: int = STEPS,
          stop: int | None = None) -> tuple[dict, np.ndarray]:
    """Train model ``name`` on LIS with or without CoT (fresh problems every step); with ``stop``, only the first
    steps of the same schedule."""
    chosen = paired.model(MODELS, name)
    cot = validate.boolean("cot", cot)
    return paired.train(chosen, lambda r: batch_arrays(problems(r, BATCH), cot), validate.generator("rng", rng),
                        steps, LR, stop)


def greedy(name: str, params: dict, a: np.ndarray, cot: bool) -> tuple[np.ndarray, np.ndarray]:
    """Greedy decoding after ``a SEP``: the decoded DP table (B, T) (empty without CoT) and the answer (B,)."""
    _, forward, _, cfg = paired.model(MODELS, name)
    a, cot = _problems(a), validate.boolean("cot", cot)
    seq = np.concatenate([a, np.full((len(a), 1), SEP)], axis=1)  # (B, T + 1)
    for _ in range(LENGTH + 1 if cot else 1):
        out, _ = forward(params, cfg, seq)
        seq = np.concatenate([seq, out[:, -1].argmax(axis=-1)[:, None]], axis=1)
    return seq[:, LENGTH + 1:-1], seq[:, -1]


def scores(name: str, params: dict, a: np.ndarray, cot: bool) -> dict[str, float]:
    """Answer accuracy (``acc``) and, with CoT, the share of problems whose decoded table is entirely right
    (``table``)."""
    table, answer = greedy(name, params, a, cot)
    dp = lis_table(_problems(a))
    out = {"acc": float(np.mean(answer == dp.max(axis=1)))}
    if cot:
        out["table"] = float(np.mean(np.all(table == dp, axis=1)))
    return out


def _streams(seed_seq: np.random.SeedSequence) -> tuple[dict, np.random.Generator]:
    """A training stream per (model, format) and the shared evaluation stream — children of ``seed_seq`` by spawn
    key, so a replica and its replay see the same streams whatever ran before."""
    pairs = [(name, fmt) for name in MODELS for fmt in FORMATS]
    return ({pair: paired.child_stream(seed_seq, i) for i, pair in enumerate(pairs)},
            paired.child_stream(seed_seq, len(pairs)))


def replica(seed_seq: np.random.SeedSequence, steps: int = STEPS) -> dict[str, float]:
    """The four trainings of one seed: ``<model>_<format>_acc`` (greedy answer accuracy on the shared evaluation
    problems), ``<model>_cot_table`` (whole DP table right), ``<model>_params``, ``<model>_<format>_replay``; and
    ``majority`` (accuracy of always answering the most frequent LIS length of those problems)."""
    trains, evaluation = _streams(seed_seq)
    a = problems(evaluation, EVAL_BATCH)  # (EVAL_BATCH, T)
    lengths = lis_table(a).max(axis=1)
    out: dict[str, float] = {"majority": float(np.max(np.bincount(lengths)) / len(lengths)),
                             "length": float(LENGTH), "steps": float(steps)}
    for (name, fmt), rng in trains.items():
        params, losses = train(name, fmt == "cot", rng, steps)
        for key, value in scores(name, params, a, fmt == "cot").items():
            out[f"{name}_{fmt}_{key}"] = value
        out[f"{name}_params"] = float(sum(v.size for v in params.values()))
        out[f"{name}_{fmt}_replay"] = paired.fingerprint(losses, REPLAY)
    return out


def replay(seed_seq: np.random.SeedSequence, steps: int = STEPS) -> dict[str, float]:
    """The fingerprints of :func:`replica` from the first :data:`REPLAY` steps of each training."""
    trains, _ = _streams(seed_seq)
    return {f"{name}_{fmt}_replay": paired.fingerprint(train(name, fmt == "cot", rng, steps, stop=REPLAY)[1], REPLAY)
            for (name, fmt), rng in trains.items()}
