"""Numeric engines of the COPY claims (Ren, Li, Liu 2024, arXiv:2410.03810; Jelassi et al. 2024, arXiv:2402.01032):
reading a token back through the selective scan's decayed state, copying with hand-set scan and Mamba-block
weights, the subspace (Eckart–Young) error of a frozen state, softmax attention at a logit gap, and exhaustive
codec success through a b-bit state.  Derivations: ``docs/mamba_copy_bounds.md``; the closed forms they are
checked against are in :mod:`seqtheory.theorems.exact.copy_bounds`."""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from math import log

import numpy as np

from seqtheory.simulate.nn import attention, ssm

#: The float types a decayed score is stored in.
DTYPES = (np.float16, np.float32, np.float64)


def overflow_distance(a: float, eps: float, dtype) -> int:
    """Smallest t − s at which the score needed to read a token back through the **selective scan** overflows
    ``dtype``: a one-channel scan (Δ = 1, A = ln a, B = C = 1) is fed the token at s = 0 and its output
    y_t = a^t is read off; the required score (1 − ε)/y_t is computed in float64 and stored in ``dtype``.
    −1 when it never overflows within twice the predicted distance (see decay-overflow-subnormal)."""
    span = int(2 * (log(float(np.finfo(dtype).max)) - np.log1p(-eps) + 1) / -log(a) + 10)  # twice the prediction
    u = np.zeros((span, 1))  # (L, E = 1): the token at s = 0
    u[0, 0] = 1.0
    ones = np.ones((span, 1))  # (L, 1): Δ, B, C
    state = ssm.selective_scan(u, ones, np.array([[log(a)]]), ones, ones)[:, 0]  # (L,) y_t = a^t
    with np.errstate(divide="ignore", over="ignore"):
        scores = ((1 - eps) / state).astype(dtype)  # (L,) the score a read at distance t needs, stored
    inf = np.flatnonzero(~np.isfinite(scores))
    return int(inf[0]) if inf.size else -1


def subspace_error(K: np.ndarray, alpha: np.ndarray) -> float:
    """Σ_k min_c ‖diag(α)Kc − e_k‖² by least squares."""
    M = alpha[:, None] * K
    coef, *_ = np.linalg.lstsq(M, np.eye(K.shape[0]), rcond=None)
    return float(np.sum((M @ coef - np.eye(K.shape[0])) ** 2))


def best_copy_error(n: int, N: int, rng: np.random.Generator, trials: int = 20) -> float:
    """min over configurations of Σ_k ‖y_k − e_k‖², y_k = S q_k, state S = Σ_s e_s k_sᵀ (n × N): random
    keys/queries and the Eckart–Young optimum (keys = queries = the first N basis vectors)."""
    errors = []
    for _ in range(trials):
        keys = rng.standard_normal((n, N))  # row s: k_s
        S = keys  # Σ_s e_s k_sᵀ
        Q, *_ = np.linalg.lstsq(S, np.eye(n), rcond=None)  # best queries for these keys
        errors.append(float(np.sum((S @ Q - np.eye(n)) ** 2)))
    keys = np.zeros((n, N))
    keys[np.arange(min(n, N)), np.arange(min(n, N))] = 1.0
    errors.append(float(np.sum((keys @ keys.T - np.eye(n)) ** 2)))
    return min(errors)


def linear_state_copy_accuracy(n: int, vocab: int, rng: np.random.Generator, slots: int | None = None) -> float:
    """Copy n tokens with the bare scan, Δ = 1, A = 0: token s is written to slot s mod N (B_s = e_{s mod N})
    and read back from slot (t − n) mod N.  With N = n slots (the default) every token has its own slot;
    with N < n tokens share slots and the read returns their sum (argmax = the most frequent, ties → the
    smallest token)."""
    N = n if slots is None else slots
    tokens = rng.integers(0, vocab, size=n)
    L = 2 * n
    u = np.zeros((L, vocab))
    u[np.arange(n), tokens] = 1.0  # one-hot tokens, then n blank steps
    B = np.zeros((L, N))
    B[np.arange(n), np.arange(n) % N] = 1.0
    C = np.zeros((L, N))
    C[np.arange(n, L), np.arange(n) % N] = 1.0
    y = ssm.selective_scan(u, np.ones((L, vocab)), np.zeros((vocab, N)), B, C)
    return float(np.mean(y[n:].argmax(axis=-1) == tokens))


def block_copy_accuracy(n: int, vocab: int, rng: np.random.Generator) -> float:
    """Copy with a full Mamba block whose channels carry [token | position] (E = vocab + 2n)."""
    tokens = rng.integers(0, vocab, size=n)
    L = 2 * n
    P = 2 * n
    E, N, R, K = vocab + P, n, 1, 2
    d_model = vocab + P
    p = {k: np.zeros(s) for k, s in ssm.block_param_shapes(d_model, E, N, R, K).items()}
    p["in_w"][:, :E] = np.eye(d_model)  # x = [token | position]
    p["in_b"][E:] = 10.0  # gate z ≡ 10 on every channel
    p["conv_w"][-1] = 1.0  # identity at lag 0
    s1 = float(ssm.silu(1.0))  # the value u takes on a hot position channel
    # x_proj: B_t = e_t from position t < n; C_t = e_{t−n} from position t ≥ n (u = SiLU(1) on the hot entry)
    for t in range(n):
        p["x_w"][vocab + t, R + t] = 1.0 / s1
        p["x_w"][vocab + n + t, R + N + t] = 1.0 / s1
    p["dt_b"][:] = np.log(np.expm1(1.0))  # softplus⁻¹(1): Δ ≡ 1
    p["A_log"][:] = -40.0  # A = −e^{−40} ≈ 0: no decay
    p["out_w"][:vocab, :vocab] = np.eye(vocab)
    x = np.zeros((L, d_model))
    x[np.arange(n), tokens] = 1.0
    x[np.arange(L), vocab + np.arange(L)] = 1.0
    out = ssm.mamba_block(p, x)
    return float(np.mean(out[n:, :vocab].argmax(axis=-1) == tokens))


def needed_and_forms(rng: np.random.Generator, distance: int, lam: float, dlo: float, dhi: float, eps: float
                     ) -> tuple[float, float, float]:
    """(needed score (1 − ε)/y_t from the scan, a_max form, a_min form) for one impulse read ``distance`` steps
    later, with Δ_t ~ U[dlo, dhi] and A = −λ (one channel, one state); ε is the read tolerance (weight ≥ 1 − ε)."""
    L = distance + 1
    delta = rng.uniform(dlo, dhi, size=(L, 1))  # (L, 1)
    u = np.zeros((L, 1))  # (L, 1): the token at s = 0
    u[0, 0] = 1.0
    ones = np.ones((L, 1))
    y = ssm.selective_scan(u, delta, np.array([[-lam]]), ones, ones)[:, 0]  # (L,) y_t = Δ_0 Π_{r≤t} a_r
    needed = (1 - eps) / y[-1]
    a = np.exp(-lam * delta[1:, 0])  # (distance,) the decays actually applied
    a_max_form = (1 - eps) / (delta[0, 0] * a.max() ** distance)
    a_min_form = (1 - eps) / (delta[0, 0] * a.min() ** distance)
    return float(needed), float(a_max_form), float(a_min_form)


def target_weight(L: int, gap: float) -> float:
    """The target's weight computed by the ``softmax_attention`` kernel: one query, keys (gap, 0, …, 0), values
    (1, 0, …, 0)."""
    q = np.ones((1, 1))  # (1, d = 1)
    k = np.zeros((L, 1))  # (L, 1): logits q·k = (gap, 0, …, 0)
    k[0, 0] = gap
    v = np.zeros((L, 1))  # (L, 1): the value of the target is 1, every distractor's 0
    v[0, 0] = 1.0
    return float(attention.softmax_attention(q, k, v)[0, 0])


def optimal_codec_success(bits: int, alphabet: int, length: int) -> Fraction:
    """Exhaustive success probability of the encoder that maps the first 2^b strings (lexicographic) to
    distinct codes and everything else to code 0, with the decoder inverting it."""
    strings = list(product(range(alphabet), repeat=length))
    codes = {s: min(i, 2**bits - 1) if i < 2**bits else 0 for i, s in enumerate(strings)}
    decode = {}
    for s, c in codes.items():
        decode.setdefault(c, s)
    hits = sum(1 for s in strings if decode[codes[s]] == s)
    return Fraction(hits, len(strings))


def random_codec_success(rng: np.random.Generator, bits: int, alphabet: int, length: int) -> Fraction:
    """A random encoder into 2^b codes with the best decoder for it (most likely preimage per code)."""
    strings = list(product(range(alphabet), repeat=length))
    codes = rng.integers(0, 2**bits, size=len(strings))
    return Fraction(len(set(codes.tolist())), len(strings))  # one string per used code decodes correctly


def attention_copy(rng: np.random.Generator, L: int, vocab: int, gap: float) -> tuple[float, float, float]:
    """COPY of L random tokens by one softmax-attention head of constant size, on the toolkit's kernel
    (:func:`seqtheory.simulate.nn.attention.softmax_attention`): output i attends over the L input positions with
    3-dimensional position features — key_j = (j, j², 1), query_i = gap·(2i, −1, −i²)·√3 (the √3 undoes the
    kernel's 1/√d), so the logit of position j is −gap·(j − i)²: the source at 0, every other position at least
    ``gap`` below.  The kernel is run with identity values, so its output is the attention matrix itself; the copy
    reads the argmax of the token distribution it puts on each output.
    Returns (token accuracy, the smallest weight any output puts on its source, the largest |logit|)."""
    tokens = rng.integers(0, vocab, size=L)  # (L,)
    pos = np.arange(L, dtype=np.float64)
    keys = np.stack([pos, pos**2, np.ones(L)], axis=1)  # (L, 3)
    queries = gap * np.sqrt(3.0) * np.stack([2 * pos, -np.ones(L), -(pos**2)], axis=1)  # (L, 3)
    weights = attention.softmax_attention(queries, keys, np.eye(L))  # (L, L): row i = attention of output i
    copied = (weights @ np.eye(vocab)[tokens]).argmax(axis=1)  # (L,) the token each output puts most weight on
    accuracy = float(np.mean(copied == tokens))
    return accuracy, float(np.min(np.diag(weights))), float(gap * (L - 1) ** 2)
