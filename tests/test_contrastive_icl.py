"""The trained replica of Ren & Liu's §5 modifications (:mod:`seqtheory.simulate.contrastive_icl`): its batched
layer equals the hand-written per-prompt kernel of :mod:`seqtheory.simulate.nn.dual_contrastive`, its hand-written
backward matches central differences, a replay is the first steps of the replica, and bad input is named."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seqtheory.simulate import contrastive_icl as ci
from seqtheory.simulate.gradcheck import check_parameter_gradients
from seqtheory.simulate.nn import dual_contrastive as dc


def _params(variant, rng, dim, key=3, u_scale=0.5):
    p = ci.init_params(rng, variant, dim=dim, key=key)
    if variant == "augmented":  # away from the initial U = 0, so the augmentation is exercised
        p["uk"], p["uv"] = (u_scale * rng.standard_normal(p["uk"].shape) for _ in range(2))
    return p


@settings(max_examples=30, deadline=None)
@given(variant=st.sampled_from(ci.VARIANTS), dim=st.integers(1, 5), demos=st.integers(1, 12),
       seed=st.integers(0, 2**32 - 1), spread=st.sampled_from([1e-3, 1.0, 4.0]))
def test_the_batched_layer_is_the_per_prompt_kernel(variant, dim, demos, seed, spread):
    rng = np.random.default_rng(seed)
    tokens, _ = ci.prompts(rng, 3, dim=dim, demos=demos)  # (3, T, D)
    tokens = spread * tokens
    p = _params(variant, rng, dim)
    y_hat, _ = ci.forward(p, tokens, variant)
    wv = np.zeros((dim + 1, dim + 1))
    wv[:, -1] = p["wv"]  # the layer's W_V: only its y-column reaches the prediction
    beta = ci.BETA if variant == "negative" else 0.0
    for b in range(3):
        full = dc.contrastive_attention_layer(tokens[b], p["wq"], p["wk"], wv, beta=beta, u_k=p.get("uk"),
                                              u_v=p.get("uv"))  # (T, D)
        assert np.isclose(y_hat[b], full[-1, -1], rtol=1e-12, atol=1e-12 * spread)


@pytest.mark.parametrize("variant", ci.VARIANTS)
def test_backward_matches_central_differences(variant):
    rng = np.random.default_rng(4)
    tokens, targets = ci.prompts(rng, 5, dim=3, demos=6)
    p = _params(variant, rng, 3)
    _, grads = ci.loss(p, tokens, targets, variant)
    assert set(grads) == set(p)
    check_parameter_gradients(lambda q: ci.loss(q, tokens, targets, variant)[0], p, grads, rng, per_param=4)


def test_augmented_starts_as_the_base_layer():
    tokens, _ = ci.prompts(np.random.default_rng(0), 4)
    base = ci.init_params(np.random.default_rng(1), "base")
    aug = ci.init_params(np.random.default_rng(1), "augmented")
    assert all(np.array_equal(base[k], aug[k]) for k in base) and not aug["uk"].any() and not aug["uv"].any()
    np.testing.assert_array_equal(ci.forward(base, tokens, "base")[0], ci.forward(aug, tokens, "augmented")[0])


def test_prompts_are_demonstrations_then_an_unlabelled_query():
    tokens, targets = ci.prompts(np.random.default_rng(2), 6, dim=3, demos=5)
    assert tokens.shape == (6, 6, 4) and targets.shape == (6,)
    assert not tokens[:, -1, -1].any()
    # every demonstration's label is one linear function of its x, and the target is that function at the query
    for b in range(6):
        w, *_ = np.linalg.lstsq(tokens[b, :-1, :-1], tokens[b, :-1, -1], rcond=None)
        assert np.isclose(tokens[b, -1, :-1] @ w, targets[b])


def test_a_replay_is_the_first_steps_of_the_replica():
    ss = np.random.SeedSequence(9).spawn(2)[1]
    full = ci.replica(ss, steps=ci.REPLAY + 5)
    again = ci.replay(ss, steps=ci.REPLAY + 5)
    assert len(again) == len(ci.VARIANTS) and all(full[k] == v for k, v in again.items())
    assert all(0 < full[f"{v}_error"] for v in ci.VARIANTS) and 0.5 < full["trivial"] < 2


def test_training_lowers_the_error_below_predicting_zero():
    rng = np.random.default_rng(3)
    p, losses = ci.train("base", np.random.default_rng(0), rng, steps=300)
    tokens, targets = ci.prompts(np.random.default_rng(5), 2048)
    assert ci.error(p, tokens, targets, "base") < 0.8 * np.mean(targets**2)
    assert losses[-20:].mean() < losses[:20].mean()


@pytest.mark.parametrize(("call", "match"), [
    (lambda: ci.init_params(np.random.default_rng(0), "ridge"), "variant must be one of"),
    (lambda: ci.forward({}, np.zeros((1, 2, 2)), None), "variant must be one of"),
    (lambda: ci.prompts(np.random.default_rng(0), 0), "batch"),
    (lambda: ci.prompts(np.random.default_rng(0), 2, dim=True), "dim"),
    (lambda: ci.prompts(0, 2), "rng"),
    (lambda: ci.prompts(np.random.default_rng(0), 10**9, dim=10**4), "the prompts"),
    (lambda: ci.train("base", np.random.default_rng(0), np.random.default_rng(0), steps=5, stop=6), "stop"),
    (lambda: ci.train("base", np.random.default_rng(0), None, steps=5), "data_rng"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((TypeError, ValueError, MemoryError), match=match):
        call()


def test_prompt_arrays_are_checked():
    p = ci.init_params(np.random.default_rng(0), "base")
    tokens, targets = ci.prompts(np.random.default_rng(0), 3)
    for bad in (tokens[:, :1], tokens[..., :-1], tokens[0], np.where(tokens > 1, np.nan, tokens)):
        with pytest.raises(ValueError, match="tokens"):
            ci.forward(p, bad, "base")
    with pytest.raises(ValueError, match="targets must hold one value per prompt"):
        ci.error(p, tokens, targets[:2], "base")
    with pytest.raises(TypeError, match="tokens"):
        ci.loss(p, tokens.astype(complex), targets, "base")


def test_the_regime_gate_reads_the_base_layers_error_against_predicting_zero():
    from seqtheory.theorems.core.experiment import Runs
    from seqtheory.theorems.experiments import ICL_LEARNED, base_layer_learns_in_context

    def runs(base):
        return Runs(tuple({"base_error": b, "trivial": 1.0} for b in base), 0, "live")

    learned = base_layer_learns_in_context(runs([0.42, 0.56, 0.44]))
    assert learned.met and "1 of 3 base replicas above half" in learned.measured
    assert not base_layer_learns_in_context(runs([0.9, 0.95, 0.7])).met  # the base layer never learned
    assert base_layer_learns_in_context(runs([ICL_LEARNED] * 3)).met  # the boundary is inside


_arg = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**7), st.floats(allow_nan=True), st.text(max_size=3))


@settings(max_examples=120, deadline=None)
@given(batch=_arg, dim=_arg, demos=_arg)
def test_hostile_prompt_sizes_get_a_named_error_or_prompts(batch, dim, demos):
    try:
        tokens, targets = ci.prompts(np.random.default_rng(0), batch, dim=dim, demos=demos)
    except (TypeError, ValueError) as exc:
        assert any(name in str(exc) for name in ("batch", "dim", "demos", "the prompts"))
        return
    assert tokens.shape == (batch, demos + 1, dim + 1) and np.isfinite(tokens).all() and targets.shape == (batch,)


def test_a_variant_trains_the_same_whichever_others_train_with_it():
    """The negative-samples experiment trains only (base, negative): each variant's numbers equal those of the
    three-variant replica on the same seed (shared initialisation, prompt stream and evaluation prompts)."""
    from seqtheory.simulate import contrastive_icl as icl

    ss = np.random.SeedSequence(5).spawn(1)[0]
    every, pair = icl.replica(ss, steps=30), icl.replica(ss, steps=30, variants=icl.PAIR)
    assert set(pair) == {"trivial", "steps", "base_error", "base_replay", "negative_error", "negative_replay"}
    assert all(pair[key] == every[key] for key in pair)
    assert icl.replay(ss, steps=30, variants=icl.PAIR) == {k: every[k] for k in ("base_replay", "negative_replay")}
    for bad in ((), ("base", "dropout"), ["base"], "base", ("base", "base")):
        with pytest.raises(ValueError, match="variants"):
            icl.replica(ss, steps=5, variants=bad)
        with pytest.raises(ValueError, match="variants"):  # the replay checks them alike (it returned {} for ())
            icl.replay(ss, steps=5, variants=bad)
    for bad in (5, None, np.random.default_rng(5)):
        for fn in (icl.replica, icl.replay):
            with pytest.raises(TypeError, match="seed_seq"):
                fn(bad, steps=5)
