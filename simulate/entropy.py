"""Targets with computable entropy, and the exact entropy engine (Ren & Liu 2025, arXiv:2504.18929 needs both).

Targets: Markov chains of order r ∈ {1, 2} over V symbols — ``init`` (V,)*r the joint law of the first r symbols
and ``trans`` (V,)*(r+1) the law of the next symbol given the previous r (last axis sums to 1).

Entropy of the first L symbols by the **chain rule** (closed form, O(L·V^{r+1})):
``H(X_1..X_L) = H(X_1..X_r) + Σ_{t>r} Σ_s P(S_{t−1} = s) H(trans[s])`` with S_t the last r symbols, whose law is
pushed forward one step at a time.  The **reference** enumerates all V^L sequences (V^L ≤ ENUMERATION_LIMIT).
KL between two chains by the same chain rule: ``KL(p‖q) = KL(init_p‖init_q) + Σ_t Σ_s P_p(S = s)
KL(trans_p[s]‖trans_q[s])``, a sum of non-negative terms (Gibbs), zero iff the chains agree where p has mass.

Plug-in entropy of K outcomes from n draws: ``E H(p̂_n) = −Σ_k Σ_j Bin(j; n, p_k)(j/n) log(j/n)`` (each count is
marginally binomial; linearity of expectation), in mpmath; the reference enumerates every multinomial outcome.

Glossary: ``V`` vocabulary, ``L`` sequence length, ``order`` r, ``n`` sample size, ``K`` outcomes.  Entropies in
nats.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from seqtheory.simulate import validate

#: Largest V^L the enumeration reference accepts (each sequence's probability is formed).
ENUMERATION_LIMIT = 10**5


#: How far a law's total may be from 1 (per entry, in units of float64 rounding) before it is refused.
LAW_SLACK = 1e-9


def _law(name: str, value, shape: tuple[int, ...], axis: int | None) -> np.ndarray:
    """A finite, non-negative float64 array of ``shape`` summing to 1 (over ``axis``, or in total)."""
    a = validate.array(name, value)
    if a.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {a.shape}")
    if np.any(a < 0):
        raise ValueError(f"{name} must hold probabilities (≥ 0), got a minimum of {a.min():g}")
    total = a.sum() if axis is None else a.sum(axis=axis)
    if np.any(np.abs(total - 1.0) > LAW_SLACK):
        where = "in total" if axis is None else "along its last axis (each state's next-symbol law)"
        raise ValueError(f"{name} must sum to 1 {where}, got sums in [{np.min(total):.12g}, {np.max(total):.12g}]")
    return a


@dataclass(frozen=True)
class MarkovChain:
    """An order-r chain: ``init`` (V,)*r joint law of the first r symbols, ``trans`` (V,)*(r+1) next-symbol law.

    Both are checked on construction (orders 1 and 2; shapes agree; probabilities, each law summing to 1 within
    :data:`LAW_SLACK`): a law summing to 1.1 would otherwise give a finite, wrong entropy."""

    init: np.ndarray
    trans: np.ndarray

    def __post_init__(self):
        init = validate.array("init", self.init, ndim_min=1)
        r = init.ndim
        if r > 2:
            raise ValueError(f"init must have 1 or 2 axes (order 1 or 2), got {r}")
        V = init.shape[0]
        object.__setattr__(self, "init", _law("init", init, (V,) * r, None))
        object.__setattr__(self, "trans", _law("trans", self.trans, (V,) * (r + 1), -1))

    @property
    def order(self) -> int:
        return self.init.ndim

    @property
    def vocab(self) -> int:
        return self.init.shape[0]


def _xlogx_sum(p: np.ndarray, axis=-1) -> np.ndarray:
    """Σ −p log p along ``axis`` with 0 log 0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0), axis=axis)


def random_chain(rng: np.random.Generator, V: int, order: int = 1, concentration: float = 1.0) -> MarkovChain:
    """A chain with every row drawn from Dirichlet(concentration·1): small concentration → low entropy."""
    rng = validate.generator("rng", rng)
    V = validate.integer("V", V, 1)
    order = validate.integer("order", order, 1, 2)
    concentration = validate.real("concentration", concentration, 0.0, low_open=True)
    validate.budget(f"random_chain(V={V}, order={order}): its (V,)*(order+1) transition law, drawn and checked",
                    3.0 * float(V) ** (order + 1))
    init = rng.dirichlet(np.full(V**order, concentration)).reshape((V,) * order)
    trans = rng.dirichlet(np.full(V, concentration), size=V**order).reshape((V,) * (order + 1))
    return MarkovChain(init, trans)


def check_chain(name: str, chain) -> MarkovChain:
    if not isinstance(chain, MarkovChain):
        raise validate.ArgumentTypeError(f"{name} must be a MarkovChain, got {type(chain).__name__}")
    return chain


def _length(L, chain: MarkovChain) -> int:
    return validate.integer("L", L, chain.order)


def _state_marginals(chain: MarkovChain, L: int):
    """Yield the law (V,)*r of the r symbols before each step t = r+1..L."""
    state = chain.init
    for _ in range(chain.order, L):
        yield state
        joint = state[..., None] * chain.trans  # (V,)*(r+1): previous r symbols and the next
        state = joint.sum(axis=0)  # drop the oldest symbol


def sequence_entropy(chain, L) -> float:
    """H(X_1..X_L) by the chain rule (closed form)."""
    chain = check_chain("chain", chain)
    L = _length(L, chain)
    total = float(_xlogx_sum(chain.init.ravel()))
    cond = _xlogx_sum(chain.trans)  # (V,)*r: H(next | state)
    for state in _state_marginals(chain, L):
        total += float(np.sum(state * cond))
    return total


def _state_matrix(chain: MarkovChain) -> np.ndarray:
    """(V^r, V^r): the transition matrix on r-tuples, s = (x_1..x_r) → (x_2..x_r, y) with probability trans[s, y]."""
    V, r = chain.vocab, chain.order
    P = np.zeros((V**r, V**r))
    for s in itertools.product(range(V), repeat=r):  # V^r states: the chain's own size, not data
        for y in range(V):
            P[np.ravel_multi_index(s, (V,) * r), np.ravel_multi_index(s[1:] + (y,), (V,) * r)] += chain.trans[s + (y,)]
    return P


def limit_law(chain) -> np.ndarray:
    """The Cesàro limit π = lim (1/T) Σ_t μ_t of the r-symbol state's law from ``init`` (V^r,): for each closed
    communicating class c of the state graph, its unique stationary law π_c, weighted by the probability a_c that the
    chain started from ``init`` is absorbed in c (a linear solve on the transient states).  For an irreducible chain
    this is the stationary law; for a reducible one it depends on ``init`` — there is no single stationary law."""
    from scipy.sparse.csgraph import connected_components

    chain = check_chain("chain", chain)
    P = _state_matrix(chain)
    mu = chain.init.ravel()
    count, label = connected_components(P > 0, directed=True, connection="strong")
    closed = [c for c in range(count) if not np.any(P[np.ix_(label == c, label != c)] > 0)]
    transient = ~np.isin(label, closed)
    pi = np.zeros_like(mu)
    if transient.any():  # absorption: visits N = (I − Q)^(−1) from the transient start, then one step into a class
        Q = P[np.ix_(transient, transient)]
        start = np.linalg.solve((np.eye(len(Q)) - Q).T, mu[transient])  # (T,) expected visits μ_T (I − Q)^(−1)
    for c in closed:
        members = label == c
        a = mu[members].sum() + (start @ P[np.ix_(transient, members)].sum(axis=1) if transient.any() else 0.0)
        Pc = P[np.ix_(members, members)]
        A = np.vstack([(Pc - np.eye(len(Pc))).T, np.ones(len(Pc))])  # π_c (P_c − I) = 0, Σ π_c = 1
        rhs = np.zeros(len(Pc) + 1)
        rhs[-1] = 1.0
        pi[members] = a * np.linalg.lstsq(A, rhs, rcond=None)[0]
    return pi


def entropy_rate(chain) -> float:
    """The entropy rate lim H(X_1..X_L)/L of the chain started from ``init``: Σ_s π(s) H(trans[s]) with π the
    Cesàro limit law of the r-symbol state (:func:`limit_law`) — for an irreducible chain its stationary law, the
    per-symbol entropy in equilibrium; for a reducible one the closed classes' rates weighted by the chance the chain
    ends in each (an eigenvector of P for the eigenvalue 1 would pick one class at random: log 2 instead of
    ½ log 2 for two absorbing classes entered with equal chance, one of rate log 2)."""
    chain = check_chain("chain", chain)
    return float(np.sum(limit_law(chain) * _xlogx_sum(chain.trans).ravel()))


def kl_chains(p, q, L) -> float:
    """KL(p‖q) of the first L symbols by the chain rule (inf where q misses mass of p)."""
    p, q = check_chain("p", p), check_chain("q", q)
    if p.init.shape != q.init.shape or p.trans.shape != q.trans.shape:
        raise ValueError(f"p and q must have the same vocabulary and order, got {p.trans.shape} and {q.trans.shape}")
    L = _length(L, p)

    def kl(a, b):
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(a > 0, a * (np.log(np.where(a > 0, a, 1.0)) - np.log(b)), 0.0)
        return np.sum(terms, axis=-1)

    total = float(kl(p.init.ravel(), q.init.ravel()))
    cond = kl(p.trans, q.trans)  # (V,)*r
    for state in _state_marginals(p, L):
        total += float(np.sum(state * cond))
    return total


def enumerate_log_probs(chain, L) -> np.ndarray:
    """log P(x) for all V^L sequences x (lexicographic order), by brute force: the reference."""
    chain = check_chain("chain", chain)
    L = _length(L, chain)
    r = chain.order
    seqs = all_sequences(chain.vocab, L)  # (V^L, L)
    with np.errstate(divide="ignore"):
        logp = np.log(chain.init[tuple(seqs[:, :r].T)])
        for t in range(r, L):
            logp = logp + np.log(chain.trans[tuple(seqs[:, t - r:t + 1].T)])
    return logp


def draw_from_cdf(cdf: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One categorical draw per row of ``cdf`` (size, K) — cumulative probabilities — by inversion of one uniform
    each: (size,) ints in [0, K) (the top index also catches a last cumulative value a rounding below 1)."""
    return np.minimum((rng.random(len(cdf))[:, None] > cdf).sum(axis=1), cdf.shape[1] - 1)


def sample_sequences(chain, L, size, rng: np.random.Generator) -> np.ndarray:
    """``size`` sequences of length L drawn from the chain: (size, L) ints, one vectorised step per position."""
    chain = check_chain("chain", chain)
    L = _length(L, chain)
    size = validate.integer("size", size, 1)
    rng = validate.generator("rng", rng)
    V, r = chain.vocab, chain.order
    validate.budget(f"sample_sequences(size={size}, L={L}): the sequences and each step's (size, V) CDF rows",
                    float(size) * (L + 2 * V) + float(V) ** (r + 1))
    out = np.empty((size, L), dtype=np.int64)
    first = rng.choice(V**r, size=size, p=chain.init.ravel())  # (size,) index of the first r symbols
    out[:, :r] = np.stack(np.unravel_index(first, (V,) * r), axis=1)
    cdf = np.cumsum(chain.trans, axis=-1)  # (V,)*(r+1)
    for t in range(r, L):
        out[:, t] = draw_from_cdf(cdf[tuple(out[:, t - r:t].T)], rng)  # each sequence's next-symbol CDF (size, V)
    return out


# ------------------------------------------------------------------------------------------------------
# hidden Markov models


@dataclass(frozen=True)
class HiddenMarkov:
    """A hidden Markov model: ``init`` (S,) law of the first hidden state, ``trans`` (S, S) hidden transitions,
    ``emit`` (S, V) emission law of the observed symbol in each state."""

    init: np.ndarray
    trans: np.ndarray
    emit: np.ndarray

    @property
    def vocab(self) -> int:
        return self.emit.shape[1]


def random_hmm(rng: np.random.Generator, S: int, V: int, concentration: float = 1.0) -> HiddenMarkov:
    """Every row (initial law, transitions, emissions) drawn from Dirichlet(concentration·1)."""
    rng = validate.generator("rng", rng)
    S, V = validate.integer("S", S, 1), validate.integer("V", V, 1)
    concentration = validate.real("concentration", concentration, 0.0, low_open=True)
    return HiddenMarkov(rng.dirichlet(np.full(S, concentration)), rng.dirichlet(np.full(S, concentration), size=S),
                        rng.dirichlet(np.full(V, concentration), size=S))


def _check_hmm(hmm) -> HiddenMarkov:
    if not isinstance(hmm, HiddenMarkov):
        raise validate.ArgumentTypeError(f"hmm must be a HiddenMarkov, got {type(hmm).__name__}")
    return hmm


def all_sequences(V: int, L: int) -> np.ndarray:
    """All V^L sequences of length L in lexicographic order: (V^L, L) ints; V^L ≤ ENUMERATION_LIMIT."""
    L = validate.integer("L", L, 1)
    if V**L > ENUMERATION_LIMIT:
        raise ValueError(f"enumeration needs V^L ≤ {ENUMERATION_LIMIT}, got {V}^{L} = {V**L}")
    return np.array(list(itertools.product(range(V), repeat=L))).reshape(-1, L)


def hmm_log_probs(hmm, L) -> np.ndarray:
    """log P(x) for all V^L observed sequences (lexicographic order) by the forward algorithm, vectorised over the
    sequences: α_1 = init ⊙ emit[:, x_1], α_t = (α_{t−1} trans) ⊙ emit[:, x_t], P(x) = Σ α_L (rescaled each step)."""
    hmm = _check_hmm(hmm)
    seqs = all_sequences(hmm.vocab, L)
    alpha = hmm.init[None, :] * hmm.emit[:, seqs[:, 0]].T  # (N, S)
    log_scale = np.zeros(len(seqs))
    for t in range(1, seqs.shape[1]):
        norm = alpha.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore"):
            log_scale += np.log(norm[:, 0])
        alpha = (alpha / np.where(norm > 0, norm, 1.0)) @ hmm.trans * hmm.emit[:, seqs[:, t]].T  # (N, S)
    with np.errstate(divide="ignore"):
        return log_scale + np.log(alpha.sum(axis=1))


def hmm_path_weights(hmm, L) -> np.ndarray:
    """(S^L, V^L): P(hidden path, observed sequence) = init·Π trans·Π emit for every pair, by brute force (the
    reference; small S^L·V^L only).  Summed over paths it is P(x); its maximum is the Viterbi path's probability."""
    hmm = _check_hmm(hmm)
    seqs = all_sequences(hmm.vocab, L)  # (N, L)
    S, L = len(hmm.init), seqs.shape[1]
    validate.budget("the (hidden path, sequence) table S^L·V^L", float(S) ** L * len(seqs))
    paths = all_sequences(S, L)  # (S^L, L)
    weight = hmm.init[paths[:, 0]][:, None] * hmm.emit[paths[:, 0][:, None], seqs[None, :, 0]]  # (S^L, N)
    for t in range(1, L):
        weight = weight * hmm.trans[paths[:, t - 1], paths[:, t]][:, None] * hmm.emit[paths[:, t][:, None],
                                                                                      seqs[None, :, t]]
    return weight


def hmm_log_probs_paths(hmm, L) -> np.ndarray:
    """log P(x) for all V^L sequences by summing :func:`hmm_path_weights` over the hidden paths."""
    with np.errstate(divide="ignore"):
        return np.log(hmm_path_weights(hmm, L).sum(axis=0))


def hmm_sample(hmm, L, size, rng: np.random.Generator) -> np.ndarray:
    """``size`` observed sequences of length L: (size, L) ints (hidden path and emissions drawn step by step)."""
    hmm = _check_hmm(hmm)
    L, size = validate.integer("L", L, 1), validate.integer("size", size, 1)
    rng = validate.generator("rng", rng)

    init, trans, emit = (np.cumsum(a, axis=-1) for a in (hmm.init, hmm.trans, hmm.emit))  # the CDFs
    state = draw_from_cdf(np.broadcast_to(init, (size, len(init))), rng)
    out = np.empty((size, L), dtype=np.int64)
    for t in range(L):
        out[:, t] = draw_from_cdf(emit[state], rng)
        if t + 1 < L:
            state = draw_from_cdf(trans[state], rng)
    return out


def fit_chain(seqs, V: int, order: int = 1) -> MarkovChain:
    """The maximum-likelihood order-r chain of a sample of sequences (V symbols): ``init`` the empirical law of the
    first r symbols, ``trans`` the empirical next-symbol frequencies of each state.  A state never followed by a
    symbol in the sample has no MLE row; it gets the uniform row (a convention: the estimate is otherwise
    undefined there)."""
    V = validate.integer("V", V, 1)
    order = validate.integer("order", order, 1, 2)
    seqs = validate.tokens("seqs", seqs, V)  # (n, L)
    if seqs.shape[1] <= order:
        raise ValueError(f"seqs must be longer than the order {order}, got shape {seqs.shape}")
    init = np.zeros((V,) * order)
    np.add.at(init, tuple(seqs[:, :order].T), 1.0)
    counts = np.zeros((V,) * (order + 1))
    windows = np.lib.stride_tricks.sliding_window_view(seqs, order + 1, axis=1).reshape(-1, order + 1)  # (n·(L−r), r+1)
    np.add.at(counts, tuple(windows.T), 1.0)
    totals = counts.sum(axis=-1, keepdims=True)
    trans = np.where(totals > 0, counts / np.maximum(totals, 1.0), 1.0 / V)
    return MarkovChain(init / len(seqs), trans)


def empirical_entropy(seqs) -> float:
    """Entropy (nats) of the empirical distribution of a sample of sequences: the memoriser's H(q), ≤ log n."""
    seqs = validate.tokens("seqs", seqs)  # (n, L)
    _, counts = np.unique(seqs, axis=0, return_counts=True)
    q = counts / counts.sum()
    return -math.fsum((q * np.log(q)).tolist())


def _log_probs(name: str, value) -> np.ndarray:
    """A non-empty 1-d array of log-probabilities: ≤ 0 (−∞ for an impossible outcome), never NaN or +∞."""
    logp = validate.array(name, value, ndim=1, allow_neg_inf=True)
    if np.any(logp > 0):
        raise ValueError(f"{name} must hold log-probabilities (≤ 0), got a maximum of {logp.max():g}")
    return logp


def entropy_of_log_probs(logp: np.ndarray) -> float:
    """−Σ p log p over an enumerated distribution (math.fsum: no cancellation from summation order)."""
    logp = _log_probs("logp", logp)
    p = np.exp(logp)
    return -math.fsum((p[p > 0] * logp[p > 0]).tolist())


def kl_of_log_probs(logp: np.ndarray, logq: np.ndarray) -> float:
    """Σ p (log p − log q) over an enumerated pair of distributions (+∞ where q misses mass of p)."""
    logp, logq = _log_probs("logp", logp), _log_probs("logq", logq)
    if logp.shape != logq.shape:
        raise ValueError(f"logp and logq must enumerate the same outcomes, got shapes {logp.shape} and {logq.shape}")
    p = np.exp(logp)
    mask = p > 0
    return math.fsum((p[mask] * (logp[mask] - logq[mask])).tolist())


# ------------------------------------------------------------------------------------------------------
# plug-in entropy of n draws


def _probabilities(p) -> np.ndarray:
    p = validate.array("p", p, ndim=1)
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-12:
        raise ValueError("p must be a probability vector (non-negative, summing to 1)")
    return p


def plugin_entropy_mean(p, n) -> float:
    """E H(p̂_n) exactly (to mpmath's 40 digits, returned as a float): Σ_k of binomial expectations."""
    import mpmath

    p = _probabilities(p)
    n = validate.integer("n", n, 1, 10**6)
    with mpmath.workdps(40):
        total = mpmath.mpf(0)
        for pk in p.tolist():
            if pk in (0.0, 1.0):  # p̂_k is then 0 or 1 surely: no contribution
                continue
            lo, hi = _binomial_window(n, pk)
            pk = mpmath.mpf(pk)
            total -= mpmath.fsum(
                mpmath.exp(mpmath.log(mpmath.binomial(n, j)) + j * mpmath.log(pk) + (n - j) * mpmath.log1p(-pk))
                * (mpmath.mpf(j) / n) * mpmath.log(mpmath.mpf(j) / n) for j in range(lo, hi + 1))  # Bin(j; n, p_k)
        return float(total)


def _binomial_window(n: int, p: float) -> tuple[int, int]:
    """The counts j ∈ [lo, hi] ⊂ [1, n] outside which Bin(n, p) has mass < 2e^{−100}: |j − np| < t with
    t = 15σ + 100 (σ² = np(1 − p)), since Bernstein's inequality P(|J − np| ≥ t) ≤ 2 exp(−t²/(2(σ² + t/3))) and
    t²/(2(σ² + t/3)) ≥ 100 for that t.  Each dropped term (j/n)|log(j/n)| ≤ 1/e, so the sum loses < 1e-43: the
    exact expectation at 40 digits in O(σ) terms instead of n (n = 10⁶ took minutes per symbol)."""
    sigma = math.sqrt(n * p * (1.0 - p))
    t = 15.0 * sigma + 100.0
    return max(1, math.floor(n * p - t)), min(n, math.ceil(n * p + t))


def plugin_entropy_mean_enumerated(p, n) -> float:
    """The same expectation by enumerating every multinomial outcome (the reference; small K and n only)."""
    import mpmath

    p = _probabilities(p)
    n = validate.integer("n", n, 1, 60)
    K = len(p)
    if math.comb(n + K - 1, K - 1) > ENUMERATION_LIMIT:
        raise ValueError(f"{math.comb(n + K - 1, K - 1)} multinomial outcomes exceed {ENUMERATION_LIMIT}")
    with mpmath.workdps(40):
        ps = [mpmath.mpf(x) for x in p.tolist()]
        total = mpmath.mpf(0)
        for bars in itertools.combinations(range(n + K - 1), K - 1):  # stars and bars: every count vector
            counts = np.diff((-1,) + bars + (n + K - 1,)) - 1
            if any(c > 0 and pk == 0 for c, pk in zip(counts, ps, strict=True)):
                continue
            prob = mpmath.mpf(math.factorial(n))
            for c, pk in zip(counts.tolist(), ps, strict=True):
                prob *= pk**c / math.factorial(c)
            h = -mpmath.fsum((mpmath.mpf(c) / n) * mpmath.log(mpmath.mpf(c) / n) for c in counts.tolist() if c)
            total += prob * h
        return float(total)


def geometric_law(K: int, skew: float) -> np.ndarray:
    """p_k ∝ skew^k, k = 0..K−1 (uniform at skew = 1): a law whose smallest probability is known in closed form."""
    K = validate.integer("K", K, 1)
    skew = validate.real("skew", skew, 0.0, low_open=True)
    w = skew ** np.arange(K)  # (K,)
    return w / w.sum()
