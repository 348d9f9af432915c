"""The zonal closed form of ``M_k = E tr W^k`` computed modulo word-size primes and rebuilt by the Chinese remainder
theorem — the fast path of :mod:`seqtheory.theorems.exact.zonal` (docs/wishart_moments.md, §3b).

Same formula, different arithmetic.  ``M_k(n, d) = Σ_λ w_λ [n]_λ [d]_λ`` over λ = (k) and (a, b, 1^c); here

* the weights are the simplified closed form (checked against :func:`zonal.coefficient_abc` in the tests)

      w_(k) = 2^k k! / (2k)!,
      w_(a,b,1^c) = −(−1)^c · 2k · 2^{a−b} (a−1)! (2a−2b+1) / [(b−1)! (2a+c)(2a+c+1)(2b+c−1)(2b+c) (2a−1)! c!];

* ``[x]_λ`` is *evaluated* at x = 0, …, k+1 (``[x]_λ = R_a(x) S_b(x) C_c(x)`` with R_a = Π_{j<a}(x+2j),
  S_b = Π_{j<b}(x+2j−1), C_c = Π_{i=2}^{c+1}(x−i)), so the Gram sum gives the values M_k(x_i, x_j) on a
  (k+2)² grid, and the inverse Vandermonde matrix of the points 0..k+1 turns values into coefficients;
* everything is done modulo primes p < 2^20: residues are exact in float64 (a product is < 2^40 and a sum of
  fewer than 2^13 of them is < 2^53), so the Gram sums run as BLAS matrix products.

**How many primes.**  M_k ∈ ℤ≥0[n, d]: by Wick's theorem every pairing of the 2k Gaussian factors of tr (XᵀX)^k
contributes one monomial n^i d^j, so each coefficient counts pairings and their sum is M_k(1, 1) = E χ²₁^k =
(2k−1)!!.  Every coefficient therefore lies in [0, (2k−1)!!], and primes whose product exceeds (2k−1)!! determine
it.  One further prime, not used in the reconstruction, checks the result (a wrong residue anywhere would show).
"""

from __future__ import annotations

from functools import cache
from math import prod

import numpy as np

#: Primes below 2^20: (p − 1)² · 8192 < 2^53, so a float64 sum of up to 8192 residue products is exact.
_PRIME_CEILING = 1 << 20
_CHUNK = 8192


def _is_prime(m: int) -> bool:
    if m < 2 or m % 2 == 0:
        return m == 2
    f = 3
    while f * f <= m:
        if m % f == 0:
            return False
        f += 2
    return True


@cache
def primes(count: int) -> tuple[int, ...]:
    """The ``count`` largest primes below 2^20, descending."""
    out: list[int] = []
    m = _PRIME_CEILING - 1
    while len(out) < count:
        if _is_prime(m):
            out.append(m)
        m -= 2
    return tuple(out)


def double_factorial_odd(k: int) -> int:
    """(2k−1)!! = M_k(1, 1), the sum of M_k's coefficients (1 for k = 0)."""
    return prod(range(1, 2 * k, 2))


def primes_for(K: int) -> tuple[int, ...]:
    """Primes whose product exceeds (2K−1)!!, plus one check prime (the last)."""
    bound, count, product = double_factorial_odd(K), 0, 1
    while product <= bound:
        count += 1
        product *= primes(count)[-1]
    return primes(count + 1)


def _shapes(k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, c) of every surviving shape λ ⊢ k: (k, 0, 0) and (a, b, 1^c) with a ≥ b ≥ 1."""
    b, c = np.meshgrid(np.arange(1, k // 2 + 1), np.arange(0, k + 1), indexing="ij")  # (k//2, k+1)
    a = k - b - c
    keep = a >= b
    a, b, c = a[keep], b[keep], c[keep]
    return (np.concatenate([[k], a]), np.concatenate([[0], b]), np.concatenate([[0], c]))


class _Residues:
    """Tables modulo one prime p for every size ≤ K: factorials, their inverses, and R_a, S_b, C_c at x = 0..K+1."""

    def __init__(self, p: int, K: int):
        self.p, self.size = p, K + 2
        top = 2 * K + 4
        fact = [1] * (top + 1)
        for i in range(1, top + 1):
            fact[i] = fact[i - 1] * i % p
        inv = [1] * (top + 1)
        inv[top] = pow(fact[top], p - 2, p)
        for i in range(top, 0, -1):
            inv[i - 1] = inv[i] * i % p
        self.fact = np.array(fact, dtype=np.int64)  # (2K+5,)
        self.inv_fact = np.array(inv, dtype=np.int64)  # (2K+5,)
        self.pow2 = np.array([pow(2, i, p) for i in range(K + 1)], dtype=np.int64)  # (K+1,)
        x = np.arange(K + 2, dtype=np.int64)  # (K+2,) evaluation points
        self.R = _cumulative(x[None, :] + 2 * np.arange(K + 1)[:, None], p)  # (K+1, K+2): R_a(x)
        self.S = _cumulative(x[None, :] + 2 * np.arange(K + 1)[:, None] - 1, p)  # S_b(x)
        self.C = _cumulative(x[None, :] - np.arange(2, K + 3)[:, None], p)  # C_c(x)

    def inverse(self, values: np.ndarray) -> np.ndarray:
        """Modular inverses of positive integers ≤ 2K+4, as (v−1)!/v!."""
        return self.fact[values - 1] * self.inv_fact[values] % self.p

    def weights(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """w_λ mod p for the shapes (a, b, c) of one size k (the closed form in the module docstring)."""
        p, k = self.p, int(a[0] + b[0] + c[0])
        w = np.empty(a.shape, dtype=np.int64)
        w[0] = self.pow2[k] * self.fact[k] % p * self.inv_fact[2 * k] % p  # λ = (k)
        a, b, c = a[1:], b[1:], c[1:]
        num = (2 * k) % p * self.pow2[a - b] % p * self.fact[a - 1] % p * ((2 * a - 2 * b + 1) % p) % p
        den = self.inv_fact[b - 1] * self.inverse(2 * a + c) % p * self.inverse(2 * a + c + 1) % p
        den = den * self.inverse(2 * b + c - 1) % p * self.inverse(2 * b + c) % p
        den = den * self.inv_fact[2 * a - 1] % p * self.inv_fact[c] % p
        sign = np.where(c % 2 == 0, p - 1, 1)  # −(−1)^c
        w[1:] = num * den % p * sign % p
        return w

    def values(self, a: np.ndarray, b: np.ndarray, c: np.ndarray, m: int) -> np.ndarray:
        """[x]_λ mod p at x = 0..m−1 for each shape: (#λ, m)."""
        p = self.p
        return self.R[a, :m] * self.S[b, :m] % p * self.C[c, :m] % p


def _cumulative(factors: np.ndarray, p: int) -> np.ndarray:
    """Row r = Π_{i<r} factors[i] mod p (row 0 = 1), for a (K+1, m) table of integer factors."""
    out = np.ones_like(factors)
    f = factors % p
    for r in range(1, factors.shape[0]):
        out[r] = out[r - 1] * f[r - 1] % p
    return out


def _matmul_mod(x: np.ndarray, y: np.ndarray, p: int) -> np.ndarray:
    """x @ y mod p for residue matrices, exact in float64 (inner dimension split into chunks of 8192)."""
    total = np.zeros((x.shape[0], y.shape[1]), dtype=np.int64)
    for start in range(0, x.shape[1], _CHUNK):
        part = x[:, start:start + _CHUNK].astype(np.float64) @ y[start:start + _CHUNK].astype(np.float64)
        total = (total + part.astype(np.int64) % p) % p
    return total


@cache
def _newton_tables(p: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(S, D) mod p of size ``size``: D[e, i] = (−1)^{e−i} C(e, i), the forward differences at 0 (Newton form),
    and S[j, e] = s(e, j)/e!, the binomial basis C(x, e) in monomials (s: signed Stirling numbers of the first
    kind).  Both are triangular, so their leading m×m blocks serve every smaller size m."""
    D = np.zeros((size, size), dtype=np.int64)
    S = np.zeros((size, size), dtype=np.int64)
    pascal = np.zeros(size + 1, dtype=np.int64)
    pascal[0] = 1  # row e of Pascal's triangle mod p
    falling = np.zeros(size + 1, dtype=np.int64)
    falling[0] = 1  # coefficients of x(x−1)…(x−e+1) mod p, lowest first
    inv_fact = 1
    for e in range(size):
        signs = np.where((e - np.arange(e + 1)) % 2 == 0, 1, p - 1)
        D[e, : e + 1] = pascal[: e + 1] * signs % p
        S[: e + 1, e] = falling[: e + 1] * inv_fact % p
        pascal[1 : e + 2] = (pascal[1 : e + 2] + pascal[: e + 1]) % p
        falling[1 : e + 2] = (falling[: e + 1] - e * falling[1 : e + 2]) % p
        falling[0] = (-e * falling[0]) % p
        inv_fact = inv_fact * pow(e + 1, p - 2, p) % p
    return S, D


def _inverse_vandermonde(p: int, m: int, size: int) -> np.ndarray:
    """V⁻¹ mod p for the points 0..m−1 (V[i, e] = iᵉ), as S·D: coefficients = V⁻¹ · values."""
    S, D = _newton_tables(p, size)
    return _matmul_mod(S[:m, :m], D[:m, :m], p)


def _residue_moment(tables: _Residues, k: int) -> np.ndarray:
    """M_k mod p as a (k+2, k+2) coefficient array."""
    p, m = tables.p, k + 2
    a, b, c = _shapes(k)
    E = tables.values(a, b, c, m)  # (#λ, m)
    weighted = E * tables.weights(a, b, c)[:, None] % p  # (#λ, m)
    grid = _matmul_mod(weighted.T, E, p)  # (m, m): M_k(x_i, x_j) mod p
    T = _inverse_vandermonde(p, m, tables.size)  # (m, m)
    return _matmul_mod(_matmul_mod(T, grid, p), T.T, p)


def trace_moment_arrays(K: int, start: int = 1) -> list[np.ndarray]:
    """M_start..M_K (start ≥ 1) as bipoly coefficient arrays (object ints, size k+2), by CRT over primes.

    Raises ``ArithmeticError`` if the check prime disagrees with the reconstruction (it cannot, if the
    coefficient bound above holds; the check is there so that a fault could never pass silently)."""
    from seqtheory.simulate import validate

    start = validate.integer("start", start, 1)
    K = validate.integer("K", K, start)
    ps = primes_for(K)
    used, check = ps[:-1], ps[-1]
    sizes = [(k + 2) ** 2 for k in range(start, K + 1)]
    residues = np.empty((len(ps), sum(sizes)), dtype=np.int64)  # (#primes, Σ (k+2)²)
    for row, p in enumerate(ps):
        tables = _Residues(p, K)
        residues[row] = np.concatenate([_residue_moment(tables, k).ravel() for k in range(start, K + 1)])
    values = _crt(residues[:-1], used)
    if any(v % check != r for v, r in zip(values.tolist(), residues[-1].tolist(), strict=True)):
        raise ArithmeticError(f"CRT reconstruction of M_{start}..M_{K} disagrees with the check prime {check}")
    out, offset = [], 0
    for k, size in zip(range(start, K + 1), sizes, strict=True):
        out.append(values[offset:offset + size].reshape(k + 2, k + 2))
        offset += size
    return out


def _crt(residues: np.ndarray, ps: tuple[int, ...]) -> np.ndarray:
    """The integers in [0, Π p) with the given residues (Garner's mixed radix, vectorised), as an object array."""
    t = len(ps)
    digits = [residues[0] % ps[0]]
    for i in range(1, t):
        p = ps[i]
        acc = digits[i - 1] % p
        for j in range(i - 2, -1, -1):  # v_0 + v_1 p_0 + … + v_{i−1} p_0…p_{i−2}, mod p (Horner)
            acc = (acc * (ps[j] % p) + digits[j]) % p
        inv = pow(prod(ps[:i]) % p, p - 2, p)
        digits.append((residues[i] - acc) % p * inv % p)
    # Group three 20-bit digits into one int64 (< 2^60) before going to Python ints.
    groups, radices = [], []
    for start in range(0, t, 3):
        value = np.zeros_like(digits[0])
        radix = 1
        for j in range(start, min(start + 3, t)):
            value = value + digits[j] * radix
            radix *= ps[j]
        groups.append(value)
        radices.append(radix)
    total = groups[-1].astype(object)
    for g, r in zip(reversed(groups[:-1]), reversed(radices[:-1]), strict=True):
        total = total * r + g.astype(object)
    return total
