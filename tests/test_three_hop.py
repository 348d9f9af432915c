"""The three-hop extension of the two-hop generator: a loop reference for the chain enumeration, the split, the
7-token format and its loss weights, greedy three-hop decoding, the replica's replay and clear errors."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seqtheory.simulate import knowledge as kn
from seqtheory.simulate import three_hop as th


def _reference_chains(data: kn.KnowledgeData) -> set[tuple[int, ...]]:
    """Every three-hop chain with three ID hops, by loops over the atomic facts and the tail table."""
    ood = {(h, r): bool(o) for (h, r, _), o in zip(data.atomic.tolist(), data.atomic_ood, strict=True)}
    out = set()
    for h, r1, b1 in data.atomic.tolist():
        for r2 in range(data.config.relations):
            b2 = int(data.tail[b1, r2])
            if b2 < 0:
                continue
            for r3 in range(data.config.relations):
                t = int(data.tail[b2, r3])
                if t >= 0 and not (ood[(h, r1)] or ood[(b1, r2)] or ood[(b2, r3)]):
                    out.add((h, r1, r2, r3, b1, b2, t))
    return out


@settings(max_examples=15, deadline=None)
@given(entities=st.integers(10, 60), relations=st.integers(1, 6), share=st.sampled_from([0.0, 0.1, 0.3, 1.0]),
       seed=st.integers(0, 2**31))
def test_vectorised_chains_equal_the_loop_reference(entities, relations, share, seed):
    cfg = kn.KnowledgeConfig(entities=entities, relations=relations, out_degree=min(relations, 3), ood_share=share,
                             ratio=0.0, id_test_size=0, ood_test_size=0)
    data = kn.generate(cfg, np.random.default_rng(seed))
    chains = th.three_hop_chains(data)  # (N, 7)
    as_set = {tuple(map(int, row)) for row in chains}
    assert len(as_set) == len(chains)  # no chain twice
    assert as_set == _reference_chains(data)
    if share == 0.0:  # every chain is ID: F·k² of them
        assert len(chains) == entities * cfg.out_degree ** 3


def test_split_is_disjoint_and_made_of_id_chains():
    data = th.generate(th.DATA, np.random.default_rng(5))
    train = {tuple(r) for r in data.train_three.tolist()}
    test = {tuple(r) for r in data.test_three.tolist()}
    assert len(train) == round(th.THREE_SHARE * len(data.two.train_two_hop)) and len(test) == th.THREE_TEST
    assert not train & test
    assert train | test <= _reference_chains(data.two)
    assert data.id_chains == len(_reference_chains(data.two))


def test_the_two_hop_facts_are_the_two_hop_replicas():
    """The generator draws the two-hop facts first: for one seed they are the quick two-hop replica's."""
    a = th.generate(th.DATA, np.random.default_rng(11)).two
    b = kn.generate(th.DATA, np.random.default_rng(11))
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y


def test_seven_token_format_and_weights_on_targets_only():
    data = th.generate(th.DATA, np.random.default_rng(1))
    cfg = data.two.config
    for three, parts in ((False, 2), (True, 3)):
        seqs, prompt = th.training_sequences(data, three)
        assert seqs.shape[1] == th.SEQ_LEN and set(np.unique(prompt)) == set(range(2, 2 + parts))
        inputs, targets, weights = th.loss_arrays(seqs, prompt, cfg.pad)
        assert inputs.shape == targets.shape == weights.shape == (len(seqs), th.SEQ_LEN - 1)
        # targets per sequence: 1 atomic (t), 2 two-hop (b, t), 3 three-hop (b1, b2, t)
        assert np.array_equal(weights.sum(axis=1), prompt - 1)
        assert np.all(targets[weights > 0] < cfg.entities)  # every target is an entity, never PAD or a relation
    row = data.test_three[0]
    tokens = th.three_hop_sequences(cfg, data.test_three[:1])[0]
    assert tokens.tolist() == [row[0], row[1] + cfg.entities, row[2] + cfg.entities, row[3] + cfg.entities,
                               *row[4:].tolist()]


def test_greedy_decoding_shares_are_nested_and_an_oracle_scores_one(monkeypatch):
    """The shares right through b1, b2, t never increase; a forward pass that always emits the right next token
    scores 1 at every stage, one that is wrong on t scores 1, 1, 0."""
    from seqtheory.simulate.nn import transformer

    data = th.generate(th.DATA, np.random.default_rng(2))
    rows = data.test_three[:30]
    truth = {tuple(r[:4]): r[4:] for r in rows.tolist()}
    vocab = data.two.config.vocab

    def oracle(wrong_last):
        def forward(params, config, tokens):
            logits = np.zeros((len(tokens), tokens.shape[1], vocab))
            for i, seq in enumerate(tokens):
                key = (seq[0], seq[1] - th.DATA.entities, seq[2] - th.DATA.entities, seq[3] - th.DATA.entities)
                step = tokens.shape[1] - 4
                token = truth[key][step] + (1 if wrong_last and step == 2 else 0)
                logits[i, -1, token % th.DATA.entities] = 1.0
            return logits, None
        return forward

    monkeypatch.setattr(transformer, "forward", oracle(False))
    assert th.three_hop_match(None, None, data, rows).tolist() == [1.0, 1.0, 1.0]
    monkeypatch.setattr(transformer, "forward", oracle(True))
    assert th.three_hop_match(None, None, data, rows).tolist() == [1.0, 1.0, 0.0]


def test_replay_reproduces_the_replicas_first_steps():
    def seed():  # a fresh SeedSequence each time, as verify builds one (spawning changes a SeedSequence's state)
        return np.random.SeedSequence(123).spawn(2)[1]

    full = th.replica(seed(), steps=th.REPLAY + 5)
    again = th.replay(seed(), steps=th.REPLAY + 5)
    assert again == {k: full[k] for k in again} and set(again) == {"two_replay", "mix_replay"}
    for key in ("two_id", "two_three", "mix_id", "mix_three", "two_b1", "mix_b2"):
        assert 0.0 <= full[key] <= 1.0
    assert full["two_b1"] >= full["two_b2"] >= full["two_three"]


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"share": -0.1}, "share"), ({"share": True}, "share"), ({"test": 0}, "test"), ({"test": 2.5}, "test"),
    ({"share": 1.0, "test": 10**6}, "three-hop chains"),
])
def test_bad_arguments_get_named_errors(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        th.generate(th.DATA, np.random.default_rng(0), **kwargs)


def test_generate_refuses_what_is_not_a_config_or_a_generator():
    with pytest.raises(TypeError, match="config"):
        th.generate({"entities": 10}, np.random.default_rng(0))
    with pytest.raises((TypeError, ValueError), match="rng"):
        th.generate(th.DATA, 0)


def test_chains_refuse_other_data_and_sizes_over_the_budget(monkeypatch):
    with pytest.raises(TypeError, match="data"):
        th.three_hop_chains({"tail": None})
    data = kn.generate(th.DATA, np.random.default_rng(0))
    monkeypatch.setenv("SEQTHEORY_MEMORY_BUDGET", "1000")
    with pytest.raises(ValueError, match="three-hop chains"):
        th.three_hop_chains(data)


@pytest.mark.parametrize(("rows", "match"), [
    (np.zeros((2, 6), dtype=int), r"shape \(m, 7\)"), (np.zeros((2, 7)), "integer ids"),
    (np.zeros(7, dtype=int), r"shape \(m, 7\)"), ([[0, 1], [2]], "rectangular"),
    (np.array([[0, 8, 0, 0, 0, 0, 0]]), "relation ids"),
    (np.array([[0, 0, 0, 0, 100, 0, 0]]), "entity ids"), (np.array([[-1, 0, 0, 0, 0, 0, 0]]), "entity ids"),
])
def test_three_hop_sequences_refuse_rows_outside_the_vocabulary(rows, match):
    with pytest.raises(ValueError, match=match):
        th.three_hop_sequences(th.DATA, rows)
