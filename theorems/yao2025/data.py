"""Exact invariants of the two-hop knowledge generator (Yao, Ren, Liao, Liu 2025, arXiv:2502.04667, §3 data).

The generator is :mod:`seqtheory.simulate.knowledge`; derivations and the replica: ``docs/yao2025_two_hop.md``.
These are the premises every replica result rests on, asserted exactly over the generator's parameters:

* **split** — every OOD test fact composes two OOD atomic facts, every training two-hop fact two ID ones, no mixed
  composition appears anywhere, and the ID test and the training set share no query;
* **support** (the premise of C1) — every atomic fact is trained; every CoT sub-step of an OOD query (h r1 → b,
  b r2 → t) is a training atomic fact, while without CoT no OOD query (h, r1, r2) occurs in training;
* **counts** — the realised λ and noise share are the targets rounded to whole facts, and every noiseless training
  fact's (b, t) is the composition of the atomic facts.

Glossary: ``entities`` ↔ |E|, ``relations`` ↔ |R|, ``ratio`` ↔ λ, ``noise`` ↔ ξ, ``noise_target`` 0/1/2 ↔ t/b/both.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from seqtheory.simulate import knowledge as kn
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer, Real
from seqtheory.theorems.core.relations import ExactEquality
from seqtheory.theorems.papers import YAO2025

ID_TEST, OOD_TEST = 40, 100


def _config(entities, relations, out_degree, ood_share, ratio, noise=0.0, noise_target=0) -> kn.KnowledgeConfig:
    return kn.KnowledgeConfig(entities=entities, relations=relations, out_degree=out_degree, ood_share=ood_share,
                              ratio=ratio, id_test_size=ID_TEST, ood_test_size=OOD_TEST, noise=noise,
                              noise_target=kn.NOISE_TARGETS[noise_target])


def _keys(rows: np.ndarray, width: int) -> set[tuple[int, ...]]:
    return {tuple(r) for r in rows[:, :width].tolist()}


def _hop_ood(data: kn.KnowledgeData, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each row's first (h, r1) and second (b, r2) atomic fact is OOD, from the true bridge."""
    ood = np.zeros(data.tail.shape, dtype=bool)
    ood[data.atomic[:, 0], data.atomic[:, 1]] = data.atomic_ood
    b = data.tail[rows[:, 0], rows[:, 1]]
    return ood[rows[:, 0], rows[:, 1]], ood[b, rows[:, 2]]


def _both_ood_among_some_ood(s: float) -> Fraction:
    """s²/(1 − (1 − s)²) = s/(2 − s): the share of both-OOD compositions among those with an OOD hop, were the hops
    independent — what the OOD test would hold if mixed compositions were kept in it (0 at s = 0)."""
    share = Fraction(s).limit_denominator(1000)
    return share / (2 - share)


def _ratio(a: int, b: int, empty: Fraction = Fraction(1)) -> Fraction:
    """a/b exactly; ``empty`` (the vacuous value) when there is nothing to count (e.g. no OOD fact at s = 0)."""
    return Fraction(a, b) if b else empty


def measure_split(seed, entities, relations, out_degree, ood_share, ratio) -> list:
    data = kn.generate(_config(entities, relations, out_degree, ood_share, ratio), np.random.default_rng(seed))
    o1, o2 = _hop_ood(data, data.ood_test)
    t1, t2 = _hop_ood(data, data.train_two_hop)
    i1, i2 = _hop_ood(data, data.id_test)
    mixed = int(np.sum(o1 != o2) + np.sum(t1 != t2) + np.sum(i1 != i2))
    return [_ratio(int(np.sum(o1 & o2)), len(o1)), _ratio(int(np.sum(~t1 & ~t2)), len(t1)), mixed,
            len(_keys(data.id_test, 3) & _keys(data.train_two_hop, 3))]


def _trained_prefixes(data: kn.KnowledgeData, cot: bool) -> set[tuple[int, ...]]:
    """The first three tokens of every sequence the model is trained on in one format: (h, r, t) for an atomic
    fact, (h, r1, r2) for a two-hop fact (r2 is a relation token, so the two kinds never coincide)."""
    return {tuple(row) for row in kn.training_sequences(data, cot)[0][:, :3].tolist()}


def measure_support(seed, entities, relations, out_degree, ood_share, ratio) -> list:
    """Measured on the training sets as assembled for the model (both formats), not on the fact tables."""
    data = kn.generate(_config(entities, relations, out_degree, ood_share, ratio), np.random.default_rng(seed))
    E = data.config.entities
    with_cot, without_cot = _trained_prefixes(data, cot=True), _trained_prefixes(data, cot=False)
    atomic_trained = sum((h, r + E, t) in with_cot and (h, r + E, t) in without_cot for h, r, t in data.atomic.tolist())
    q = data.ood_test
    b = data.tail[q[:, 0], q[:, 1]]  # the true bridges
    steps = [(h, r1 + E, bb) in with_cot and (bb, r2 + E, t) in with_cot
             for (h, r1, r2, _, t), bb in zip(q.tolist(), b.tolist(), strict=True)]
    supported = sum((h, r1 + E, r2 + E) in without_cot for h, r1, r2 in q[:, :3].tolist())
    return [_ratio(atomic_trained, len(data.atomic)), _ratio(sum(steps), len(steps)),
            _ratio(supported, len(q), empty=Fraction(0))]


def measure_counts(seed, entities, relations, out_degree, ood_share, ratio, noise, noise_target) -> list:
    cfg = _config(entities, relations, out_degree, ood_share, ratio, noise, noise_target)
    data = kn.generate(cfg, np.random.default_rng(seed))
    clean = data.train_two_hop[~data.train_noisy]
    b = data.tail[clean[:, 0], clean[:, 1]]
    wrong = int(np.sum((b != clean[:, 3]) | (data.tail[b, clean[:, 2]] != clean[:, 4])))
    return [len(data.train_two_hop), int(data.train_noisy.sum()), wrong]


def expected_counts(entities, relations, out_degree, ood_share, ratio, noise, noise_target) -> list:
    facts = entities * out_degree
    id_atomic = facts - round(ood_share * facts)
    n_train = round(ratio * id_atomic)
    return [n_train, round(noise * n_train), 0]


_GENERATOR = (Integer("entities", 50, 300, probe=150), Integer("relations", 2, 12), Integer("out_degree", 2, 12),
              Real("ood_share", 0.0, 0.5), Real("ratio", 0.25, 4.0))


def _enough(entities, relations, out_degree, ood_share, ratio, **_) -> bool:
    """Enough both-ID two-hop facts with room to spare: the request is at most their expected number
    μ = E·k²(1 − s)² less 3√(μk) (each bridge carries up to k of them; the generator raises a ValueError when a
    draw falls short, and the scan in the module tests finds none inside this margin)."""
    need = ratio * (1 - ood_share) * entities * out_degree + ID_TEST
    mu = entities * out_degree**2 * (1 - ood_share) ** 2
    return out_degree <= relations and need <= mu - 3 * (mu * out_degree) ** 0.5


_CONSTRAINT = Constraint("out_degree ≤ relations; λ(1 − s)E·k + 40 ≤ μ − 3√(μk), μ = E·k²(1 − s)² "
                         "(enough ID compositions)", _enough)
_DEFAULTS = {"entities": 200, "relations": 10, "out_degree": 5, "ood_share": 0.15, "ratio": 3.6}

CLAIMS = (
    Claim(
        id="yao2025/data/split", stance="lemma",
        examples=25, paper=YAO2025, where="§3 data (ID/OOD split of two-hop facts)",
        fidelity="reconstructed",
        source="the generator as the authors' README defines its parameters (OOD ratio |S_OOD|:|S_ID|, φ = "
               "|S^(2)_ID_train|/|S_ID|) and the abstract's ID/OOD distinction; the invariants are this toolkit's "
               "reading",
        statement="Every OOD test fact composes two OOD atomic facts, every training two-hop fact two ID atomic "
                  "facts, no mixed composition appears in any set, and the ID test shares no query with training "
                  "(measured: the two shares, the mixed count, the overlap = 1, 1, 0, 0 exactly).",
        domain=Domain(_GENERATOR, (_CONSTRAINT,)),
        defaults=dict(_DEFAULTS),
        theory=lambda **p: [Fraction(1), Fraction(1), 0, 0], simulate=measure_split, relation=ExactEquality(),
        negative_control=lambda ood_share, **p: [_both_ood_among_some_ood(ood_share), Fraction(1), 0, 0],
        negative_control_text="mixed compositions kept in the OOD test (share of both-OOD among ≥ 1-OOD = s/(2 − s))",
        method="one draw of the generator per point, every fact checked",
    ),
    Claim(
        id="yao2025/data/support", stance="lemma",
        examples=25, paper=YAO2025, where="§3 data (the premise of C1)",
        fidelity="reconstructed",
        source="the generator as the authors' README defines its parameters (OOD ratio |S_OOD|:|S_ID|, φ = "
               "|S^(2)_ID_train|/|S_ID|) and the abstract's ID/OOD distinction; the invariants are this toolkit's "
               "reading",
        statement="All atomic facts, ID and OOD, are trained; both CoT sub-steps of every OOD query are training "
                  "atomic facts, while no OOD query (h, r1, r2) occurs in training without CoT (measured shares "
                  "1, 1, 0 exactly).",
        domain=Domain(_GENERATOR, (_CONSTRAINT,)),
        defaults=dict(_DEFAULTS),
        theory=lambda **p: [Fraction(1), Fraction(1), Fraction(0)], simulate=measure_support,
        relation=ExactEquality(),
        negative_control=lambda **p: [Fraction(1), Fraction(0), Fraction(0)],
        negative_control_text="OOD atomic facts held out of training (\"OOD\" read as unseen facts): no sub-step "
                              "of an OOD query is trained",
        method="one draw of the generator per point, every query checked",
    ),
    Claim(
        id="yao2025/data/counts", stance="lemma",
        examples=25, paper=YAO2025, where="§3 data (λ and noise ξ)",
        fidelity="reconstructed",
        source="the generator as the authors' README defines its parameters (OOD ratio |S_OOD|:|S_ID|, φ = "
               "|S^(2)_ID_train|/|S_ID|) and the abstract's ID/OOD distinction; the invariants are this toolkit's "
               "reading",
        statement="The number of training two-hop facts is λ·#ID atomic facts rounded, the number of noisy ones "
                  "ξ·#training rounded, and every noiseless training fact's (b, t) is the composition of its atomic "
                  "facts.",
        domain=Domain(_GENERATOR + (Real("noise", 0.0, 0.5), Integer("noise_target", 0, 2)), (_CONSTRAINT,)),
        defaults={**_DEFAULTS, "noise": 0.2, "noise_target": 0},
        theory=expected_counts, simulate=measure_counts, relation=ExactEquality(),
        negative_control=lambda entities, relations, out_degree, ood_share, ratio, noise, noise_target: [
            round(ratio * entities * out_degree), round(noise * round(ratio * entities * out_degree)), 0],
        negative_control_text="λ taken over all atomic facts, OOD included",
        method="one draw of the generator per point",
    ),
)
