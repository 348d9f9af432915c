"""Mamba's COPY bottleneck (Ren, Li, Liu 2024, arXiv:2410.03810).

Derivations: ``docs/mamba_copy_bounds.md`` (the counting bound of Jelassi et al. that frames them is in
:mod:`seqtheory.theorems.jelassi2024.copy`); the numeric engines are in :mod:`seqtheory.simulate.copy`, the closed
forms in :mod:`seqtheory.theorems.exact.copy_bounds`.  Checked here:

* **decay branch** (Ren et al. Thm 1): reading position s at time t through decays a ≤ a_max < 1 needs a
  score ≥ (1 − ε)/a^{t−s}; in floating point that score overflows at distance
  ⌊ln(max/(1−ε))/ln(1/a)⌋ + 1, while softmax needs only the gap log((L−1)(1−δ)/δ) (Thm 2);
* **subspace (Bessel) bound**: a state with N columns read by linear queries reproduces n orthonormal values
  with total error ≥ n − N (Eckart–Young), and Σ_k min_c ‖diag(α)Kc − e_k‖² = n − rank(K) exactly;
* **linear size suffices** (Thm 3): with d_state = n, one-hot keys B_s = e_s, queries C_t = e_{pos(t)},
  Δ ≡ 1 and A = 0, the bare selective scan copies exactly (accuracy 1).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import copy
from seqtheory.simulate.stats import Estimate
from seqtheory.simulate.tails import TailedMean
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer, Real
from seqtheory.theorems.core.paper import Source
from seqtheory.theorems.core.relations import Close, ExactEquality, LowerBound, ZTest
from seqtheory.theorems.exact.copy_bounds import predicted_overflow_distance, shared_slot_accuracy
from seqtheory.theorems.papers import REN2024, REN2024_ABSTRACT


def _predicted_distances(a: float, eps: float) -> list[int]:
    return [predicted_overflow_distance(a, eps, t) for t in copy.DTYPES]


def _scan_distances(seed: int, a: float, eps: float) -> list[int]:
    return [copy.overflow_distance(a, eps, t) for t in copy.DTYPES]


def _off_by_one(a: float, eps: float) -> list[int]:
    """Negative control: the prediction without its +1."""
    return [d - 1 for d in _predicted_distances(a, eps)]


def _subspace_sample(seed: int, n: int, N: int, rank: int) -> Estimate:
    rng = np.random.default_rng(seed)
    r = min(rank, N)
    K = rng.standard_normal((n, r)) @ rng.standard_normal((r, N))  # rank r
    return Estimate.exact(copy.subspace_error(K, rng.uniform(0.5, 2.0, n)))


CLAIMS = (
    Claim(
        id="ren2024/copy/decay-overflow", stance="lemma",
        paper=REN2024, where="Thm 1 (score ≥ (1−ε)/Π a_r)",
        fidelity="derived",
        source="the floating-point overflow distance implied by Thm 1's score bound",
        statement="Reading t − s steps back through decay a needs score (1−ε)a^{−(t−s)}: it overflows float16, "
                  "float32 and float64 at distance ⌊ln(H/(1−ε))/ln(1/a)⌋ + 1, H = max + ulp(max)/2 the "
                  "round-to-nearest overflow threshold (1 − ε ≥ 10⁻⁶).",
        domain=Domain((Real("a", 0.0, 1.0, low_open=True, high_open=True, probe=(0.0, 0.999)),
                       Real("eps", 0.0, 1 - 1e-6))),
        defaults={"a": 0.9, "eps": 0.1}, examples=15,
        pinned=({"a": 0.9951450489285093, "eps": 0.2432152210908628},),  # float16 score in (max, H): not inf
        theory=_predicted_distances, simulate=_scan_distances, relation=ExactEquality(),
        negative_control=_off_by_one, negative_control_text="⌊…⌋ without the +1",
        method="the state of a one-channel selective scan, read off and inverted in each dtype",
    ),
    Claim(
        id="ren2024/copy/subspace-identity", stance="tool",
        paper=REN2024,
        fidelity="toolkit",
        source="the toolkit's subspace identity",
        where="docs/mamba_copy_bounds.md (Bessel / subspace identity)",
        statement="Σ_k min_c ‖diag(α)Kc − e_k‖² = n − rank(K) for any K (n × N) and positive α.",
        domain=Domain((Integer("n", 1, probe=12), Integer("N", 1, probe=12), Integer("rank", 1, probe=12)),
                      (Constraint("N ≤ n", lambda n, N, rank: N <= n),)),
        defaults={"n": 10, "N": 6, "rank": 4}, examples=15,
        theory=lambda n, N, rank: float(n - min(rank, N)), simulate=_subspace_sample,
        relation=Close(rtol=0.0, atol=1e-9),
        negative_control=lambda n, N, rank: float(n - N), negative_control_text="n − N (rank ignored)",
        method="least squares per basis vector",
    ),
    Claim(
        id="ren2024/copy/subspace-bound", stance="tool",
        paper=REN2024, where="docs/mamba_copy_bounds.md (frozen state of N columns)",
        fidelity="toolkit",
        source="the toolkit's subspace bound for a frozen N-column state",
        statement="Reading n orthonormal values from a state of N columns gives Σ_k ‖y_k − v_k‖² ≥ n − N for any keys "
                  "and queries; the bound is attained.",
        domain=Domain((Integer("n", 1, probe=12), Integer("N", 1, probe=12)),
                      (Constraint("N ≤ n", lambda n, N: N <= n),)),
        defaults={"n": 12, "N": 5}, examples=10,
        theory=lambda n, N: float(n - N),
        simulate=lambda seed, n, N: Estimate.exact(copy.best_copy_error(n, N, np.random.default_rng(seed))),
        relation=LowerBound(z=0.0, atol=1e-9),  # rounding of the least-squares residuals
        negative_control=lambda n, N: float(n - N + 1), negative_control_text="n − N + 1 (not attained)",

        method="random keys with least-squares queries, and the Eckart–Young optimum",
    ),
    Claim(
        id="ren2024/copy/linear-state-copies", stance="supports",
        paper=REN2024, where="Thm 3 (linear-size state suffices)",
        fidelity="restated",
        source=Source(REN2024_ABSTRACT, "abstract",
                      "Mamba can achieve perfect performance on COPY when its size scales linearly with the sequence "
                      "length"),
        statement="With d_state = n, one-hot keys B_s = e_s, queries C_t = e_{t−n}, Δ ≡ 1 and A ≈ 0, the bare "
                  "selective scan (block = 0) and a full Mamba block with hand-set weights (block = 1) copy n tokens "
                  "exactly (accuracy 1).",
        domain=Domain((Integer("n", 1, 512, probe=128), Integer("vocab", 2, probe=32), Integer("block", 0, 1))),
        defaults={"n": 128, "vocab": 16, "block": 1},
        theory=lambda n, vocab, block: 1.0,
        simulate=lambda seed, n, vocab, block: Estimate.exact(
            (copy.block_copy_accuracy if block else copy.linear_state_copy_accuracy)(
                n, vocab, np.random.default_rng(seed))),
        relation=Close(rtol=0.0, atol=0.0),
        negative_control=lambda n, vocab, block: float(shared_slot_accuracy(n, n - 1, vocab)) if n > 1 else 1 / vocab,
        negative_control_text="the exact accuracy of n − 1 slots (as if one slot fewer sufficed)",
        method="hand-set scan weights",
    ),
)



def _slot_mc(seed: int, n: int, N: int, vocab: int, runs: int = 400) -> Estimate:
    seeds = np.random.SeedSequence(seed).generate_state(runs)
    return TailedMean.of([copy.linear_state_copy_accuracy(n, vocab, np.random.default_rng(int(s)), slots=N)
                             for s in seeds])



CLAIMS = (*CLAIMS, Claim(
    id="ren2024/copy/fixed-state-degrades", stance="lemma",
    paper=REN2024, where="§3 (fixed state size; docs/mamba_copy_bounds.md)",
    fidelity="toolkit",
    source="the toolkit's shared-slot combinatorics",
    statement="Copying n tokens through N < n shared slots (the fixed-size version of the Thm 3 construction) "
              "recovers a token iff it is its slot's plurality: accuracy Σ_slots E[max count]/n (exact "
              "combinatorics vs simulation; the figure shows it falling as n/N grows, which is not asserted).",
    domain=Domain((Integer("n", 1, 512, probe=48), Integer("N", 1, probe=8), Integer("vocab", 2, 32, probe=6)),
                  (Constraint("N ≤ n", lambda n, N, vocab: N <= n),)),
    defaults={"n": 32, "N": 8, "vocab": 4}, examples=6,
    theory=lambda n, N, vocab: float(shared_slot_accuracy(n, N, vocab)),
    simulate=lambda seed, n, N, vocab: _slot_mc(seed, n, N, vocab), relation=ZTest(5.0, atol=1e-12),
    negative_control=lambda n, N, vocab: N / n, negative_control_text="N/n (only one token per slot survives)",
    method="400 seeded copies through the bare scan with shared slots",
))
