"""Isserlis/Wick enumeration of Gaussian moments of W = XXᵀ (X a d×n matrix of iid N(0,1)).

docs/wishart_moments.md, §1: write a product of traces of powers of W as a sum over index tuples of products of
entries of X, and apply Isserlis' theorem ``E[Π X] = Σ_pairings Π E[X X]`` with ``E[X_ij X_kl] = δ_ik δ_jl``.
A perfect matching σ of the 2K factors then forces index equalities; the row (resp. column) indices split
into classes (connected components of "same factor slot" ∪ σ), each class summing freely over d (resp. n)
values.  So each pairing contributes ``n^{#column classes} · d^{#row classes}``.  Real case: all
(2K−1)!! pairings count (non-orientable maps included).

This is the obviously-correct **reference**: exponential cost, used for small K and to *derive* the first
moments rather than type them in.  Polynomials are dicts ``{(i, j): c}`` meaning ``Σ c · n^i d^j``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from seqtheory.simulate import validate

#: Largest total degree the enumerator accepts: (2·8−1)!! ≈ 2·10⁶ pairings is already ~10 s in Python.
MAX_DEGREE = 8


def perfect_matchings(items: Sequence[int]) -> Iterator[list[tuple[int, int]]]:
    """All perfect matchings of an even-length sequence ((m−1)!! of them)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for idx, partner in enumerate(rest):
        remaining = rest[:idx] + rest[idx + 1:]
        for tail in perfect_matchings(remaining):
            yield [(first, partner), *tail]


def _classes(count: int, links: list[tuple[int, int]]) -> list[int]:
    """Union–find over ``count`` variables; returns each variable's root."""
    parent = list(range(count))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    return [root(a) for a in range(count)]


def _factors(parts: Sequence[int], open_length: int) -> tuple[list[tuple[int, int]], int, int]:
    """Factors X[row, col] of ``Π_p tr W^{parts_p}`` times an optional open chain ``(W^{open_length})_{ab}``.

    Trace of length k on row variables r0.. and column variables c0..: factors ``X[i_t, j_t] X[i_{t+1}, j_t]``
    with i_k ≡ i_0.  The open chain uses rows r0..r0+k with i_0 = a and i_k = b external (placed last).
    """
    factors: list[tuple[int, int]] = []
    rows = cols = 0
    for k in parts:
        for t in range(k):
            factors += [(rows + t, cols + t), (rows + (t + 1) % k, cols + t)]
        rows, cols = rows + k, cols + k
    for t in range(open_length):
        factors += [(rows + t, cols + t), (rows + t + 1, cols + t)]
    if open_length:
        rows += open_length + 1
    cols += open_length
    return factors, rows, cols


def complex_matchings(items: Sequence[int]) -> Iterator[list[tuple[int, int]]]:
    """Matchings of each X factor (even slot) with an X̄ factor (odd slot): k! of them.

    For complex Gaussian entries E[X X] = 0 and E[X X̄] = 1, so only these pairings survive (they are the
    orientable maps)."""
    from itertools import permutations

    evens, odds = list(items[0::2]), list(items[1::2])
    for perm in permutations(odds):
        yield list(zip(evens, perm, strict=True))


def _enumerate(parts: Sequence[int], open_length: int, field: str = "real") -> tuple[Counter, Counter]:
    factors, rows, cols = _factors(parts, open_length)
    matchings = {"real": perfect_matchings, "complex": complex_matchings}[field]
    same: Counter = Counter()
    apart: Counter = Counter()
    a = rows - open_length - 1 if open_length else None
    b = rows - 1 if open_length else None
    for sigma in matchings(list(range(len(factors)))):
        row_links = [(factors[p][0], factors[q][0]) for p, q in sigma]
        col_links = [(factors[p][1], factors[q][1]) for p, q in sigma]
        row_root = _classes(rows, row_links)
        n_exp = len(set(_classes(cols, col_links)))
        if open_length:
            external = {row_root[a], row_root[b]}
            d_exp = len(set(row_root) - external)
            (same if row_root[a] == row_root[b] else apart)[(n_exp, d_exp)] += 1
        else:
            same[(n_exp, len(set(row_root)))] += 1
    return same, apart


def _check_parts(parts: Sequence[int], extra: int = 0) -> tuple[int, ...]:
    parts = tuple(validate.integer("part", p, 1) for p in parts)
    total = sum(parts) + extra
    if total > MAX_DEGREE:
        raise ValueError(f"total degree must be ≤ {MAX_DEGREE} for Wick enumeration "
                         f"((2K−1)!! pairings), got {total}; use the Stein recursion instead")
    return parts


def trace_product_moment(parts: Sequence[int], field: str = "real") -> dict[tuple[int, int], int]:
    """``E Π_p tr W^{parts_p}`` as ``{(i, j): c}`` (Σ c nⁱ dʲ), by enumerating all pairings.

    ``field="complex"``: W = XX* with complex Gaussian X (E|X_ij|² = 1); only X–X̄ pairings count."""
    if field not in ("real", "complex"):
        raise ValueError(f"field must be 'real' or 'complex', got {field!r}")
    parts = _check_parts(parts)
    same, _ = _enumerate(parts, 0, field)
    return dict(same)


def matrix_entry_moment(k: int) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], int]]:
    """``E[(W^k)_{ab}] = δ_ab · P(n, d) + Q(n, d)``: returns ``(P, Q)`` as coefficient dicts.

    Pairings that join the external row indices a and b into one class force a = b (the δ_ab part);
    the others would contribute to off-diagonal entries (``Q``), which orthogonal invariance says is 0.
    """
    k = validate.integer("k", k, 1)
    _check_parts((), k)
    same, apart = _enumerate((), k)
    return dict(same), dict(apart)


def cycle_pairings(m: int) -> dict[tuple[int, tuple[tuple[int, ...], ...]], int]:
    """The Isserlis expansion of ``E tr(C_0 G C_1 G … C_{m−1} G)`` (G = ZZᵀ, Z a d×n standard Gaussian matrix) for
    fixed matrices C_t, by the positions t it couples: ``{(power of n, cycles): count}`` with ``cycles`` a sorted
    tuple of sorted position tuples.  Each pairing of the 2m factors Z merges column indices (n per class) and row
    indices; the C entries then link the row classes into cycles, and a cycle through positions t_1 … t_ℓ contributes
    the trace of the product of those C's — for *diagonal* (commuting, symmetric) C's, Σ_i Π_{t in cycle} C_t[i],
    whatever the cycle's order and orientation.  Cost (2m − 1)!! pairings: m ≤ MAX_DEGREE."""
    m = validate.integer("m", m, 1, MAX_DEGREE)
    # G = ZZᵀ between C_t and C_{t+1}: slot 2t is Z[b_t, c_t], slot 2t+1 is Z[a_{t+1}, c_t]; C_t links a_t, b_t
    slot_row = [r for t in range(m) for r in (m + t, (t + 1) % m)]
    slot_col = [t for t in range(m) for _ in (0, 1)]
    out: Counter = Counter()
    for pairing in perfect_matchings(list(range(2 * m))):
        cols = _classes(m, [(slot_col[s], slot_col[u]) for s, u in pairing])
        row_root = _classes(2 * m, [(slot_row[s], slot_row[u]) for s, u in pairing])
        # the C entries (a_t, b_t) as edges between row classes; cycles = components of this 2-regular multigraph
        cycle_root = _classes(2 * m, [(row_root[t], row_root[m + t]) for t in range(m)])
        blocks: dict[int, list[int]] = {}
        for t in range(m):
            blocks.setdefault(cycle_root[row_root[t]], []).append(t)
        out[(len(set(cols)), tuple(sorted(tuple(b) for b in blocks.values())))] += 1
    return dict(out)


def covariance_trace_moment(m: int) -> dict[tuple[int, tuple[int, ...]], int]:
    """``E tr (Σ ZZᵀ)^m`` for Z a d×n matrix of iid N(0, 1) and a fixed symmetric Σ, by Isserlis: a polynomial in n
    and the power sums p_j = tr Σ^j (p_0 = d), as ``{(power of n, cycle type): coefficient}`` with the cycle type a
    sorted tuple of j's meaning Π p_j.  (W = Σ^{1/2}ZZᵀΣ^{1/2} is a Wishart W_d(n, Σ) matrix and tr W^m = tr(ΣZZᵀ)^m.)
    Every C_t of :func:`cycle_pairings` is Σ, so a cycle through ℓ positions gives tr Σ^ℓ; m = 0 gives d = p_0."""
    m = validate.integer("m", m, 0, MAX_DEGREE)
    if m == 0:
        return {(0, (0,)): 1}
    out: Counter = Counter()
    for (power, cycles), count in cycle_pairings(m).items():
        out[(power, tuple(sorted(len(c) for c in cycles)))] += count
    return dict(out)
