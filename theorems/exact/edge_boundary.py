"""The closed-form end of the five-term proof (docs/wishart_moments.md, §4 (x)): what is left of Y_k = G M_k after
the edge sum telescopes is an identity between finitely many hypergeometric terms in k, proved here exactly.

Summing (⋆⋆) of :mod:`~seqtheory.theorems.exact.g_certificate` over the shapes with a ≥ 3 gives, for k ≥ 8,

    Y_k = E_k + C_k + Σ_{b ≥ 3} V(k, b),

E_k = H(k−3) + G_0[F(k,1,k−2) + F(k,1,k−3) + F(k,2,k−4)] + G_1 F(k−1,1,k−3)      (the edge b = 1, §4 (ix)),
C_k = R_1F(k,2,k−4) − R_1F(k,3,k−4) + R_2F(k,1,k−3) + R_2F(k,2,k−4) − G_2 F(k−2,2,k−5)      (the corners of a ≥ 3),

with V the edge terms of :mod:`~seqtheory.theorems.exact.edge_certificate` and H(c) = lim_{b→0} R_2F(k, b, c).  By
(⋆⋆⋆) the edge sum of A_5 V telescopes to −Y(k, 3) = −ρ(k, 3) F(k, 3, k−4) (Y vanishes past the last shape, where
c < 0).  So A_5 Y = 0 for k ≥ 10 is the identity

    Σ_{i=0}^{2} (A_5)_i(k) [E_{k−i} + C_{k−i}] = ρ(k, 3) F(k, 3, k−4),                                         (†)

between terms that are all rational multiples of F(k, 1, k−2) (fixed a and b, c = k − a − b).  :func:`check` writes
each as such a multiple (sympy's gammasimp on the Gamma-function form of the closed form, :func:`gamma_term`) and adds
them exactly over one denominator in ℚ[k, n, d] (≈ 25 s).
"""

from __future__ import annotations

import numbers


def _sympy():
    import sympy

    return sympy


def gamma_term(k, b, c, n, d, flat: bool = False):
    """The closed form of the zonal summand F(k, b, c) (a = k − b − c) with every factorial and product written as a
    Gamma function (§3b), as a sympy expression; ``flat`` divides by b (1/Γ(b+1) for 1/(b−1)!, finite at b = 0)."""
    sp = _sympy()
    a = k - b - c
    weight = (-(-1) ** c * 2 * k * 2 ** (a - b) * sp.gamma(a) * (2 * a - 2 * b + 1)
              / (sp.gamma(b + int(flat)) * (2 * a + c) * (2 * a + c + 1) * (2 * b + c - 1) * (2 * b + c)
                 * sp.gamma(2 * a) * sp.gamma(c + 1)))

    def bracket(x):  # [x]_λ = 2^a (x/2)_a · 2^b ((x−1)/2)_b · (x−2)(x−3)⋯(x−1−c)
        return (2**a * sp.gamma(x / 2 + a) / sp.gamma(x / 2) * 2**b * sp.gamma((x - 1) / 2 + b) / sp.gamma((x - 1) / 2)
                * sp.gamma(x - 1) / sp.gamma(x - 1 - c))

    return weight * bracket(n) * bracket(d)


def simplify(expr):
    """A ratio of Gamma-function terms as a factored rational function (gammasimp, then expand_func)."""
    sp = _sympy()
    return sp.factor(sp.expand_func(sp.gammasimp(sp.combsimp(expr))))


def h_ratio():
    """H(c)/F(k, 1, c) as a rational function of (k, c, n, d), H(c) = lim_{b→0} R_2F(k, b, c) (§4 (ix)): R_2 has the
    simple pole 1/b and F the simple zero 1/(b−1)!, so the limit is R_2·b times F/b at b = 0."""
    from seqtheory.theorems.exact import g_certificate as gc

    sp = _sympy()
    k, b, c, n, d = gc.symbols()
    n2 = gc.numerators(k, b, c, n, d)[1]
    den_over_b = sp.Mul(*[f for f in gc.denominator(k, b, c, n, d) if f != b])
    return simplify((n2 / den_over_b * gamma_term(k, b, c, n, d, flat=True)).subs(b, 0) / gamma_term(k, 1, c, n, d))


def _fraction(R, expr) -> tuple:
    """A sympy rational function as ([numerator], [unit, factors of the denominator…]) in the ring R."""
    sp = _sympy()
    num, den = sp.fraction(sp.together(expr))
    unit, factors = sp.factor_list(den, *R.symbols)
    return [R.from_expr(sp.expand(num))], [R.from_expr(sp.Rational(unit))] + [R.from_expr(f) for f, e in factors
                                                                              for _ in range(e)]


def closed_terms(i: int, R, h=None) -> list:
    """The ten terms of E_{k−i} + C_{k−i}, each divided by F(k, 1, k−2), as (numerator factors, denominator factors)
    pairs in the ring R = ℚ[k, n, d] (generators named as :func:`~seqtheory.theorems.exact.g_certificate.symbols`);
    ``h`` is :func:`h_ratio` (computed when not given)."""
    from seqtheory.theorems.exact import g_certificate as gc
    from seqtheory.theorems.exact import reduction

    k, _, c, n, d = gc.symbols()
    K = k - i
    kR, nR, dR = (R.from_expr(x) for x in (k, n, d))
    KR = kR - i
    base = gamma_term(k, 1, k - 2, n, d)
    rel = lambda b_, c_, shift=0: _fraction(R, simplify(gamma_term(K - shift, b_, c_, n, d) / base))  # noqa: E731
    g = reduction.g_coefficients(KR, nR, dR)

    def scaled(coefficient, frac):
        return [coefficient, *frac[0]], frac[1]

    def RF(j, b_, c_, sign=1):  # ± R_j F(K, b_, c_) with c_ = K − (a + b_)
        num, den = rel(b_, c_)
        cR = R.from_expr(c_)
        return [sign * gc.numerators(KR, b_, cR, nR, dR)[j], *num], den + gc.denominator(KR, b_, cR, nR, dR)

    h = h_ratio() if h is None else h
    return [_fraction(R, h.subs({c: K - 3, k: K}, simultaneous=True) * simplify(gamma_term(K, 1, K - 3, n, d) / base)),
            scaled(g[0], rel(1, K - 2)), scaled(g[0], rel(1, K - 3)), scaled(g[0], rel(2, K - 4)),
            scaled(g[1], rel(1, K - 3, shift=1)),  # F(K−1, 1, K−3): a = 1 at step K − 1
            RF(0, 2, K - 4), RF(0, 3, K - 4, sign=-1), RF(1, 1, K - 3), RF(1, 2, K - 4),
            scaled(-g[2], rel(2, K - 5, shift=2))]  # F(K−2, 2, K−5): a = 1 at step K − 2


def identity_terms(R) -> list:
    """The 31 terms of (†) divided by F(k, 1, k−2), left side minus right side, as (numerator factors, denominator
    factors) pairs in the ring R = ℚ[k, n, d]."""
    from seqtheory.theorems.exact import edge_certificate as ec
    from seqtheory.theorems.exact import g_certificate as gc
    from seqtheory.theorems.exact import reduction

    k, _, _, n, d = gc.symbols()
    kR, nR, dR = (R.from_expr(x) for x in (k, n, d))
    A5 = reduction.a5_coefficients(kR, nR, dR)
    h = h_ratio()
    out = [([A5[i], *num], den) for i in range(3) for num, den in closed_terms(i, R, h)]
    num, den = _fraction(R, simplify(gamma_term(k, 3, k - 4, n, d) / gamma_term(k, 1, k - 2, n, d)))
    return [*out, ([-ec.ptilde(kR, 3, nR, dR), *num], den + ec.denominator(kR, 3, nR, dR))]


def check(extra=None) -> bool:
    """Whether (†) holds identically in (k, n, d), exactly over the least common multiple of the denominators
    (:func:`g_certificate.sum_is_zero`).  ``extra`` (a sympy rational function of k, n, d) is added to the left
    side — a near miss must fail."""
    from sympy import QQ, ring

    from seqtheory.simulate import validate
    from seqtheory.theorems.exact import g_certificate as gc

    sp = _sympy()
    k, _, _, n, d = gc.symbols()
    if extra is not None and (isinstance(extra, bool) or not isinstance(extra, sp.Basic | numbers.Rational)):
        raise validate.ArgumentTypeError(f"extra must be a sympy rational function of k, n, d or an exact number, got "
                                         f"{type(extra).__name__} {extra!r}")  # text is never parsed
    R = ring([k, n, d], QQ)[0]
    try:
        extra_terms = [] if extra is None else [_fraction(R, sp.Rational(extra) if isinstance(extra, numbers.Rational)
                                                          else extra)]
    except (ValueError, sp.PolificationFailed) as err:
        raise validate.ArgumentTypeError(f"extra must be a rational function of k, n, d, got {extra!r}") from err
    return gc.sum_is_zero(R, identity_terms(R) + extra_terms)
