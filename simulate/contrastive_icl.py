"""Does a contrastive modification of the attention layer improve in-context learning?  A trained replica for Ren &
Liu 2024 (arXiv:2310.13220), §5 (the abstract: "we propose potential modifications for the attention layer" — the
text's experiments were not reached; the task, model and settings here are this toolkit's reconstruction).

**Task**: in-context linear regression.  A prompt holds N demonstrations (x_i, y_i = wᵀx_i) and a query (x_q, 0),
x ~ N(0, I_d), w ~ N(0, I_d/d) fresh per prompt (so Var y_q = 1: predicting 0 has error 1); tokens
h_i = (x_i, y_i) ∈ R^{d+1}, the query last (T = N + 1 tokens).

**Model**: one masked softmax attention layer of :mod:`seqtheory.simulate.nn.dual_contrastive` read at the query's
y-coordinate:  ŷ = Σ_{i<T} s_i (v_i − β v_{π(i)}),  s_i = e^{k_iᵀq/√d_k} / Σ_{j≤T} e^{k_jᵀq/√d_k} (the query's own
key in the normaliser, its value masked, as Ren & Liu state the layer), q = h_T W_Q, k_i = g_K(h_i) W_K,
v_i = g_V(h_i) w_V (w_V the y-column of W_V: the only one the prediction reads), π(i) = i + 1 mod T.  Variants
(:data:`VARIANTS`):

* ``base`` — β = 0, g = identity: the layer as stated;
* ``negative`` — β = :data:`BETA`: every pair (k_i, v_i) gets the negative pair (k_i, v_{π(i)});
* ``augmented`` — g(x) = x + tanh(x U) with trained U_K, U_V in place of the linear views.

The **regularised** variant is not trained: by the exact claim ``renliu2024/modified/regularised`` its layer is the
base layer with the attention update scaled by c_k(ηλ) > 0, i.e. the base layer with w_V·c_k — a reparametrisation
(every prediction one makes, the other makes with w_V/c_k), so it cannot change the error a trained layer can
reach, only the optimiser's path to it (``docs/attention_sparsemax_dual.md``).

**Training**: Adam at :data:`LR` with a linear warm-up over steps/20 and cosine decay, :data:`STEPS` steps of
:data:`BATCH` fresh prompts, squared error at the query; every variant from the same initial W_Q, W_K, w_V (U
starts at 0, so the augmented layer starts as the base one) and the same prompt stream (paired).  Scored by the
mean squared error on :data:`EVAL_PROMPTS` fresh prompts shared by the variants.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.optim import Adam, cosine_lr

#: x dimension d, demonstrations N, key width d_k.
DIM, DEMOS, KEY = 4, 16, 5
BETA = 1.0
VARIANTS = ("base", "negative", "augmented")
#: The variants a negative-samples-only replica trains (:func:`pair_replica`).
PAIR = ("base", "negative")
STEPS, BATCH, LR, EVAL_PROMPTS = 4000, 64, 1e-2, 4096
#: Initial weights' standard deviation.
INIT = 0.3
#: Steps whose losses fingerprint a training (the replay ``verify`` re-runs).
REPLAY = 20


def prompts(rng: np.random.Generator, batch: int, dim: int = DIM, demos: int = DEMOS
            ) -> tuple[np.ndarray, np.ndarray]:
    """``batch`` prompts: tokens (batch, N + 1, d + 1) — demonstrations (x_i, wᵀx_i), then the query (x_q, 0) —
    and the query's target wᵀx_q (batch,)."""
    rng = validate.generator("rng", rng)
    batch = validate.integer("batch", batch, 1)
    dim = validate.integer("dim", dim, 1)
    demos = validate.integer("demos", demos, 1)
    validate.budget("the prompts", batch * (demos + 1) * (dim + 1))
    x = rng.standard_normal((batch, demos + 1, dim))  # (B, T, d)
    w = rng.standard_normal((batch, dim)) / np.sqrt(dim)  # (B, d)
    y = np.einsum("btd,bd->bt", x, w)  # (B, T)
    tokens = np.concatenate([x, y[..., None]], axis=-1)  # (B, T, d + 1)
    tokens[:, -1, -1] = 0.0  # the query's label is what the model predicts
    return tokens, y[:, -1]


def init_params(rng: np.random.Generator, variant: str, dim: int = DIM, key: int = KEY) -> dict[str, np.ndarray]:
    """W_Q, W_K (d + 1, d_k), w_V (d + 1,) drawn N(0, INIT²) in that order — the same draws for every variant —
    and, for ``augmented``, U_K = U_V = 0 (d + 1, d + 1)."""
    rng = validate.generator("rng", rng)
    variant = _variant(variant)
    d_h = validate.integer("dim", dim, 1) + 1
    key = validate.integer("key", key, 1)
    p = {"wq": INIT * rng.standard_normal((d_h, key)), "wk": INIT * rng.standard_normal((d_h, key)),
         "wv": INIT * rng.standard_normal(d_h)}
    if variant == "augmented":
        p.update(uk=np.zeros((d_h, d_h)), uv=np.zeros((d_h, d_h)))
    return p


def _variant(variant) -> str:
    if not isinstance(variant, str) or variant not in VARIANTS:
        raise ValueError(f"variant must be one of {list(VARIANTS)}, got {variant!r}")
    return variant


def _view(tokens: np.ndarray, u: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """g(h) = h + tanh(h U) (or h itself) and tanh(h U) for the backward."""
    if u is None:
        return tokens, None
    th = np.tanh(tokens @ u)  # (B, T, D)
    return tokens + th, th


def _prompt_arrays(p: dict, tokens, targets=None) -> tuple[np.ndarray, np.ndarray | None]:
    """``tokens`` (B, T, D) with T ≥ 2 (a demonstration and the query) and D the layer's token width; ``targets``
    (B,) when given."""
    tokens = validate.array("tokens", tokens, ndim=3)
    if tokens.shape[1] < 2 or tokens.shape[2] != p["wq"].shape[0]:
        raise ValueError(f"tokens must have shape (batch, T ≥ 2, {p['wq'].shape[0]}) for these weights, got "
                         f"{tokens.shape}")
    if targets is not None:
        targets = validate.array("targets", targets, ndim=1)
        if len(targets) != len(tokens):
            raise ValueError(f"targets must hold one value per prompt ({len(tokens)}), got {len(targets)}")
    return tokens, targets


def forward(p: dict, tokens: np.ndarray, variant: str) -> tuple[np.ndarray, tuple]:
    """Predictions ŷ (B,) at the query of each prompt ``tokens`` (B, T, D), and the cache for :func:`backward`."""
    variant = _variant(variant)
    tokens, _ = _prompt_arrays(p, tokens)
    return _forward(p, tokens, variant)


def _forward(p: dict, tokens: np.ndarray, variant: str) -> tuple[np.ndarray, tuple]:
    """:func:`forward` on arguments already checked."""
    beta = BETA if variant == "negative" else 0.0
    gk, thk = _view(tokens, p.get("uk"))
    gv, thv = _view(tokens, p.get("uv"))
    scale = p["wk"].shape[1] ** -0.5
    q = tokens[:, -1] @ p["wq"]  # (B, d_k)
    k = gk @ p["wk"]  # (B, T, d_k)
    a = np.einsum("btk,bk->bt", k, q) * scale  # (B, T): every key, the query's own included
    s = np.exp(a - a.max(axis=1, keepdims=True))
    s /= s.sum(axis=1, keepdims=True)  # (B, T)
    v = gv @ p["wv"]  # (B, T)
    r = v[:, :-1] - beta * v[:, 1:]  # (B, T − 1): v_i − β v_{π(i)}, π(i) = i + 1 (the query's value for i = N)
    y_hat = np.sum(s[:, :-1] * r, axis=1)  # (B,)
    return y_hat, (tokens, gk, thk, gv, thv, q, k, s, r, beta, scale)


def backward(p: dict, dy: np.ndarray, cache: tuple) -> dict[str, np.ndarray]:
    """Gradients of every parameter for the predictions' gradient ``dy`` (B,)."""
    tokens, gk, thk, gv, thv, q, k, s, r, beta, scale = cache
    ds = np.zeros_like(s)  # (B, T)
    ds[:, :-1] = dy[:, None] * r
    dr = dy[:, None] * s[:, :-1]  # (B, T − 1)
    dv = np.zeros_like(s)  # (B, T)
    dv[:, :-1] += dr
    dv[:, 1:] -= beta * dr
    da = s * (ds - np.sum(s * ds, axis=1, keepdims=True))  # (B, T): softmax backward
    dk = da[..., None] * q[:, None, :] * scale  # (B, T, d_k)
    dq = np.einsum("bt,btk->bk", da, k) * scale  # (B, d_k)
    grads = {"wq": tokens[:, -1].T @ dq, "wk": np.einsum("btd,btk->dk", gk, dk),
             "wv": np.einsum("btd,bt->d", gv, dv)}
    if thk is not None:
        dgk = dk @ p["wk"].T  # (B, T, D)
        dgv = dv[..., None] * p["wv"]  # (B, T, D)
        grads["uk"] = np.einsum("btd,bte->de", tokens, dgk * (1 - thk**2))
        grads["uv"] = np.einsum("btd,bte->de", tokens, dgv * (1 - thv**2))
    return grads


def loss(p: dict, tokens: np.ndarray, targets: np.ndarray, variant: str) -> tuple[float, dict]:
    """The mean squared error at the queries and its gradients."""
    tokens, targets = _prompt_arrays(p, tokens, targets)
    y_hat, cache = _forward(p, tokens, _variant(variant))
    err = y_hat - targets  # (B,)
    return float(np.mean(err**2)), backward(p, 2 * err / len(err), cache)


def train(variant: str, init_rng: np.random.Generator, data_rng: np.random.Generator, steps: int = STEPS,
          stop: int | None = None) -> tuple[dict, np.ndarray]:
    """Train ``variant`` (Adam, warm-up then cosine over ``steps``; fresh prompts from ``data_rng`` every step);
    ``stop`` ends the run after its first steps of the same schedule (the replay).  Returns params and losses."""
    steps = validate.integer("steps", steps, 1)
    run = steps if stop is None else validate.integer("stop", stop, 1, steps)
    p = init_params(init_rng, variant)
    data_rng = validate.generator("data_rng", data_rng)
    opt = Adam()
    losses = np.empty(run)
    for step in range(run):
        losses[step], grads = loss(p, *prompts(data_rng, BATCH), variant)
        p = opt.step(p, grads, cosine_lr(step, steps, LR, warmup=max(1, steps // 20)))
    return p, losses


def error(p: dict, tokens: np.ndarray, targets: np.ndarray, variant: str) -> float:
    """Mean squared error of the trained layer on the prompts ``tokens`` (B, T, D) with targets (B,)."""
    tokens, targets = _prompt_arrays(p, tokens, targets)
    return float(np.mean((_forward(p, tokens, _variant(variant))[0] - targets) ** 2))


def _streams(seed_seq: np.random.SeedSequence) -> tuple[np.random.SeedSequence, ...]:
    """(initialisation, training prompts, evaluation prompts) — children of ``seed_seq`` by spawn key, so a replica
    and its replay see the same streams."""
    if not isinstance(seed_seq, np.random.SeedSequence):
        raise validate.ArgumentTypeError(f"seed_seq must be a numpy SeedSequence, got {type(seed_seq).__name__}")
    return tuple(np.random.SeedSequence(seed_seq.entropy, spawn_key=(*seed_seq.spawn_key, i),
                                        pool_size=seed_seq.pool_size) for i in range(3))


def _variants(variants) -> tuple[str, ...]:
    """``variants`` if it is a non-empty tuple of distinct names from :data:`VARIANTS` (a replica and its replay
    check it alike); a ValueError naming ``variants`` otherwise."""
    if (not isinstance(variants, tuple) or not variants or any(v not in VARIANTS for v in variants)
            or len(set(variants)) != len(variants)):
        raise ValueError(f"variants must be a non-empty tuple of distinct names from {VARIANTS}, got {variants!r}")
    return variants


def train_all(seed_seq: np.random.SeedSequence, steps: int = STEPS, variants: tuple[str, ...] = VARIANTS) -> dict:
    """Every variant (of ``variants``) trained from the same initialisation on the same prompt stream and scored on
    shared fresh prompts: ``{variant: (error, losses (steps,))}`` and ``"trivial"``, the error of predicting 0
    there.  A variant's numbers do not depend on which others are trained with it."""
    variants = _variants(variants)
    init_ss, data_ss, eval_ss = _streams(seed_seq)
    tokens, targets = prompts(np.random.default_rng(eval_ss), EVAL_PROMPTS)  # (P, T, D), (P,)
    out: dict = {"trivial": float(np.mean(targets**2))}
    for variant in variants:
        p, losses = train(variant, np.random.default_rng(init_ss), np.random.default_rng(data_ss), steps)
        out[variant] = (error(p, tokens, targets, variant), losses)
    return out


def replica(seed_seq: np.random.SeedSequence, steps: int = STEPS,
            variants: tuple[str, ...] = VARIANTS) -> dict[str, float]:
    """:func:`train_all` as numbers: ``<variant>_error``, ``<variant>_replay`` (the sum of the first REPLAY
    losses), ``trivial`` and ``steps``."""
    runs = train_all(seed_seq, steps, variants)
    out = {"trivial": runs["trivial"], "steps": float(steps)}
    for variant in variants:
        err, losses = runs[variant]
        out[f"{variant}_error"] = err
        out[f"{variant}_replay"] = float(np.sum(losses[:REPLAY]))
    return out


def replay(seed_seq: np.random.SeedSequence, steps: int = STEPS,
           variants: tuple[str, ...] = VARIANTS) -> dict[str, float]:
    """The fingerprints of :func:`replica` from the first REPLAY steps of each training."""
    variants = _variants(variants)
    init_ss, data_ss, _ = _streams(seed_seq)
    return {f"{v}_replay": float(np.sum(train(v, np.random.default_rng(init_ss), np.random.default_rng(data_ss),
                                              steps, stop=REPLAY)[1])) for v in variants}


def pair_replica(seed_seq: np.random.SeedSequence) -> dict[str, float]:
    """:func:`replica` of the base layer and the negative-samples layer only (:data:`PAIR`)."""
    return replica(seed_seq, STEPS, PAIR)


def pair_replay(seed_seq: np.random.SeedSequence) -> dict[str, float]:
    """:func:`replay` of :func:`pair_replica`."""
    return replay(seed_seq, STEPS, PAIR)
