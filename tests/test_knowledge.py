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
