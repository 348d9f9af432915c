"""Heavy tails in Monte Carlo means (:mod:`seqtheory.simulate.tails`): the kurtosis and central sums against a slow
exact path, exact merging across shards, scale freedom, and the z-based relations refusing a heavy-tailed mean."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from seqtheory.simulate.tails import MAX_STDERR_SPREAD, TailedMean, stderr_spread
from seqtheory.theorems.core.relations import LowerBound, UpperBound, ZTest, heavy_tail


def _exact_kurtosis(x) -> Fraction:
    """m Σ(x − x̄)⁴ / (Σ(x − x̄)²)² in exact rationals: the slow, obviously correct path."""
    q = [Fraction(float(v)) for v in x]
    mean = sum(q) / len(q)
    d2 = sum((v - mean) ** 2 for v in q)
    d4 = sum((v - mean) ** 4 for v in q)
    return len(q) * d4 / d2**2


_reals = st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False)


@settings(max_examples=60, deadline=None)
@given(x=st.lists(_reals, min_size=2, max_size=40).filter(lambda v: len(set(v)) > 1))
@example(x=[0.0, 1.0])
@example(x=[1e6, -1e6, 0.0, 0.0])
def test_kurtosis_matches_exact_rationals(x):
    est = TailedMean.of(x)
    assert est.kurtosis == pytest.approx(float(_exact_kurtosis(x)), rel=1e-9)
    assert est.value == pytest.approx(np.mean(x), rel=1e-12, abs=1e-9)
    assert est.stderr == pytest.approx(np.std(x, ddof=1) / np.sqrt(len(x)), rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(x=st.lists(_reals, min_size=2, max_size=30), y=st.lists(_reals, min_size=2, max_size=30),
       scale=st.sampled_from([1.0, 1e-150, 1e150]))
@example(x=[0.0, 0.0], y=[0.0, 1.8342981442763827e-144], scale=1.0)  # an all-zero shard: its unit defers
@example(x=[0.0, 0.0], y=[13408.0, 13408.0], scale=1e150)  # a constant shard whose unit² overflows: M2 is 0
def test_merging_shards_equals_the_estimate_of_their_union(x, y, scale):
    a, b = np.array(x) * scale, np.array(y) * scale
    merged, whole = TailedMean.of(a).merge(TailedMean.of(b)), TailedMean.of(np.concatenate([a, b]))
    assert isinstance(merged, TailedMean) and merged.samples == whole.samples
    assert merged.value == pytest.approx(whole.value, rel=1e-9, abs=1e-9 * scale)
    assert merged.stderr == pytest.approx(whole.stderr, rel=1e-7, abs=1e-9 * scale)
    if whole.c2 > 1e-12:
        assert merged.kurtosis == pytest.approx(whole.kurtosis, rel=1e-6)


@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1.0, 1e150, 1e300])
def test_the_diagnostic_does_not_depend_on_the_draws_scale(scale):
    x = np.random.default_rng(0).standard_normal(1000)
    base, scaled = TailedMean.of(x), TailedMean.of(x * scale / 8)  # /8: 1e300·|x| stays finite
    assert scaled.kurtosis == pytest.approx(base.kurtosis, rel=1e-9)
    assert scaled.stderr == pytest.approx(base.stderr * scale / 8, rel=1e-9)
    assert np.isfinite(scaled.stderr) and scaled.stderr > 0


def test_a_normal_sample_is_light_and_an_infinite_variance_one_heavy():
    rng = np.random.default_rng(1)
    normal = TailedMean.of(rng.standard_normal(4000))
    assert 2.5 < normal.kurtosis < 3.5 and normal.heavy_tail() == ""
    pareto = TailedMean.of(rng.pareto(1.5, 4000))  # tail index 1.5: finite mean, infinite variance
    assert "heavy tails" in pareto.heavy_tail() and stderr_spread(pareto.kurtosis, 4000) > MAX_STDERR_SPREAD


def test_an_infinite_mean_no_longer_passes_a_z_test():
    """The issue's example: E tr W⁻¹ at n = d has an infinite mean; a theory of −1 passed against 67 828 ± 54 000."""
    x = np.random.default_rng(0).standard_normal((4000, 3, 3))  # W = XXᵀ, X 3×3 standard normal: n = d = 3
    w = x @ np.swapaxes(x, 1, 2)  # (4000, 3, 3)
    draws = np.trace(np.linalg.inv(w), axis1=1, axis2=2)  # (4000,)
    est = TailedMean.of(draws)
    assert "heavy tails" in heavy_tail(est)
    for relation, theory in ((ZTest(5.0), -1.0), (UpperBound(5.0), 1e9), (LowerBound(5.0), -1e9)):
        assert not relation.judge(theory, est).passed  # refused, whatever the theory


def test_plain_estimates_and_light_tails_are_judged_as_before():
    from seqtheory.simulate.stats import Estimate

    x = np.random.default_rng(2).standard_normal(4000)
    for est in (Estimate.of_mean(x), TailedMean.of(x)):
        assert heavy_tail(est) == ""
        assert ZTest(5.0).judge(0.0, est).passed and not ZTest(5.0).judge(1.0, est).passed


@pytest.mark.parametrize("bad", [[1.0], [], [np.nan, 1.0], [1j, 2j], [True, False]])
def test_bad_draws_are_named(bad):
    with pytest.raises((TypeError, ValueError), match="draws"):
        TailedMean.of(bad)


_hostile = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                     st.complex_numbers(), st.text(max_size=5), st.lists(st.floats(allow_nan=True), max_size=6),
                     st.lists(st.lists(st.integers(-5, 5), max_size=3), max_size=3))


@settings(max_examples=150, deadline=None)
@given(draws=_hostile)
def test_hostile_draws_get_a_named_error_or_a_finite_estimate(draws):
    try:
        est = TailedMean.of(draws)
    except (TypeError, ValueError) as exc:
        assert "draws" in str(exc)
        return
    assert np.isfinite(est.value) and np.isfinite(est.stderr) and est.samples >= 2
    assert est.heavy_tail() == "" or est.heavy_tail().startswith("heavy tails")


def test_stderr_spread_names_bad_arguments():
    assert stderr_spread(3.0, 4000) == pytest.approx(0.5 * np.sqrt(2 / 4000))
    assert stderr_spread(float("nan"), 100) == stderr_spread(float("inf"), 100) == stderr_spread(3.0, 1) == np.inf
    for args, match in (((True, 10), "kurtosis"), (("a", 10), "kurtosis"), ((3.0, True), "samples"),
                        ((3.0, 0), "samples"), ((3.0, 2.5), "samples")):
        with pytest.raises((TypeError, ValueError), match=match):
            stderr_spread(*args)


# -- sized samples ---------------------------------------------------------------------------------------------


def test_samples_for_spread_inverts_stderr_spread():
    from seqtheory.simulate.tails import TARGET_STDERR_SPREAD, samples_for_spread

    for kurtosis in (1.0, 3.0, 57.5, 9270.0):
        m = samples_for_spread(kurtosis)
        if kurtosis > 1:
            assert stderr_spread(kurtosis, int(np.ceil(m))) <= TARGET_STDERR_SPREAD
            assert stderr_spread(kurtosis, int(np.floor(m)) - 1) > TARGET_STDERR_SPREAD
        else:
            assert m == 0.0
    assert samples_for_spread(float("inf")) == samples_for_spread(float("nan")) == np.inf
    for args, match in (((True,), "kurtosis"), (("3",), "kurtosis"), ((3.0, 0.0), "target"), ((3.0, -1.0), "target")):
        with pytest.raises((TypeError, ValueError), match=match):
            samples_for_spread(*args)


def _fourth_powers(rng, m):
    return rng.standard_normal(m) ** 4  # kurtosis E(g⁴ − 3)⁴ / (E g⁸ − 9)² = 1 907 712 / 96² ≈ 207


def test_sized_mean_grows_the_sample_with_the_pilot_kurtosis_and_is_reproducible():
    from seqtheory.simulate.tails import sized_mean

    light = sized_mean(lambda r, m: r.standard_normal(m), np.random.SeedSequence(3), 1000, 10**6)
    assert light.samples == 1000  # a normal pilot asks for (3 − 1)/(4·0.025²) = 800 draws: the floor wins
    heavy = sized_mean(_fourth_powers, np.random.SeedSequence(3), 1000, 10**6)
    assert heavy.samples > 20 * light.samples and heavy.heavy_tail() == ""
    again = sized_mean(_fourth_powers, np.random.SeedSequence(3), 1000, 10**6)
    assert (again.value, again.stderr, again.samples) == (heavy.value, heavy.stderr, heavy.samples)
    capped = sized_mean(_fourth_powers, np.random.SeedSequence(3), 1000, 5000)
    assert capped.samples == 5000
    # the main sample is the second child's stream, the pilot's draws are not reused
    whole = TailedMean.of(_fourth_powers(np.random.default_rng(np.random.SeedSequence(3).spawn(2)[1]), 5000))
    assert (capped.value, capped.stderr, capped.kurtosis) == (whole.value, whole.stderr, whole.kurtosis)


def test_sized_mean_takes_the_larger_of_its_floors():
    from seqtheory.simulate.tails import sized_mean

    def draw(rng, m):
        return rng.standard_normal(m)

    pilot_ss = np.random.SeedSequence(0).spawn(2)[0]
    k_hat = TailedMean.of(np.random.default_rng(pilot_ss).standard_normal(50)).kurtosis
    spread = int(np.ceil((k_hat - 1) / (4 * 0.025**2)))
    for floor in (21, spread + 500):
        est = sized_mean(draw, np.random.SeedSequence(0), 10, 10**6, pilot=50, need=lambda p, f=floor: f)
        assert est.samples == max(spread, floor)  # the larger of the spread rule and ``need``


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"seed_seq": 0}, TypeError, "seed_seq"), ({"least": 1}, ValueError, "least"),
    ({"most": 5}, ValueError, "most"), ({"pilot": 1}, ValueError, "pilot"), ({"pilot": True}, TypeError, "pilot"),
])
def test_sized_mean_names_bad_arguments(kwargs, error, match):
    from seqtheory.simulate.tails import sized_mean

    args = {"draw": lambda r, m: r.standard_normal(m), "seed_seq": np.random.SeedSequence(0), "least": 10,
            "most": 100} | kwargs
    with pytest.raises(error, match=match):
        sized_mean(**args)


def test_power_draws_floors_caps_and_never_overflows():
    """samples_for_power squares sd/gap as a Python float: at η ~ 1e-98 (the k-step loss, found by falsify) that
    overflowed; power_draws reads such a ratio as 'more than the cap'."""
    from seqtheory.simulate.stats import samples_for_power
    from seqtheory.simulate.tails import power_draws

    assert power_draws(1.0, 0.0, 100, 1000) == 100  # no control gap: nothing to power
    assert power_draws(1e-196, 1e-300, 100, 1000) == 1000  # (20 · 1e104)² would overflow
    assert power_draws(1.0, 1.0, 100, 10**6) == max(100, samples_for_power(1.0, 1.0, minimum=100))
    assert power_draws(1.0, 1e-3, 100, 10**5) == 10**5  # clipped at the cap
    for args, match in (((-1.0, 1.0, 1, 2), "sd"), ((1.0, float("nan"), 1, 2), "gap")):
        with pytest.raises(ValueError, match=match):
            power_draws(*args)
