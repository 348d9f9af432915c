"""The exact entropy facts behind Ren & Liu 2025 (arXiv:2504.18929): entropies of known targets, and the
finite-sample confound that makes "lower entropy than the target" the default for a model fitted to data.

Derivations: ``docs/renliu2025_entropy.md``; engine: :mod:`seqtheory.simulate.entropy`.

* **chain-rule** — the entropy of the first L symbols of an order-r Markov chain by the chain rule equals the
  brute-force sum over all V^L sequences (control: L times the stationary entropy rate, the transient ignored);
* **kl-chain-rule** — KL(p‖q) between two chains is the chain-rule sum of non-negative per-state KLs (≥ 0, zero
  at q = p — the attaining point lies in the domain), equal to the brute-force sum (control: H(q) − H(p));
* **plugin-bias** — E H(p̂_n) by enumerating every multinomial outcome equals the binomial-marginal formula and is
  below H(p) (Jensen), equal at a point mass (control: the plug-in estimate taken as unbiased);
* **hmm-forward** — the entropy of the first L symbols of a hidden Markov model, with P(x) by the forward
  algorithm, equals the brute force over every (observed sequence, hidden path) pair (control: the Viterbi path's
  probability in place of the sum over paths);
* **miller-madow** — n(H(p) − E H(p̂_n)) → (K − 1)/2 with the error shrinking like 1/n:
  |n(H − E H(p̂_n)) − (K − 1)/2| ≤ (Σ_k 1/p_k − 1)/(6n) once n·min p ≥ 20 (twice the second-order term
  (Σ 1/p_k − 1)/(12n) of the expansion; control: K/2, every outcome counted).

Glossary: ``V`` vocabulary, ``L`` length, ``order`` r, ``concentration`` the Dirichlet parameter of the chain's
rows, ``K`` outcomes, ``n`` draws; ``*_seed`` draw the chain or the probability vector; ``skew`` the ratio of a
geometric probability vector p_k ∝ skew^k.
"""

from __future__ import annotations

import math

import numpy as np

from seqtheory.simulate import entropy as en
from seqtheory.simulate.stats import Estimate
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer, Real
from seqtheory.theorems.core.relations import Formula, MatchesFormula, Sample, UpperBound
from seqtheory.theorems.papers import RENLIU2025

#: Relative tolerance of the chain-rule identities: both sides are sums of ≤ 4096 terms of size ≤ log V per step,
#: each side accurate to ~1e-15 relative (math.fsum on one side); 1e-11 is far outside rounding, far inside any
#: modelling error.
RTOL = 1e-11


def _chain(V, order, concentration, chain_seed) -> en.MarkovChain:
    return en.random_chain(np.random.default_rng(chain_seed), V, order, concentration)


def _q_chain(p: en.MarkovChain, perturb: float, chain_seed: int) -> en.MarkovChain:
    """q = (1 − perturb)·p + perturb·(another chain): q = p at perturb = 0."""
    other = en.random_chain(np.random.default_rng(chain_seed + 10_000), p.vocab, p.order, 1.0)
    return en.MarkovChain((1 - perturb) * p.init + perturb * other.init,
                          (1 - perturb) * p.trans + perturb * other.trans)


def _entropy_sample(seed, V, L, order, concentration, chain_seed) -> Sample:
    chain = _chain(V, order, concentration, chain_seed)
    value = en.entropy_of_log_probs(en.enumerate_log_probs(chain, L))
    return Sample({"chain": chain, "L": L}, value, RTOL * max(1.0, value))


def _hmm(S, V, concentration, hmm_seed) -> en.HiddenMarkov:
    return en.random_hmm(np.random.default_rng(hmm_seed), S, V, concentration)


def _hmm_sample(seed, S, V, L, concentration, hmm_seed) -> Sample:
    hmm = _hmm(S, V, concentration, hmm_seed)
    value = en.entropy_of_log_probs(en.hmm_log_probs_paths(hmm, L))
    return Sample({"hmm": hmm, "L": L}, value, RTOL * max(1.0, value))


def _viterbi_entropy(hmm: en.HiddenMarkov, L: int) -> float:
    """−Σ m log m with m(x) the probability of x's single most likely hidden path (the near-miss)."""
    m = en.hmm_path_weights(hmm, L).max(axis=0)  # (V^L,)
    return -math.fsum((m[m > 0] * np.log(m[m > 0])).tolist())


def _kl_sample(seed, V, L, order, concentration, chain_seed, perturb) -> Sample:
    p = _chain(V, order, concentration, chain_seed)
    q = _q_chain(p, perturb, chain_seed)
    value = en.kl_of_log_probs(en.enumerate_log_probs(p, L), en.enumerate_log_probs(q, L))
    return Sample({"p": p, "q": q, "L": L}, value, RTOL * max(1.0, abs(value)))


def _probabilities(K: int, p_seed: int) -> np.ndarray:
    """A probability vector with every p_k ≥ 0.3/K: 0.7·Dirichlet(1) + 0.3·uniform."""
    return 0.7 * np.random.default_rng(p_seed).dirichlet(np.ones(K)) + 0.3 / K


def _entropy(p: np.ndarray) -> float:
    """H(p) of a vector with every p_k > 0 (the vectors here), by the engine's summation."""
    return en.entropy_of_log_probs(np.log(p))


def _plugin_enumerated(seed, K, n, p_seed) -> Sample:
    p = _probabilities(K, p_seed)
    value = en.plugin_entropy_mean_enumerated(p, n)
    return Sample({"p": p, "n": n}, value, 1e-12 * max(1.0, value))


def _miller_madow(seed, K, n, skew) -> Sample:
    p = en.geometric_law(K, skew)
    scaled_bias = n * (_entropy(p) - en.plugin_entropy_mean(p, n))
    return Sample({"K": K}, scaled_bias, (np.sum(1 / p) - 1) / (6 * n))


_CHAIN = (Integer("V", 2, 4), Integer("order", 1, 2), Real("concentration", 0.1, 5.0),
          Integer("chain_seed", 0, tractable=None, probe=1000))
_SMALL = Constraint("V^L ≤ 4096 (the enumeration reference)", lambda V, L, **_: V**L <= 4096)
_ORDER = Constraint("L ≥ order", lambda L, order, **_: L >= order)

CLAIMS = (
    Claim(
        id="renliu2025/entropy/chain-rule", stance="lemma",
        examples=20, paper=RENLIU2025, where="§3 setup (targets with computable entropy)",
        fidelity="derived", source="the exact target entropy the paper's controlled setup needs (its definitions "
                                   "were not reachable: the toolkit states its own)",
        statement="The entropy of the first L symbols of an order-1 or order-2 Markov chain computed by the chain "
                  "rule equals the brute-force −Σ p log p over all V^L sequences (≤ 1e-11 relative).",
        domain=Domain((*_CHAIN, Integer("L", 1, 12)), (_SMALL, _ORDER)),
        defaults={"V": 4, "L": 6, "order": 2, "concentration": 0.7, "chain_seed": 0},
        theory=lambda **p: Formula("H(X_1..X_r) + Σ_t Σ_s P(S_{t−1}=s) H(trans[s])",
                                   lambda inp: en.sequence_entropy(inp["chain"], inp["L"])),
        simulate=_entropy_sample, relation=MatchesFormula(1.0),
        negative_control=lambda **p: Formula("L · (stationary entropy rate)",
                                             lambda inp: inp["L"] * en.entropy_rate(inp["chain"])),
        negative_control_text="L times the stationary entropy rate (the initial transient ignored)",
        method="enumeration of all V^L sequences, math.fsum",
    ),
    Claim(
        id="renliu2025/entropy/kl-chain-rule", stance="lemma",
        examples=20, paper=RENLIU2025, where="§3 setup (distance between model and target)",
        fidelity="derived", source="the exact KL the comparison of a model with its target needs",
        statement="KL(p‖q) of the first L symbols of two chains equals the chain-rule sum of per-state KLs (each "
                  "≥ 0, so KL ≥ 0, and 0 at q = p) and the brute-force sum over all sequences (≤ 1e-11 relative).",
        domain=Domain((*_CHAIN, Integer("L", 1, 12), Real("perturb", 0.0, 1.0)), (_SMALL, _ORDER)),
        defaults={"V": 3, "L": 6, "order": 1, "concentration": 0.5, "chain_seed": 2, "perturb": 0.5},
        theory=lambda **p: Formula("KL(init) + Σ_t Σ_s P_p(s) KL(trans_p[s]‖trans_q[s])",
                                   lambda inp: en.kl_chains(inp["p"], inp["q"], inp["L"])),
        simulate=_kl_sample, relation=MatchesFormula(1.0),
        negative_control=lambda **p: Formula("H(q) − H(p)", lambda inp: en.sequence_entropy(inp["q"], inp["L"])
                                             - en.sequence_entropy(inp["p"], inp["L"])),
        negative_control_text="H(q) − H(p) (KL confused with an entropy difference)",
        method="enumeration of all V^L sequences under both chains",
    ),
    Claim(
        id="renliu2025/entropy/hmm-forward", stance="lemma",
        examples=20, paper=RENLIU2025, where="§3 setup (targets with computable entropy: hidden Markov models)",
        fidelity="derived",
        source="a target with computable entropy (a small hidden Markov model), as the paper's controlled setup needs",
        statement="For a hidden Markov model with S states over V symbols, the entropy of the first L symbols with "
                  "P(x) from the forward algorithm equals the brute-force −Σ p log p with P(x) summed over all "
                  "S^L hidden paths (≤ 1e-11 relative).",
        domain=Domain((Integer("S", 1, 3), Integer("V", 2, 4), Integer("L", 1, 6), Real("concentration", 0.1, 5.0),
                       Integer("hmm_seed", 0, tractable=None, probe=1000)),
                      (Constraint("S^L·V^L ≤ 10⁶ (the path-sum reference)",
                                  lambda S, V, L, **_: (S * V) ** L <= 10 * en.ENUMERATION_LIMIT),)),
        defaults={"S": 3, "V": 3, "L": 5, "concentration": 0.7, "hmm_seed": 0},
        theory=lambda **p: Formula("−Σ_x P(x) log P(x), P(x) = Σ_s α_L(s) (forward recursion)",
                                   lambda inp: en.entropy_of_log_probs(en.hmm_log_probs(inp["hmm"], inp["L"]))),
        simulate=_hmm_sample, relation=MatchesFormula(1.0),
        negative_control=lambda **p: Formula("−Σ_x m(x) log m(x), m(x) = the Viterbi path's probability",
                                             lambda inp: _viterbi_entropy(inp["hmm"], inp["L"])),
        negative_control_text="the most likely hidden path's probability in place of the sum over paths",
        method="enumeration of every (sequence, hidden path) pair",
    ),
    Claim(
        id="renliu2025/entropy/plugin-bias", stance="lemma",
        examples=12, paper=RENLIU2025, where="the finite-sample confound of B1 (plug-in entropy)",
        fidelity="derived",
        source="the finite-sample confound of B1: a plug-in entropy is biased low (Jensen; exact expectation)",
        statement="The mean plug-in entropy E H(p̂_n) over every multinomial outcome equals −Σ_k Σ_j Bin(j; n, p_k)"
                  "(j/n) log(j/n) (≤ 1e-12 relative) — below H(p) for K ≥ 2, equal at K = 1 (a point mass).",
        domain=Domain((Integer("K", 1, 4), Integer("n", 1, 25), Integer("p_seed", 0, tractable=None, probe=1000)),
                      (Constraint("C(n + K − 1, K − 1) ≤ 3000 outcomes (the enumeration)",
                                  lambda K, n, p_seed: math.comb(n + K - 1, K - 1) <= 3000),)),
        defaults={"K": 3, "n": 20, "p_seed": 0},
        theory=lambda **p: Formula("−Σ_k Σ_j Bin(j; n, p_k)(j/n) log(j/n)",
                                   lambda inp: en.plugin_entropy_mean(inp["p"], inp["n"])),
        simulate=_plugin_enumerated, relation=MatchesFormula(1.0),
        negative_control=lambda **p: Formula("H(p) (plug-in unbiased)", lambda inp: _entropy(inp["p"])),
        negative_control_text="H(p): the plug-in entropy taken as unbiased",
        method="every multinomial outcome enumerated in mpmath (40 digits)",
    ),
    Claim(
        id="renliu2025/entropy/plugin-below", stance="lemma",
        examples=12, paper=RENLIU2025, where="the finite-sample confound of B1 (Jensen)",
        fidelity="derived", source="the finite-sample confound of B1 (Jensen)",
        statement="E H(p̂_n) ≤ H(p) for every n (Jensen: H is concave and E p̂_n = p).",
        domain=Domain((Integer("K", 2, 8), Integer("n", 1, 400, probe=200),
                       Integer("p_seed", 0, tractable=None, probe=1000))),
        defaults={"K": 4, "n": 50, "p_seed": 1},
        theory=lambda K, n, p_seed: _entropy(_probabilities(K, p_seed)),
        simulate=lambda seed, K, n, p_seed: Estimate.exact(en.plugin_entropy_mean(_probabilities(K, p_seed), n)),
        relation=UpperBound(z=0.0),
        negative_control=lambda K, n, p_seed: _entropy(_probabilities(K, p_seed)) - K / (2 * n),
        negative_control_text="H(p) − K/(2n): a bias bound counting all K outcomes",
        method="binomial-marginal formula in mpmath (40 digits)",
    ),
    Claim(
        id="renliu2025/entropy/miller-madow", stance="lemma",
        examples=10, paper=RENLIU2025, where="the finite-sample confound of B1 (Miller–Madow rate)",
        fidelity="derived", source="the Miller–Madow expansion of the plug-in bias, with its second-order term",
        statement="n(H(p) − E H(p̂_n)) is within (Σ_k 1/p_k − 1)/(6n) of (K − 1)/2 whenever n·min p ≥ 20: the "
                  "first-order bias (K − 1)/(2n) with an O(n⁻²) remainder.",
        domain=Domain((Integer("K", 2, 6), Integer("n", 40, 3000, probe=800), Real("skew", 0.3, 1.0)),
                      (Constraint("n·min p ≥ 20", lambda K, n, skew: n * en.geometric_law(K, skew).min() >= 20),)),
        defaults={"K": 3, "n": 200, "skew": 0.6},
        theory=lambda **p: Formula("(K − 1)/2", lambda inp: (inp["K"] - 1) / 2),
        simulate=_miller_madow, relation=MatchesFormula(1.0),
        negative_control=lambda **p: Formula("K/2", lambda inp: inp["K"] / 2),
        negative_control_text="K/2: every outcome counted in the first-order bias",
        method="exact E H(p̂_n) (binomial marginals, mpmath 40 digits); tolerance twice the n⁻² term",
    ),
)
