"""The population CoT loss of the sparse isotropic LSA and its gradient flow, exact (Huang, Wang, Lee 2025,
arXiv:2502.21212, §4 and Thm 4.1; derivation: ``docs/huang2025_thm4_1_dynamics.md``).

*Reduction.* In the sparse isotropic class V_31 = vI, W_13 = wI, W_24 = −1 the teacher-forced residual at step i is
``r_i = S[a I − b A^i] w*`` with ``a = v(w − 1)``, ``b = vw + η``, ``A = I − ηS``, so

    L(v, w) = ½ Σ_{i<k} E tr[S² (aI − bA^i)²] = ½ Σ_{i<k} (a² c_0 − 2ab c_i + b² c_{2i}),
    c_m = E tr(S² A^m) = Σ_j C(m, j)(−η)^j M_{j+2}/n^{j+2},

exact, with the Wishart moments M_j.  L is a positive semi-definite quadratic form in (a, b) with matrix
G = Σ_i [[c_0, −c_i], [−c_i, c_{2i}]]; for k ≥ 2 it is positive definite (Cauchy–Schwarz is strict), so
L = 0 iff a = b = 0 iff (v, w) = (−η, 1).  For k = 1 (no CoT) G is singular and every (−η, w) is a zero:
W_13 is invisible when the query holds w_0 = 0.  At v = 0 the w-gradient vanishes and the v-gradient is
η[(w − 1)G₁₂ + wG₂₂]: (0, w_s) with w_s = G₁₂/(G₁₂ + G₂₂) is a stationary point (:func:`saddle_w`).

*Flow.* ``(v̇, ẇ) = −∇L`` (:func:`integrate_flow`, :func:`seqtheory.simulate.flow.gradient_flow`).  Stages: with
w ≈ w(0) small, v first relaxes to the plateau ``v̂ = argmin_v L(v, w(0))``; then w grows to 1 while v finishes at
−η.  Full-matrix GD on (V_31, W_13) at an isotropic point is GD at rate lr/d on (v, w) (:func:`reduced_gd`).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from seqtheory.simulate.flow import gradient_flow
from seqtheory.simulate.stats import Observation
from seqtheory.theorems.exact import wishart_moments as wm
from seqtheory.theorems.exact.values import exact_integer, exact_real

v, w = sp.symbols("v w", real=True)
_s = sp.Symbol("s", positive=True)  # an eigenvalue of S


def _expect_trace(poly_in_s: sp.Expr, n_value, d_value, deterministic: bool = False) -> sp.Expr:
    """E tr f(S) for a polynomial f: replace s^j by M_j/n^j (or, for the S ≈ I control, by d)."""
    P = sp.Poly(sp.expand(poly_in_s), _s)
    total = sp.Integer(0)
    for (j,), c in P.terms():
        if deterministic:
            moment = d_value
        elif isinstance(n_value, int) and isinstance(d_value, int):
            moment = sp.Rational(wm.trace_moment_value(j, n_value, d_value), n_value**j)
        else:
            moment = wm.trace_moment(j).subs({wm.n: n_value, wm.d: d_value}, simultaneous=True) / n_value**j
        total += c * moment
    return total


@cache
def reduced_loss(n_value, d_value, eta_value, k: int, deterministic: bool = False) -> sp.Expr:
    """L(v, w) exactly (a polynomial in v, w; symbols n, d, η allowed).  ``deterministic`` replaces S by I
    (the negative control's plausible wrong model)."""
    nn, dd = exact_integer("n", n_value), exact_integer("d", d_value)
    e = exact_real("eta", eta_value, low=0, low_open=True)
    nn = int(nn) if nn.is_Integer else nn
    dd = int(dd) if dd.is_Integer else dd
    a, b = v * (w - 1), v * w + e
    f = sp.Rational(1, 2) * sum(_s**2 * (a - b * (1 - e * _s) ** i) ** 2 for i in range(k))
    return sp.expand(_expect_trace(f, nn, dd, deterministic))


def gram(n_value: int, d_value: int, eta_value, k: int) -> sp.Matrix:
    """G with L = ½ [a, b] G [a, b]ᵀ (exact)."""
    e = exact_real("eta", eta_value, low=0, low_open=True)

    def c(m):
        return _expect_trace(_s**2 * (1 - e * _s) ** m, n_value, d_value)
    cs = [c(m) for m in range(2 * k - 1)]
    return sp.Matrix([[k * cs[0], -sum(cs[i] for i in range(k))],
                      [-sum(cs[i] for i in range(k)), sum(cs[2 * i] for i in range(k))]])


def zero_set(n: int, d: int, eta, k: int):
    """The zero set of L and whether the Hessian there is positive definite, derived exactly."""
    e = exact_real("eta", eta, low=0, low_open=True)
    G = gram(n, d, e, k)
    if not (G[0, 0] > 0 and G.det() > 0):
        return ("G singular: zero set is not a point", False)
    sols = sp.solve([v * (w - 1), v * w + e], [v, w], dict=True)
    points = sorted((s[v], s[w]) for s in sols)
    L = reduced_loss(n, d, e, k)
    H = sp.hessian(L, (v, w))
    pd = all(bool(H.subs({v: p[0], w: p[1]})[:m, :m].det() > 0) for p in points for m in (1, 2))
    return (points, pd)


def flow_field(n: int, d: int, eta: float, k: int, deterministic: bool = False):
    """−∇L as a fast numpy callable (exact coefficients rounded once to float64)."""
    L = reduced_loss(n, d, eta, k, deterministic)
    grad = sp.lambdify((v, w), [-sp.diff(L, v), -sp.diff(L, w)], "numpy")
    return lambda t, y: np.asarray(grad(y[0], y[1]), dtype=float)


def integrate_flow(n: int, d: int, eta: float, k: int, v0: float, w0: float, t_max: float = 5_000.0,
                   deterministic: bool = False):
    """The reduced gradient flow from (v0, w0) (:func:`seqtheory.simulate.flow.gradient_flow`)."""
    return gradient_flow(flow_field(n, d, eta, k, deterministic), [v0, w0], t_max)


def stages(sol, eta: float, n: int, d: int, k: int, w0: float) -> dict:
    """Stage boundaries: end of the fast v-phase (first time |ẇ| > |v̇|), the plateau predicted from
    argmin_v L(v, w0), and the time the state is within 1e-3 of (−η, 1)."""
    ts = np.concatenate([np.geomspace(1e-4, max(sol.t[-1], 1e-3), 4000)])
    ys = sol.sol(ts)
    field = flow_field(n, d, eta, k)
    vel = np.array([field(0, ys[:, i]) for i in range(ts.size)])
    switch = int(np.argmax(np.abs(vel[:, 1]) > np.abs(vel[:, 0])))
    L = reduced_loss(n, d, eta, k)
    dv = sp.diff(L, v).subs(w, sp.Rational(repr(w0)))
    plateau = float(sp.solve(dv, v)[0])
    dist = np.hypot(ys[0] + eta, ys[1] - 1)
    converged = ts[int(np.argmax(dist < 1e-3))] if np.any(dist < 1e-3) else float("inf")
    return {"t_switch": float(ts[switch]), "v_at_switch": float(ys[0, switch]), "v_plateau_predicted": plateau,
            "t_converged": float(converged)}


def reduced_gd(n: int, d: int, eta: float, k: int, v0: float, w0: float, lr: float, steps: int) -> np.ndarray:
    """Discrete GD on L(v, w) with rate lr/d (the isotropic image of full-matrix GD at rate lr): (steps+1, 2)."""
    field = flow_field(n, d, eta, k)
    out = np.empty((steps + 1, 2))
    out[0] = (v0, w0)
    for t in range(steps):
        out[t + 1] = out[t] + (lr / d) * field(0, out[t])
    return out



def saddle_w(n: int, d: int, eta, k: int) -> sp.Expr | None:
    """w_s = G₁₂/(G₁₂ + G₂₂): with v = 0, ∇_v L = (w − 1)(G(0, η))₁ + w (G(0, η))₂ = η[(w − 1)G₁₂ + wG₂₂] = 0 (and
    ∇_w L vanishes with v).  None when G₁₂ + G₂₂ = 0: then no stationary point has v = 0."""
    G = gram(n, d, eta, k)
    total = G[0, 1] + G[1, 1]
    return None if total == 0 else G[0, 1] / total


def flow_observation(n: int, d: int, eta: float, k: int, v0: float, w0: float) -> Observation:
    """The reduced flow from (v0, w0) run to its end: measured (v(∞), w(∞), 1 if the v-phase ends before the state
    is within 1e-3 of (−η, 1) else 0), with the stage times and the stage-1 plateau in the detail."""
    sol = integrate_flow(n, d, eta, k, v0, w0)
    st = stages(sol, eta, n, d, k, w0)
    end = (float(sol.y[0, -1]), float(sol.y[1, -1]), 1.0 if st["t_switch"] < st["t_converged"] else 0.0)
    detail = (f"stage 1 (v-phase) ends t ≈ {st['t_switch']:.3g} at v = {st['v_at_switch']:.4f} "
              f"(plateau argmin_v L(v, w0) = {st['v_plateau_predicted']:.4f}); within 1e-3 of (−η, 1) at "
              f"t ≈ {st['t_converged']:.3g}; stopped at t = {sol.t[-1]:.4g}")
    return Observation(end, detail)
