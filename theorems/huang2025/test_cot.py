"""Proof sanity checks for Huang–Wang–Lee 2025, Thms 3.2, 4.1, 4.2: the exact engines the claims rest on
(:mod:`seqtheory.theorems.exact.lsa_gd`, ``cot_flow``, ``cot_eigen``, ``ood``)."""

import numpy as np
import pytest
import sympy as sp

from seqtheory.simulate import cot, training
from seqtheory.simulate.tasks import make_sigma, sample_prompts
from seqtheory.theorems.exact import cot_eigen, cot_flow, lsa_gd, ood
from seqtheory.theorems.exact import wishart_moments as wm

# --- Thm 3.2 ---------------------------------------------------------------------------------------------

def test_separation_table_and_holder_lower_bound():
    """L_k(η) ≥ d(L_1(η)/d)^k (Hölder) at every η, and min_η L_k < L* for k ≥ 2 on a grid."""
    for n, d in [(1, 1), (4, 2), (16, 4), (64, 8)]:
        for k in (2, 3):
            eta, value = lsa_gd.best_step(k, n, d)
            bound = sp.Rational(d * (d + 1), n + d + 1)
            assert sp.Rational(value.numerator, value.denominator) < bound
            l1 = wm.gd_loss(1, eta, n, d)
            assert sp.Rational(value.numerator, value.denominator) >= d * (l1 / d) ** k


def test_mean_is_log_convex_in_k():
    _, losses = lsa_gd.turning_points(8, 4, sp.Rational(3, 4), 30)
    for a, b, c in zip(losses, losses[1:], losses[2:], strict=False):
        assert b * b <= a * c


def test_mean_diverges_while_median_vanishes_when_n_ge_d():
    """The finding in one place: at fixed η the exact mean grows for large k, the median → 0 (n ≥ d)."""
    n, d, eta = 8, 4, 0.75
    changes, losses = lsa_gd.turning_points(n, d, eta, 30)
    assert changes == 1 and losses[-1] > losses[0]
    p = sample_prompts(np.random.default_rng(0), 4000, n, d)
    med = np.median(cot.spectral_log_losses(p, eta, [10, 30]), axis=0)
    assert med[1] < med[0] - 5  # the median keeps falling geometrically


# --- Thm 4.1 ---------------------------------------------------------------------------------------------

def test_reduced_loss_symbolic_in_n_d_eta_matches_integer_points():
    eta = sp.Symbol("eta", positive=True)
    generic = cot_flow.reduced_loss(wm.n, wm.d, eta, 2)
    at_point = generic.subs({wm.n: 20, wm.d: 3, eta: sp.Rational(1, 2)})
    assert sp.expand(at_point - cot_flow.reduced_loss(20, 3, sp.Rational(1, 2), 2)) == 0


def test_reduced_loss_is_the_gram_quadratic_form():
    v, w = cot_flow.v, cot_flow.w
    eta = sp.Rational(1, 2)
    G = cot_flow.gram(12, 3, eta, 3)
    a, b = v * (w - 1), v * w + eta
    form = sp.Rational(1, 2) * (sp.Matrix([[a, b]]) * G * sp.Matrix([a, b]))[0, 0]
    assert sp.expand(form - cot_flow.reduced_loss(12, 3, eta, 3)) == 0


def test_no_cot_zero_set_is_a_line():
    """k = 1: G is singular and L(−η, w) = 0 for every w (W_13 is invisible from w_0 = 0)."""
    eta = sp.Rational(1, 2)
    assert cot_flow.gram(10, 2, eta, 1).det() == 0
    L = cot_flow.reduced_loss(10, 2, eta, 1)
    assert sp.expand(L.subs(cot_flow.v, -eta)) == 0


def test_flow_stages_v_first_then_w():
    sol = cot_flow.integrate_flow(20, 4, 0.5, 4, 0.05, 0.05)
    st_ = cot_flow.stages(sol, 0.5, 20, 4, 4, 0.05)
    v_sw, w_sw = sol.sol(st_["t_switch"])
    assert v_sw < 0 and w_sw < 0.3  # v has moved to its plateau while w is still small
    assert abs(st_["v_at_switch"] - st_["v_plateau_predicted"]) < 0.1 * 0.5
    assert st_["t_switch"] < st_["t_converged"]


def test_sgd_keeps_a_non_isotropic_shared_eigenbasis():
    rng = np.random.default_rng(0)
    d = 3
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    V31 = Q @ np.diag([0.05, 0.1, 0.2]) @ Q.T
    W13 = Q @ np.diag([0.2, 0.1, 0.05]) @ Q.T
    V, W = training.sgd_sparse_cot(rng, 20, d, 0.5, 3, V31, W13, 0.05, 100, 64)
    for M in (V, W):
        inb = Q.T @ M @ Q
        off = np.linalg.norm(inb - np.diag(np.diag(inb)))
        assert off < 0.05 * np.linalg.norm(inb)


def test_population_gradient_at_isotropic_point_is_isotropic():
    p = cot.antithetic(sample_prompts(np.random.default_rng(1), 4000, 20, 3))
    _, g_v, _ = cot.sparse_cot_loss_and_grad(-0.2 * np.eye(3), 0.4 * np.eye(3), p, 0.5, 3)
    L = cot_flow.reduced_loss(20, 3, 0.5, 3)
    dv = float(sp.diff(L, cot_flow.v).subs({cot_flow.v: sp.Rational(-1, 5), cot_flow.w: sp.Rational(2, 5)}))
    # the sample gradient fluctuates around (1/d)∂L/∂v · I: compare the trace within sampling noise
    assert abs(np.trace(g_v) - dv) < 0.05 * abs(dv) + 0.01


# --- Thm 4.2 ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("d", [2, 3])
def test_ood_second_moment_derived_for_generic_sigma(d):
    expr, sig, n = ood.derived_trace_second_moment(d)
    assert sp.simplify(expr - ((n + 1) / n * (sig * sig).trace() + sig.trace() ** 2 / n)) == 0


def test_ood_formula_reduces_to_in_distribution():
    for n, d in [(5, 2), (20, 4)]:
        assert ood.ood_one_step_loss(0.3, n, np.eye(d)) == pytest.approx(
            float(d - 0.6 * d + 0.09 * d * (n + d + 1) / n), rel=1e-12)


@pytest.mark.parametrize(("kwargs", "name"), [({"kappa": 0.5}, "kappa"), ({"d": 0}, "d")])
def test_make_sigma_bad_input(kwargs, name):
    args = {"d": 3, "kappa": 2.0, "sigma_seed": 0, **kwargs}
    with pytest.raises(ValueError, match=name):
        make_sigma(**args)


def test_per_direction_loss_is_the_isotropic_loss_on_the_diagonal_and_its_gradient_is_exact():
    """The eigendirection loss (mixed Wishart moments with diagonal insertions) equals the isotropic reduced loss
    exactly when every v_i = v and w_i = w, and its analytic gradient matches central differences."""
    from fractions import Fraction

    n, d, k, eta = 14, 3, 3, Fraction(1, 2)
    terms = cot_eigen.loss_terms(n, eta, k)
    iso = cot_flow.reduced_loss(n, d, sp.Rational(1, 2), k)
    for v, w in ((Fraction(3, 10), Fraction(1, 5)), (Fraction(-1, 2), Fraction(1)), (Fraction(1, 7), Fraction(-2))):
        exact = sum(c * np.prod([d * v ** a * w ** b * (w - 1) ** g for a, b, g in key]) for key, c in terms.items())
        assert exact == iso.subs({cot_flow.v: sp.Rational(v.numerator, v.denominator),
                                  cot_flow.w: sp.Rational(w.numerator, w.denominator)})
    loss = cot_eigen.EigenLoss(n, 0.5, k)
    rng = np.random.default_rng(0)
    v, w = 0.4 * rng.standard_normal(d), 0.4 * rng.standard_normal(d)
    gv, gw = loss.gradient(v, w)
    h = 1e-6
    for j in range(d):
        e = np.eye(d)[j] * h
        assert abs((loss.value(v + e, w) - loss.value(v - e, w)) / (2 * h) - gv[j]) < 1e-7
        assert abs((loss.value(v, w + e) - loss.value(v, w - e)) / (2 * h) - gw[j]) < 1e-7


def test_the_saddle_is_a_stationary_point_with_an_indefinite_hessian():
    L = cot_flow.reduced_loss(20, 3, sp.Rational(1, 2), 3)
    ws = cot_flow.saddle_w(20, 3, sp.Rational(1, 2), 3)
    point = {cot_flow.v: 0, cot_flow.w: ws}
    assert [sp.diff(L, x).subs(point) for x in (cot_flow.v, cot_flow.w)] == [0, 0]
    assert sp.hessian(L, (cot_flow.v, cot_flow.w)).subs(point).det() < 0


def test_looped_loss_at_d_1_equals_the_chi_square_expectation():
    """At d = 1, S = χ²_n/n and the looped model's error is (c − (1+c)(1 − η′s)^k)w*: the expectation by the
    χ² moments E s^j = n(n+2)…(n+2j−2)/n^j, exactly — an independent path to :func:`lsa_gd.looped_loss`."""
    s = sp.Symbol("s")
    for n, k, v, w in [(1, 2, -0.5, 1.0), (6, 3, -0.81, 0.79), (12, 2, 0.3, -1.25)]:
        step, c = -sp.Rational(v) * sp.Rational(w), 1 / sp.Rational(w) - 1
        poly = sp.Poly(sp.expand((c - (1 + c) * (1 - step * s) ** k) ** 2), s)
        moment = [sp.prod([sp.Rational(n + 2 * i, n) for i in range(j)]) for j in range(2 * k + 1)]
        expected = sum(coef * moment[j] for (j,), coef in poly.terms())
        assert lsa_gd.looped_loss(k, n, 1, v, w) == expected


def test_looped_loss_matches_the_looped_recursion_on_prompts_and_names_w_zero():
    """The looped recursion u ← u + vS(wu − w*) (the training's forward) on 200 000 prompts: the exact loss within
    5 standard errors; and w = 0 is refused."""
    n, d, k, v, w = 24, 3, 3, -0.7, 0.9
    p = sample_prompts(np.random.default_rng(4), 200_000, n, d)
    S, u = p.covariance(), np.zeros((200_000, d))
    for _ in range(k):
        u = u + v * np.einsum("bij,bj->bi", S, w * u - p.w_star)
    draws = np.sum((u - p.w_star) ** 2, axis=1)
    exact = float(lsa_gd.looped_loss(k, n, d, v, w))
    assert abs(draws.mean() - exact) <= 5 * draws.std() / np.sqrt(len(draws))
    assert float(lsa_gd.looped_loss(k, n, d, -0.76, 1.0)) == float(wm.gd_loss(k, sp.Rational(0.76), n, d))
    with pytest.raises(ValueError, match="w must be non-zero"):
        lsa_gd.looped_loss(k, n, d, v, 0.0)


def test_free_scale_optimum_is_attained_and_below_every_gd_step():
    for n, d, k in [(12, 4, 2), (8, 1, 3)]:
        step, c, value = lsa_gd.free_scale_optimum(k, n, d)
        w = 1 / (1 + c)
        assert value == float(lsa_gd.looped_loss(k, n, d, -step / w, w))
        assert value < float(lsa_gd.best_step(k, n, d)[1])


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda r: training.sgd_sparse_cot(r, 8, 2, 0.5, 2, 0.1 * np.eye(2), 0.1 * np.eye(2), 0.01, -1, 4),
     ValueError, "steps"),  # returned its start
    (lambda r: training.sgd_sparse_cot(r, 8, 2, 0.5, 2, 0.1 * np.eye(3), 0.1 * np.eye(2), 0.01, 5, 4),
     ValueError, "V31"),
    (lambda r: training.sgd_sparse_cot(r, 8, 2, 0.5, 2, 0.1 * np.eye(2), 0.1 * np.eye(2), 0.0, 5, 4),
     ValueError, "lr"),
    (lambda r: training.sgd_sparse_cot(r, 8, 2, True, 2, 0.1 * np.eye(2), 0.1 * np.eye(2), 0.01, 5, 4),
     TypeError, "eta"),
    (lambda r: training.train_looped(r, 8, 2, 2, 0, 4, 0.01, False), ValueError, "steps"),
    (lambda r: training.train_looped(r, 8, 2, 2, 5, 4, 0.01, "False"), TypeError, "free_w"),
    (lambda r: training.train_looped(r, 8, 2, 2, 5, 4, 0.01, False, v0=float("nan")), ValueError, "v0"),
    (lambda r: training.train_looped(5, 8, 2, 2, 5, 4, 0.01, False), ValueError, "rng"),
    (lambda r: training.train_cot_and_evaluate(r, None, 8, 2, 2, 0.5, steps=1), ValueError, "eval_rng"),
    (lambda r: training.train_cot_and_evaluate(r, r, 8, 2, 2, 0.5, steps=1, eval_samples=1), ValueError,
     "eval_samples"),
])
def test_training_helpers_name_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call(np.random.default_rng(0))
