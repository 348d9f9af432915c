"""A modular search for creative-telescoping relations of the zonal summand (docs/wishart_moments.md, §4).

The zonal closed form writes ``M_k = Σ_{b,c} F(k, b, c)`` with F(k, b, c) = w_λ [n]_λ [d]_λ for λ = (a, b, 1^c),
a = k − b − c (:mod:`seqtheory.theorems.exact.zonal`).  A recursion Σ_i p_i M_{k−i} = 0 is a *creative telescoper*
of the summand if there are rational functions R_1, R_2 of (b, c) with

    Σ_{i=0}^{r} p_i F(k−i, b, c) = Δ_b(R_1 F) + Δ_c(R_2 F),       F = F(k, b, c),                    (⋆)

Δ_b f(b, c) = f(b+1, c) − f(b, c).  Divided by F, (⋆) is an identity of rational functions in (b, c), linear in
the p_i and in the coefficients of R_1, R_2.  This module decides it **at one numeric point (k, n, d) and modulo
one prime**, for the ansatz

    R_j = X_j(b, c) / D(b, c),   X_j a polynomial of total degree ≤ m,
    D = (2a − 2b + 1) · Π_{i=0}^{r} (2(a−i) + c)(2(a−i) + c + 1) · (n + 2(a−i))(d + 2(a−i)),

D being the denominators of the ratios F(k−i, b, c)/F(k, b, c): it evaluates (⋆) at random points (b, c) mod p
(more points than unknowns) and returns the p-vectors for which the linear system is consistent.  A consistent
system at more random points than the dimension of the functions involved is an identity with probability
≥ 1 − (degree)/p per point; an inconsistent one only says "no certificate **in this ansatz**".  It is a search
tool for the notebook's account of how the five-term recursion's proof was found, not a proof of anything.

Simplification stated: n, d, k are numbers here (generic rationals), so a relation found is one coefficient
vector at that point, not the rational functions p_i(k, n, d).
"""

from __future__ import annotations

import numbers
from fractions import Fraction

import numpy as np

from seqtheory.simulate import validate
from seqtheory.theorems.exact import five_term

#: A prime below 2^31: products of two residues are < 2^62, exact in int64.
PRIME = 2_147_483_647


def _residue(q, p: int = PRIME) -> int:
    """An exact rational number (int or Fraction) modulo p."""
    q = Fraction(q)
    num, den = int(q.numerator), int(q.denominator)
    if den % p == 0:
        raise ZeroDivisionError(f"{q} has no residue modulo {p}")
    return num % p * pow(den % p, p - 2, p) % p


def _inverse_mod(x: np.ndarray, p: int = PRIME) -> np.ndarray:
    """Elementwise x^(p−2) mod p (Fermat), for an int64 array of non-zero residues."""
    x = np.asarray(x, dtype=np.int64) % p
    if np.any(x == 0):
        raise ZeroDivisionError("inverse_mod: a residue is 0")
    out = np.ones_like(x)
    e = p - 2
    while e:
        if e & 1:
            out = out * x % p
        x = x * x % p
        e >>= 1
    return out


def _product(factors: list[np.ndarray], p: int) -> np.ndarray:
    out = np.ones_like(factors[0])
    for f in factors:
        out = out * (f % p) % p
    return out


def _ratios(b: np.ndarray, c: np.ndarray, k: int, n, d, order: int, p: int = PRIME) -> tuple[np.ndarray, ...]:
    """(σ_b, σ_c, ρ_1, …, ρ_order) mod p at the points (b, c):  σ_b = F(k, b+1, c)/F, σ_c = F(k, b, c+1)/F,
    ρ_i = F(k−i, b, c)/F with F = F(k, b, c), a = k − b − c (from the closed form of the weights, the Pochhammer
    products [x]_λ of :mod:`~seqtheory.theorems.exact.zonal`; checked against exact zonal terms in the tests)."""
    b, c = np.asarray(b, dtype=np.int64) % p, np.asarray(c, dtype=np.int64) % p
    k, N, D = k % p, _residue(n, p), _residue(d, p)
    half = _residue(Fraction(1, 2), p)
    a = (k - b - c) % p
    num_b = _product([2 * np.ones_like(b), 2 * b + c, 2 * b + c - 1, 2 * a + c, 2 * a + c + 1, 2 * a - 1,
                      2 * a - 2 * b - 3, b + (D - 1) * half, b + (N - 1) * half], p)
    den_b = _product([b, 2 * b + c + 1, 2 * b + c + 2, 2 * a + c - 1, 2 * a + c - 2, 2 * a - 2 * b + 1,
                      D + 2 * a - 2, N + 2 * a - 2], p)
    num_c = _product([2 * b + c - 1, c - D + 2, c - N + 2, 2 * a + c + 1, 2 * a - 1, 2 * a - 2 * b - 1], p)
    den_c = _product([c + 1, 2 * b + c + 1, 2 * a + c - 1, 2 * a - 2 * b + 1, D + 2 * a - 2, N + 2 * a - 2], p)
    out = [num_b * _inverse_mod(den_b, p) % p, (p - num_c) * _inverse_mod(den_c, p) % p]
    rho = np.ones_like(b)
    for j in range(1, order + 1):  # F(k−j)/F(k−j+1): a → a − 1 at fixed (b, c), K = k − j + 1
        K, A = (k - j + 1) % p, (a - j + 1) % p
        num = _product([(K - 1) * np.ones_like(b), 2 * A + c, 2 * A + c + 1, 2 * A - 1, 2 * A - 2 * b - 1], p)
        den = _product([K * np.ones_like(b), 2 * A + c - 1, 2 * A + c - 2, 2 * A - 2 * b + 1,
                        N + 2 * A - 2, D + 2 * A - 2], p)
        rho = rho * num % p * _inverse_mod(den, p) % p
        out.append(rho)
    return tuple(out)


#: The certificate denominators: ``"a-side"`` is D of the module docstring; ``"wide"`` drops its i = 0 factors and
#: adds b (from 1/(b−1)!), the denominator with which G becomes a telescoper (docs/wishart_moments.md §4 (ix)).
ANSATZ = ("a-side", "wide")


def _denominator(b: np.ndarray, c: np.ndarray, k: int, n, d, order: int, p: int = PRIME,
                 ansatz: str = "a-side") -> np.ndarray:
    """D(b, c) of the ansatz (module docstring, :data:`ANSATZ`) mod p."""
    b, c = np.asarray(b, dtype=np.int64) % p, np.asarray(c, dtype=np.int64) % p
    N, Dd = _residue(n, p), _residue(d, p)
    a = (k - b - c) % p
    factors = [2 * a - 2 * b + 1] + ([b] if ansatz == "wide" else [])
    for i in range(0 if ansatz == "a-side" else 1, order + 1):
        ai = a - i
        factors += [2 * ai + c, 2 * ai + c + 1, N + 2 * ai, Dd + 2 * ai]
    return _product(factors, p)


def _nullspace(A: np.ndarray, p: int = PRIME) -> np.ndarray:
    """A basis of {x : A x = 0 mod p} as the rows of an int64 array (Gauss–Jordan elimination mod p)."""
    A = np.array(A, dtype=np.int64) % p  # (rows, cols)
    rows, cols = A.shape
    pivots: list[int] = []
    r = 0
    for col in range(cols):
        if r == rows:
            break
        nz = np.nonzero(A[r:, col])[0]
        if nz.size == 0:
            continue
        piv = r + int(nz[0])
        A[[r, piv]] = A[[piv, r]]
        A[r] = A[r] * pow(int(A[r, col]), p - 2, p) % p
        factor = A[:, col].copy()  # (rows,)
        factor[r] = 0
        A = (A - factor[:, None] * A[r][None, :] % p) % p
        pivots.append(col)
        r += 1
    pivot_set = set(pivots)
    free = [j for j in range(cols) if j not in pivot_set]
    basis = np.zeros((len(free), cols), dtype=np.int64)
    for t, f in enumerate(free):
        basis[t, f] = 1
        for i, pc in enumerate(pivots):
            basis[t, pc] = (-A[i, f]) % p
    return basis


def _rank(A: np.ndarray, p: int = PRIME) -> int:
    """The rank of A modulo p."""
    A = np.asarray(A, dtype=np.int64)
    return A.shape[1] - _nullspace(A, p).shape[0]


def _rational(name: str, value) -> Fraction:
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Rational):
        raise validate.ArgumentTypeError(f"{name} must be an exact rational (int or fractions.Fraction), got "
                                         f"{type(value).__name__} {value!r}")
    return Fraction(value)


def telescopers(k: int, n, d, order: int, degree: int, *, extra: int = 60, seed: int = 0,
                ansatz: str = "a-side") -> np.ndarray:
    """The space of (p_0, …, p_order) for which (⋆) holds in the ansatz of total degree ``degree`` at the numeric
    point (k, n, d), modulo :data:`PRIME`: the rows of a reduced basis ((0, order+1) if only p = 0).

    k ≥ 1, order in [1, 8] and degree in [0, 40] are integers; n and d exact rationals (generic values: the
    ansatz is evaluated at ``extra`` more random points than it has unknowns, drawn from ``seed``); ``ansatz`` one
    of :data:`ANSATZ` (the certificates' denominator)."""
    k = validate.integer("k", k, low=1, high=10_000)
    order = validate.integer("order", order, low=1, high=8)
    degree = validate.integer("degree", degree, low=0, high=40)
    extra = validate.integer("extra", extra, low=1, high=10_000)
    seed = validate.integer("seed", seed, low=0)
    if ansatz not in ANSATZ:
        raise ValueError(f"ansatz must be one of {ANSATZ}, got {ansatz!r}")
    return _telescopers(k, _rational("n", n), _rational("d", d), order, degree, extra, seed, PRIME, ansatz)


def _telescopers(k: int, n: Fraction, d: Fraction, order: int, degree: int, extra: int, seed: int,
                 p: int, ansatz: str = "a-side") -> np.ndarray:
    mons = [(i, j) for i in range(degree + 1) for j in range(degree + 1 - i)]
    unknowns = 2 * len(mons) + order + 1
    rng = np.random.default_rng(seed)
    b, c = rng.integers(1, p, size=(2, unknowns + extra), dtype=np.int64)  # random points mod p
    sb, sc, *rho = _ratios(b, c, k, n, d, order, p)
    inv_d = _inverse_mod(_denominator(b, c, k, n, d, order, p, ansatz), p)
    inv_db = _inverse_mod(_denominator(b + 1, c, k, n, d, order, p, ansatz), p)
    inv_dc = _inverse_mod(_denominator(b, c + 1, k, n, d, order, p, ansatz), p)
    pb, pb1, pc, pc1 = (_powers(x, degree, p) for x in (b, b + 1, c, c + 1))
    columns = []
    for i, j in mons:  # R_1 F: Δ_b → X_1(b+1, c)/D(b+1, c)·σ_b − X_1(b, c)/D(b, c)
        columns.append((pb1[i] * pc[j] % p * inv_db % p * sb - pb[i] * pc[j] % p * inv_d) % p)
    for i, j in mons:  # R_2 F: Δ_c
        columns.append((pb[i] * pc1[j] % p * inv_dc % p * sc - pb[i] * pc[j] % p * inv_d) % p)
    for r in [np.ones_like(b)] + list(rho):  # −Σ p_i ρ_i
        columns.append((p - r) % p)
    null = _nullspace(np.stack(columns, axis=1), p)  # (nullity, unknowns)
    tails = null[:, -(order + 1):]  # (nullity, order+1): the p-part of each solution
    return _row_basis(tails, p) if tails.shape[0] else tails


def _powers(x: np.ndarray, degree: int, p: int) -> list[np.ndarray]:
    out = [np.ones_like(x)]
    for _ in range(degree):
        out.append(out[-1] * (x % p) % p)
    return out


def _row_basis(M: np.ndarray, p: int) -> np.ndarray:
    """A basis of the row space of M mod p: the annihilator of M's null space."""
    null = _nullspace(M, p)
    return _nullspace(null, p) if null.shape[0] else np.eye(M.shape[1], dtype=np.int64)


def five_term_vector(k: int, n, d) -> np.ndarray:
    """The conjectured recursion (:mod:`~seqtheory.theorems.exact.five_term`) at step k ≥ 4 as (p_0, …, p_4)
    mod :data:`PRIME`, in the convention of (⋆): p_0 = k + 1, p_i = −c_i(n, d)."""
    k = validate.integer("k", k, low=4, high=10_000)
    n, d = _rational("n", n), _rational("d", d)
    c1, c2, c3, c4, den = five_term.coefficient_polys(k)
    values = [Fraction(den)] + [-five_term._at(ci, n, d) for ci in (c1, c2, c3, c4)]
    return np.array([_residue(v) for v in values], dtype=np.int64)


def _residues(name: str, value) -> np.ndarray:
    array = np.asarray(value)
    if array.dtype.kind not in "iu":
        raise validate.ArgumentTypeError(f"{name} must hold integers (residues mod {PRIME}), got dtype {array.dtype}")
    return array.astype(np.int64) % PRIME


def in_span(vector, basis) -> bool:
    """Whether ``vector`` (length m) lies in the row span of ``basis`` ((rows, m), as :func:`telescopers`
    returns it) modulo :data:`PRIME`."""
    vector, basis = (_residues(name, x) for name, x in (("vector", vector), ("basis", basis)))  # (m,), (rows, m)
    if vector.ndim != 1 or basis.ndim != 2 or basis.shape[1] != vector.shape[0]:
        raise ValueError(f"basis must be (rows, m) for a vector of length m, got {basis.shape} and {vector.shape}")
    if basis.shape[0] == 0:
        return not np.any(vector)
    return _rank(np.vstack([basis, vector])) == _rank(basis)
