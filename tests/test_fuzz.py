"""Hostile input against every public kernel and exact function (property-based).

Each call either raises ``ValueError``/``TypeError`` naming the offending parameter, or returns a finite result
that passes an independent oracle: a loop reference, an exact invariance (shift invariance of sparsemax and
1.5-entmax, invariance of attention under q·2^m, k·2^−m, equivariance under a permutation of the keys) or an exact
closed form.  No warning escapes (``filterwarnings = error``)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from seqtheory import cli
from seqtheory.simulate import dual_bound, entropy, knowledge
from seqtheory.simulate.nn import attention, dual, dual_contrastive, probes, sparse, ssm
from seqtheory.simulate.tasks import sample_prompts
from seqtheory.theorems.exact import wishart_moments as wm
from seqtheory.theorems.run.registry import all_claims

# ----------------------------------------------------------------------------------------------------------
# hostile values: each must be refused with an error that names the parameter

HOSTILE_ARRAYS = {
    "bool": lambda shape: np.ones(shape, dtype=bool),
    "complex": lambda shape: np.ones(shape) + 1j,
    "string": lambda shape: np.full(shape, "1"),
    "object": lambda shape: np.full(shape, None, dtype=object),
    "nan": lambda shape: np.where(np.arange(np.prod(shape)).reshape(shape) == 0, np.nan, 1.0),
    "inf": lambda shape: np.where(np.arange(np.prod(shape)).reshape(shape) == 0, np.inf, 1.0),
    "empty": lambda shape: np.ones(shape[:-1] + (0,)),
    "0-d": lambda shape: np.float64(1.0),
    "ragged": lambda shape: [[1.0, 2.0], [3.0]],
}


def _qkv():
    rng = np.random.default_rng(0)
    return {"q": rng.standard_normal((3, 4)), "k": rng.standard_normal((5, 4)), "v": rng.standard_normal((5, 2))}


def _scan():
    rng = np.random.default_rng(0)
    L, E, N = 4, 2, 3
    return {"u": rng.standard_normal((L, E)), "delta": np.abs(rng.standard_normal((L, E))),
            "A": -np.abs(rng.standard_normal((E, N))), "B": rng.standard_normal((L, N)),
            "C": rng.standard_normal((L, N))}


ARRAY_ENTRY_POINTS = {
    "softmax_attention": (attention.softmax_attention, _qkv),
    "softmax_attention_blocked": (attention.softmax_attention_blocked, _qkv),
    "linear_attention": (attention.linear_attention, _qkv),
    "sparsemax_attention": (sparse.sparsemax_attention, _qkv),
    "entmax15_attention": (sparse.entmax15_attention, _qkv),
    "topk_attention": (lambda **kw: sparse.topk_attention(topk=2, **kw), _qkv),
    "sliding_window_attention": (lambda **kw: sparse.sliding_window_attention(radius=1, **kw),
                                 lambda: {k: v[:3] for k, v in _qkv().items()}),
    "sparsemax": (sparse.sparsemax, lambda: {"z": np.array([0.5, 0.1, -1.0])}),
    "entmax15": (sparse.entmax15, lambda: {"z": np.array([0.5, 0.1, -1.0])}),
    "selective_scan": (ssm.selective_scan, _scan),
    "selective_scan_reference": (ssm.selective_scan_reference, _scan),
    "masked_attention_layer": (dual.masked_attention_layer, lambda: {
        "h": np.ones((3, 2)), "wq": np.eye(2), "wk": np.eye(2), "wv": np.eye(2), "w_mlp": np.eye(2)}),
    "contrastive_attention_layer": (dual_contrastive.contrastive_attention_layer, lambda: {
        "h": np.ones((3, 2)), "wq": np.eye(2), "wk": np.eye(2), "wv": np.eye(2), "u_k": np.eye(2), "u_v": np.eye(2)}),
    "sup_gaps": (lambda c: dual_bound.sup_gaps(dual_bound.setting(2, 2, 3, 0.5, 0.1), c, 4, 3,
                                               np.random.default_rng(0)), lambda: {"c": np.ones((2, 3))}),
    "plugin_entropy_mean": (entropy.plugin_entropy_mean, lambda: {"p": np.array([0.5, 0.5]), "n": 3}),
    "loss_spikes": (probes.loss_spikes, lambda: {"losses": np.ones(60)}),
    "fit_chain": (lambda seqs: entropy.fit_chain(seqs, 3), lambda: {"seqs": np.array([[0, 1, 2], [2, 1, 0]])}),
    "empirical_entropy": (entropy.empirical_entropy, lambda: {"seqs": np.array([[0, 1, 2], [2, 1, 0]])}),
}


@pytest.mark.parametrize("entry", sorted(ARRAY_ENTRY_POINTS))
@given(kind=st.sampled_from(sorted(HOSTILE_ARRAYS)), data=st.data())
def test_hostile_arrays_are_refused_naming_the_parameter(entry, kind, data):
    fn, valid = ARRAY_ENTRY_POINTS[entry]
    kwargs = valid()
    name = data.draw(st.sampled_from(sorted(kwargs)), label="parameter")
    kwargs[name] = HOSTILE_ARRAYS[kind](np.shape(kwargs[name]))
    with pytest.raises((ValueError, TypeError)) as exc:
        fn(**kwargs)
    assert name in str(exc.value), (entry, name, kind, str(exc.value))


def _tiny_model():
    from seqtheory.simulate.nn import transformer

    config = transformer.Config(vocab=4, d_model=4, n_heads=1, n_layers=1, d_ff=4, max_len=3)
    return transformer.init_params(config, np.random.default_rng(0)), config


HOSTILE_SCALARS = [True, False, 2.0, 1.5, float("nan"), float("inf"), 1 + 1j, "3", None, [2]]


@pytest.mark.parametrize("value", HOSTILE_SCALARS, ids=repr)
@pytest.mark.parametrize("call", [
    ("k", lambda v: wm.trace_moment_value(v, 5, 2)), ("n", lambda v: wm.trace_moment_value(2, v, 2)),
    ("d", lambda v: wm.trace_moment_value(2, 5, v)), ("k", lambda v: wm.trace_moment(v)),
    ("j", lambda v: wm.inverse_trace_moment(v, 9, 2)), ("parts", lambda v: wm.mixed_moment(v, 5, 2)),
    ("radius", lambda v: sparse.sliding_window_attention(np.ones((3, 2)), np.ones((3, 2)), np.ones((3, 2)), radius=v)),
    ("topk", lambda v: sparse.topk_attention(*_qkv().values(), topk=v)),
    ("causal", lambda v: attention.linear_attention(*_qkv().values(), causal=v)),
    ("batch", lambda v: sample_prompts(np.random.default_rng(0), v, 3, 2)),
    ("chunk", lambda v: ssm.selective_scan(**_scan(), chunk=v)),
    ("discretization", lambda v: ssm.selective_scan(**_scan(), discretization=v)),
    ("engine", lambda v: ssm.selective_scan(**_scan(), engine=v)),
    ("causal", lambda v: attention.softmax_attention(*_qkv().values(), causal=v)),
    ("entities", lambda v: knowledge.KnowledgeConfig(entities=v)),
    ("ood_share", lambda v: knowledge.KnowledgeConfig(ood_share=v)),
    ("V", lambda v: entropy.random_chain(np.random.default_rng(0), v)),
    ("n", lambda v: entropy.plugin_entropy_mean(np.array([0.5, 0.5]), v)),
    ("window", lambda v: probes.loss_spikes(np.ones(60), window=v)),
    ("size", lambda v: probes.entropy_monte_carlo(*_tiny_model(), 3, 2, 3, v, np.random.default_rng(0))),
    ("L", lambda v: probes.sample_with_log_probs(*_tiny_model(), 3, v, 3, 5, np.random.default_rng(0))),
    ("V", lambda v: entropy.fit_chain(np.array([[0, 1]]), v)),
    ("steps", lambda v: dual_contrastive.regularised_scale(0.5, v)),
    ("x", lambda v: dual_contrastive.regularised_scale(v, 3)),
    ("shift", lambda v: dual_contrastive.contrastive_attention_layer(np.ones((3, 2)), np.eye(2), np.eye(2), np.eye(2),
                                                                     shift=v)),
    ("beta", lambda v: dual_contrastive.contrastive_attention_layer(np.ones((3, 2)), np.eye(2), np.eye(2), np.eye(2),
                                                                    beta=v)),
    ("d_r", lambda v: dual_bound.setting(2, 2, v, 0.5, 0.1)),
    ("spread", lambda v: dual_bound.setting(2, 2, 3, v, 0.1)),
    ("replicas", lambda v: dual_bound.sup_gaps(dual_bound.setting(2, 2, 3, 0.5, 0.1), np.ones((2, 3)), 4, v,
                                               np.random.default_rng(0))),
], ids=lambda c: c[0] if isinstance(c, tuple) else None)
def test_hostile_scalars_are_refused_naming_the_parameter(call, value):
    name, fn = call
    if name == "causal" and isinstance(value, bool):
        return  # a real bool is the valid input there
    if name in ("chunk",) and value is None:
        return  # chunk=None means "choose"
    if name == "parts" and value == [2]:
        return  # a valid list of parts
    if name in ("x", "beta", "spread") and value in (2.0, 1.5):
        return  # real parameters: these are valid values
    with pytest.raises((ValueError, TypeError)) as exc:
        fn(value)
    assert name in str(exc.value), str(exc.value)


def test_gd_loss_refuses_non_real_step():
    for bad in (1 + 1j, "0.5", float("nan"), True):
        with pytest.raises((ValueError, TypeError), match="eta"):
            wm.gd_loss(2, bad, 5, 2)


# ----------------------------------------------------------------------------------------------------------
# kernels over the whole float range, against oracles

def _rows(draw_ints, scale_exp):
    """Scores on a grid a/1024 (exactly representable, as are shifts by b/1024 below 2^40)."""
    return np.asarray(draw_ints, dtype=float) / 1024.0 * 2.0**scale_exp


@given(a=st.lists(st.integers(-2**20, 2**20), min_size=1, max_size=12), shift=st.integers(-2**40, 2**40),
       masked=st.integers(0, 3))
@example(a=[0, -512], shift=2**40, masked=0)
def test_sparsemax_and_entmax_are_exactly_shift_invariant(a, shift, masked):
    z = _rows(a, 0)
    z[: min(masked, z.size - 1)] = -np.inf
    for kernel in (sparse.sparsemax, sparse.entmax15):
        p, q = kernel(z), kernel(z + shift / 1024.0)
        np.testing.assert_array_equal(p, q)
        assert np.all(p >= 0) and abs(p.sum() - 1.0) <= 1e-12 * z.size


@given(a=st.lists(st.floats(-1.0, 1.0), min_size=1, max_size=10), exponent=st.integers(-300, 300))
@example(a=[1.0, 0.0], exponent=57)  # sparsemax([1e17, 0]) was all zeros
def test_sparsemax_and_entmax_match_bisection_at_any_scale(a, exponent):
    z = np.asarray(a) * 10.0**exponent
    for kernel, reference in ((sparse.sparsemax, sparse.sparsemax_bisection),
                              (sparse.entmax15, sparse.entmax15_bisection)):
        p = kernel(z)
        assert np.all(np.isfinite(p)) and abs(p.sum() - 1.0) <= 1e-12 * z.size
        np.testing.assert_allclose(p, reference(z), atol=1e-9)


@given(seed=st.integers(0, 2**32 - 1), m=st.integers(-500, 500), n_q=st.integers(1, 5), n_k=st.integers(1, 6),
       d=st.integers(1, 4), masked=st.booleans())
@example(seed=0, m=530, n_q=3, n_k=5, d=4, masked=False)  # q, k ≈ 1e160 gave all NaN
def test_softmax_attention_is_finite_and_scale_invariant(seed, m, n_q, n_k, d, masked):
    rng = np.random.default_rng(seed)
    q, k, v = rng.standard_normal((n_q, d)), rng.standard_normal((n_k, d)), rng.standard_normal((n_k, 3))
    mask = rng.random((n_q, n_k)) < 0.7 if masked else None
    base = attention.softmax_attention(q, k, v, mask)
    big = attention.softmax_attention(q * 2.0**m, k * 2.0**-m, v, mask)  # the same scores, exactly
    np.testing.assert_allclose(big, base, rtol=1e-9, atol=1e-12)
    huge = attention.softmax_attention(q * 2.0**m, k * 2.0**m, v, mask)
    assert np.all(np.isfinite(huge))
    perm = rng.permutation(n_k)  # equivariance: permuting the keys (and values, and mask columns)
    permuted = attention.softmax_attention(q * 2.0**m, k[perm] * 2.0**m, v[perm],
                                           None if mask is None else mask[:, perm])
    np.testing.assert_allclose(permuted, huge, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(base, attention.softmax_attention_reference(q, k, v, mask), rtol=1e-9, atol=1e-12)


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 7), radius=st.integers(0, 10**9), causal=st.booleans())
@example(seed=0, n=8, radius=10**9, causal=True)  # radius 1e9 on n = 8 asked for 7.45 GiB
def test_sliding_window_clips_the_radius_and_matches_dense(seed, n, radius, causal):
    rng = np.random.default_rng(seed)
    q, k, v = rng.standard_normal((n, 3)), rng.standard_normal((n, 3)), rng.standard_normal((n, 2))
    i, j = np.arange(n)[:, None], np.arange(n)[None, :]
    band = (np.abs(i - j) <= radius) & ((j <= i) if causal else True)
    np.testing.assert_allclose(sparse.sliding_window_attention(q, k, v, radius, causal),
                               attention.softmax_attention(q, k, v, band), rtol=1e-12, atol=1e-12)


@given(seed=st.integers(0, 2**32 - 1), L=st.integers(1, 8), E=st.integers(1, 3), N=st.integers(1, 3),
       log_delta=st.floats(-6, 6), log_a=st.floats(-6, 6), zoh=st.booleans())
@example(seed=0, L=5, E=2, N=2, log_delta=3.0, log_a=0.5, zoh=False)  # Δ·|A| > 600 in one step was refused
def test_selective_scan_accepts_any_decay_and_matches_the_loop(seed, L, E, N, log_delta, log_a, zoh):
    rng = np.random.default_rng(seed)
    args = (rng.standard_normal((L, E)), 10.0**log_delta * rng.random((L, E)),
            -(10.0**log_a) * rng.random((E, N)) - 1e-3, rng.standard_normal((L, N)), rng.standard_normal((L, N)))
    disc = "zoh" if zoh else "euler"
    try:
        fast = ssm.selective_scan(*args, discretization=disc)
    except ValueError as exc:
        assert "overflows" in str(exc)
        return
    ref = ssm.selective_scan_reference(*args, discretization=disc)
    scale = max(1.0, float(np.abs(ref).max()))
    np.testing.assert_allclose(fast, ref, rtol=0, atol=1e-9 * scale)


@given(k=st.integers(0, 8), n=st.integers(1, 30), d=st.integers(1, 8))
def test_exact_moment_values_agree_with_the_polynomial(k, n, d):

    value = wm.trace_moment_value(k, n, d)
    assert isinstance(value, int)
    assert value == int(wm.trace_moment(k).subs({wm.n: n, wm.d: d}))


@given(j=st.integers(1, 4), n=st.integers(1, 20), d=st.integers(1, 8))
def test_inverse_moments_are_finite_exactly_where_stated(j, n, d):
    if n - d + 1 > 2 * j:
        assert wm.inverse_trace_moment(j, n, d) > 0
    else:
        with pytest.raises(ValueError, match="infinite"):
            wm.inverse_trace_moment(j, n, d)


# ----------------------------------------------------------------------------------------------------------
# claims and the command line

CLAIMS = all_claims()


@pytest.mark.parametrize("claim", [c for c in CLAIMS if c.domain.params][::5], ids=lambda c: c.id)
@pytest.mark.parametrize("bad", [True, 1.5, float("nan"), 1 + 1j, "2", 10**12])
def test_claim_check_refuses_hostile_parameters_fast(claim, bad):
    name = next(p.name for p in claim.domain.params)
    with pytest.raises((ValueError, TypeError), match=name):
        claim.check(**{name: bad})


@pytest.mark.parametrize("argv", [
    ["verify", "--seed", "-1"], ["verify", "--seed", "x"], ["verify", "--json", "/nonexistent/dir/x.json"],
    ["verify", "no/such/claim"], ["figures", "--seed", "-3"], ["figures", "nope"], ["list", "--format", "xml"],
    ["list", "no/such"], ["frobnicate"], [],
])
def test_cli_bad_arguments_exit_2_with_one_line_and_no_traceback(argv):
    res = subprocess.run([sys.executable, "-m", "seqtheory", *argv], capture_output=True, text=True, timeout=60,
                         check=False)
    assert res.returncode == 2, (argv, res.returncode, res.stderr)
    assert "Traceback" not in res.stderr and res.stderr.strip(), res.stderr


def test_cli_unwritable_out_is_refused_before_any_work(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cli.main(["figures", "one_step_loss", "--quick", "--out", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err
    assert "--out" in err and len(err.strip().splitlines()) == 1


# ----------------------------------------------------------------------------------------------------------
# the remaining public entry points: a fixed hostile corpus (types, non-finite values, sizes beyond the budget)

def _more_entry_points():
    from seqtheory.simulate import cot, lsa, quantiles, stats
    from seqtheory.simulate.nn import dual

    prompts = sample_prompts(np.random.default_rng(0), 2, 3, 2)
    return {
        "prompts": lambda v: cot.gd_iterates(v, 0.5, 2),
        "k": lambda v: cot.gd_iterates(prompts, 0.5, v),
        "draws": lambda v: stats.Estimate.of_mean(v),
        "n_q": lambda v: attention.causal_mask(v, 3),
        "degree": lambda v: dual.taylor_features(np.ones((2, 3)), v),
        "n_blocks": lambda v: sparse.block_sparse_mask(v, 1, 0, 0, np.random.default_rng(0)),
        "d": lambda v: lsa.gd_construction(v, 0.5),
        "eta": lambda v: lsa.gd_construction(2, v),
        "X": lambda v: lsa.embed(v, np.ones(3)),
        "x": lambda v: dual.taylor_features(v, 2),
        "draws ": lambda v: quantiles.median_estimate(v),
    }


@pytest.mark.parametrize("value", [True, 1.5, float("nan"), 1 + 1j, "x", None, np.ones((2, 0)), [[1, 2], [3]],
                                   10**12], ids=repr)
@pytest.mark.parametrize("name", sorted(_more_entry_points()))
def test_other_entry_points_refuse_hostile_input(name, value):
    fn = _more_entry_points()[name]
    try:
        out = fn(value)
    except (ValueError, TypeError) as exc:
        assert name.strip() in str(exc), str(exc)
        return
    assert np.all(np.isfinite(np.asarray(getattr(out, "value", out), dtype=float))), (name, value)
