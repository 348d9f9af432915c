"""Proof sanity checks for Huang–Wang–Lee 2025, Thm 3.1 / Cor 3.1: the claims and the exact engine they rest on
(:mod:`seqtheory.theorems.exact.lsa_gd`)."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from seqtheory.simulate import lsa
from seqtheory.theorems.exact import lsa_gd as m
from seqtheory.theorems.huang2025 import thm3_1

ONE_STEP, DENSE, ATTAINED, ADVERSARY, TRAINED = thm3_1.CLAIMS
n, d, eta = m.n, m.d, m.eta


def test_first_wishart_moments_derived_by_isserlis():
    m1, m2 = m.wishart_first_moments()
    assert sp.simplify(m1 - n) == 0
    assert sp.simplify(m2 - n * (n + d + 1)) == 0


def test_one_step_loss_closed_form_symbolic():
    paper = d - 2 * eta * d + eta**2 * d * (n + d + 1) / n
    assert sp.simplify(m.one_step_loss(eta, n, d) - paper) == 0


def test_optimum_symbolic():
    assert sp.simplify(m.optimal_step(n, d) - n / (n + d + 1)) == 0
    assert sp.simplify(m.optimal_loss(n, d) - d * (d + 1) / (n + d + 1)) == 0
    # the optimum value is the loss at the optimal step, and the loss is larger elsewhere
    assert sp.simplify(m.one_step_loss(m.optimal_step(n, d), n, d) - m.optimal_loss(n, d)) == 0


@pytest.mark.parametrize(("nv", "dv"), [(1, 1), (24, 4), (7, 13), (100, 3)])
def test_exact_values_at_integer_points(nv, dv):
    assert m.optimal_step(nv, dv) == sp.Rational(nv, nv + dv + 1)
    assert m.optimal_loss(nv, dv) == sp.Rational(dv * (dv + 1), nv + dv + 1)
    value = m.one_step_loss(Fraction(1, 3), nv, dv)
    assert isinstance(value, sp.Rational)
    assert value == dv - sp.Rational(2, 3) * dv + sp.Rational(1, 9) * dv * (nv + dv + 1) / nv


def test_float_step_is_read_as_its_decimal_literal():
    assert m.one_step_loss(0.1, 3, 2) == sp.Rational(41, 25)


def test_trained_effective_map_is_one_gd_step_at_optimal_eta():
    """(d): ((n+d+1)/n)‖M − η*I‖² ≤ L − L*, so a loss within 2 % pins M to η*I."""
    from seqtheory.simulate import training

    nv, dv = 24, 4
    res = training.train_lsa(np.random.default_rng(5), nv, dv, steps=thm3_1.TRAIN_STEPS)
    loss = lsa.mc_no_cot_loss(np.random.default_rng(6), res.V, res.W, nv, dv)
    M = lsa.effective_map(res.V, res.W, dv)
    dist = np.linalg.norm(M - nv / (nv + dv + 1) * np.eye(dv))
    assert dist <= m.map_distance_bound(loss, nv, dv)
    assert dist < 0.05


def test_construction_effective_map_is_eta_identity():
    V, W = lsa.gd_construction(3, 0.37)
    np.testing.assert_allclose(lsa.effective_map(V, W, 3), 0.37 * np.eye(3), rtol=0, atol=1e-15)


@pytest.mark.parametrize(("args", "name"), [
    ((0, 3, 2), "eta"), ((-1.0, 3, 2), "eta"), ((float("nan"), 3, 2), "eta"),
    ((0.5, 0, 2), "n"), ((0.5, 3, 0), "d"), ((0.5, 2.5, 2), "n"), ((0.5, 3, "x"), "d"),
])
def test_bad_input_names_the_parameter(args, name):
    with pytest.raises(ValueError, match=name):
        m.one_step_loss(*args)


@pytest.mark.parametrize(("params", "name"), [
    ({"n": 0}, "n"), ({"d": -2}, "d"), ({"eta": 0.0}, "eta"), ({"eta": float("inf")}, "eta"),
    ({"bogus": 1}, "bogus"),
])
def test_claim_domain_violations_raise(params, name):
    with pytest.raises(ValueError, match=name):
        ONE_STEP.check(**params)


def test_negative_control_formula_differs_everywhere_it_is_asserted():
    for nv in (1, 5, 40):
        for dv in (1, 3):
            assert DENSE.negative_control(n=nv, d=dv, eps=0.1) > m.optimal_loss(nv, dv)
