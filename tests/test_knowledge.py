"""The two-hop knowledge generator: a loop reference for the vectorised enumeration, determinism, clear errors,
tokenisation and the ID-supply margin the claims' domain relies on."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seqtheory.simulate import knowledge as kn
from seqtheory.theorems.yao2025 import data as data_claims

SPLIT = next(c for c in data_claims.CLAIMS if c.id == "yao2025/data/split")


def _reference_two_hop(data: kn.KnowledgeData):
    """Every composition by loops over atomic facts: {(h, r1, r2): (b, t, category)}."""
    ood = {(h, r): bool(o) for (h, r, _), o in zip(data.atomic.tolist(), data.atomic_ood, strict=True)}
    out = {}
    for h, r1, b in data.atomic.tolist():
        for r2 in range(data.config.relations):
            t = int(data.tail[b, r2])
            if t < 0:
                continue
            kind = "id" if not ood[(h, r1)] and not ood[(b, r2)] else "ood" if ood[(h, r1)] and ood[(b, r2)] \
                else "mixed"
            out[(h, r1, r2)] = (b, t, kind)
    return out


@settings(max_examples=15, deadline=None)
@given(entities=st.integers(20, 80), relations=st.integers(2, 6), share=st.sampled_from([0.0, 0.1, 0.3, 0.5]),
       seed=st.integers(0, 2**31))
def test_vectorised_split_equals_the_loop_reference(entities, relations, share, seed):
    k = min(relations, 3)
    cfg = kn.KnowledgeConfig(entities=entities, relations=relations, out_degree=k, ood_share=share, ratio=0.5,
                             id_test_size=5, ood_test_size=10_000)
    try:
        data = kn.generate(cfg, np.random.default_rng(seed))
    except ValueError as exc:  # not enough ID compositions for this draw: the error must say so
        assert "both hops ID" in str(exc)
        return
    ref = _reference_two_hop(data)
    for rows, kind in ((data.train_two_hop, "id"), (data.id_test, "id"), (data.ood_test, "ood")):
        for h, r1, r2, b, t in rows.tolist():
            assert ref[(h, r1, r2)] == (b, t, kind)
    assert data.mixed_count == sum(v[2] == "mixed" for v in ref.values())
    assert len(data.ood_test) == sum(v[2] == "ood" for v in ref.values())  # all of them (size cap not reached)
    assert len(data.atomic) == entities * k and len(set(map(tuple, data.atomic[:, :2].tolist()))) == entities * k


def test_same_seed_same_data_and_noise_goes_where_asked():
    cfg = kn.KnowledgeConfig(noise=0.3, noise_target="b")
    a, b = (kn.generate(cfg, np.random.default_rng(5)) for _ in range(2))
    np.testing.assert_array_equal(a.train_two_hop, b.train_two_hop)
    clean = kn.generate(kn.KnowledgeConfig(), np.random.default_rng(5)).train_two_hop
    assert np.array_equal(a.train_two_hop[:, 4], clean[:, 4])  # t untouched by b-noise
    assert a.train_noisy.sum() == round(0.3 * len(clean))


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"entities": True}, "entities"), ({"out_degree": 11}, "out_degree"), ({"ood_share": 1.5}, "ood_share"),
    ({"noise_target": "r"}, "noise_target"), ({"ratio": -1.0}, "ratio"), ({"ratio": 50.0}, "ratio"),
])
def test_bad_configurations_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        kn.generate(kn.KnowledgeConfig(**kwargs), np.random.default_rng(0))


def test_generate_rejects_a_non_config_and_a_bad_rng():
    with pytest.raises(TypeError, match="config"):
        kn.generate({"entities": 10}, np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng"):
        kn.generate(kn.KnowledgeConfig(), 0)


def test_the_claims_domain_margin_never_runs_out_of_id_compositions():
    """At the edge of the claims' constraint (λ as large as it allows), 300 draws over the domain never fail."""
    rng = np.random.default_rng(1)
    draws = 0
    while draws < 300:
        E, R = int(rng.integers(50, 301)), int(rng.integers(2, 13))
        k, s = int(rng.integers(2, R + 1)), float(rng.uniform(0, 0.5))
        mu = E * k * k * (1 - s) ** 2
        lam = min(4.0, (mu - 3 * (mu * k) ** 0.5 - data_claims.ID_TEST) / ((1 - s) * E * k)) * (1 - 1e-9)
        if lam < 0.25:
            continue
        point = {"entities": E, "relations": R, "out_degree": k, "ood_share": s, "ratio": lam}
        assert SPLIT.domain.admits({**SPLIT.defaults, **point})
        kn.generate(kn.KnowledgeConfig(**point, id_test_size=data_claims.ID_TEST, ood_test_size=data_claims.OOD_TEST),
                    np.random.default_rng(draws))
        draws += 1


# -- hostile input at the public entry points (issue: "robust under faults and hostile input") -------------------

SMALL = kn.KnowledgeConfig(entities=20, relations=4, out_degree=2, ratio=1.0, id_test_size=5, ood_test_size=5)


@pytest.mark.parametrize(("rows", "error", "match"), [
    (np.array([[0, 4, 0, 0, 0]]), ValueError, "relation ids in 0..3"),  # r1 = R: was token E + R = PAD
    (np.array([[0, 0, 9, 0, 0]]), ValueError, "relation ids"),  # was a token beyond the vocabulary
    (np.array([[20, 0, 0, 0, 0]]), ValueError, "entity ids in 0..19"),
    (np.array([[0, 0, 0, 0, -1]]), ValueError, "entity ids"),
    (np.zeros((2, 7), dtype=int), ValueError, r"shape \(m, 5\)"),
    (np.zeros(5, dtype=int), ValueError, r"shape \(m, 5\)"),
    (np.zeros((2, 5)), TypeError, "integer ids"),
    (np.zeros((2, 5), dtype=bool), TypeError, "integer ids"),
    ([[0, 1, 2], [0]], TypeError, "rectangular"),
])
def test_two_hop_sequences_refuse_rows_outside_the_vocabulary(rows, error, match):
    with pytest.raises(error, match=match):
        kn.two_hop_sequences(SMALL, rows, True)


@pytest.mark.parametrize("cot", ["False", 0, 1, None, np.array([True, False])])
def test_cot_must_be_a_bool(cot):
    """``cot="False"`` was read as true (a non-empty string)."""
    data = kn.generate(SMALL, np.random.default_rng(0))
    with pytest.raises(TypeError, match="cot must be True or False"):
        kn.two_hop_sequences(SMALL, data.id_test, cot)
    with pytest.raises(TypeError, match="cot must be True or False"):
        kn.training_sequences(data, cot)


def test_empty_rows_are_valid_and_objects_of_the_wrong_type_are_named():
    data = kn.generate(SMALL, np.random.default_rng(0))
    assert kn.two_hop_sequences(SMALL, np.zeros((0, 5), dtype=int), False).shape == (0, 5)
    for call, name in [(lambda: kn.atomic_sequences(SMALL), "data"),
                       (lambda: kn.training_sequences(SMALL, True), "data"),
                       (lambda: kn.two_hop_sequences(data, data.id_test, True), "config"),
                       (lambda: kn.split_seed(5), "seed_seq"),
                       (lambda: kn.split_seed(np.random.default_rng(0)), "seed_seq")]:
        with pytest.raises(TypeError, match=name):
            call()


def test_split_seed_is_the_first_two_children():
    a, b = kn.split_seed(np.random.SeedSequence(7))
    c, d = np.random.SeedSequence(7).spawn(2)
    assert (a.spawn_key, b.spawn_key) == (c.spawn_key, d.spawn_key) and a.entropy == c.entropy


@pytest.mark.parametrize(("seqs", "prompt", "pad", "match"), [
    (np.zeros((3, 5), dtype=int), np.full(2, 2), 9, "prompt must give each of the 3 rows"),
    (np.zeros((3, 5), dtype=int), np.full(3, 5), 9, r"prompt length in 1\.\.4"),
    (np.zeros((3, 5), dtype=int), np.full(3, 0), 9, r"prompt length in 1\.\.4"),
    (np.zeros((3, 1), dtype=int), np.full(3, 1), 9, "at least 2 tokens"),
    (np.zeros((3, 5), dtype=int), np.full(3, 2), -1, "pad"),
    (np.zeros((3, 5)), np.full(3, 2), 9, "seqs must hold integers"),
    (np.zeros((3, 5), dtype=int), np.full(3, 2.0), 9, "prompt must hold integers"),
])
def test_loss_arrays_name_bad_arguments(seqs, prompt, pad, match):
    with pytest.raises(ValueError, match=match):
        kn.loss_arrays(seqs, prompt, pad)


def test_loss_arrays_weights_exactly_the_targets_in_both_formats():
    """The one function serves the 5-token two-hop and the 7-token three-hop rows."""
    for width, pad in ((5, 9), (7, 9)):
        seqs = np.arange(2 * width).reshape(2, width) % 9  # (2, width): no PAD token
        seqs[1, -1] = pad
        inputs, targets, weights = kn.loss_arrays(seqs, np.array([2, 3]), pad)
        assert inputs.shape == targets.shape == weights.shape == (2, width - 1)
        expected = np.zeros((2, width - 1))
        expected[0, 1:] = 1
        expected[1, 2:-1] = 1
        np.testing.assert_array_equal(weights, expected)


def test_evaluation_names_bad_rows_and_an_empty_lens_query():
    from seqtheory.simulate import two_hop

    data = kn.generate(SMALL, np.random.default_rng(0))
    mc = two_hop.model_config(SMALL)
    from seqtheory.simulate.nn import transformer

    params = transformer.init_params(mc, np.random.default_rng(0))
    with pytest.raises(ValueError, match="relation ids"):
        kn.exact_match(params, mc, data, np.array([[0, 7, 0, 0, 0]]), True)
    assert np.isnan(kn.exact_match(params, mc, data, np.zeros((0, 5), dtype=int), True))
    with pytest.raises(ValueError, match="at least one two-hop query"):
        kn.bridge_lens(params, mc, data, np.zeros((0, 5), dtype=int), True)
    with pytest.raises(TypeError, match="data must be a KnowledgeData"):
        kn.exact_match(params, mc, SMALL, data.id_test, True)
