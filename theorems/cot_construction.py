"""Chain of thought implements multi-step GD: the sparse-structure identity and the construction.

Huang, Wang, Lee 2025 (arXiv:2502.21212), Thm 3.2 (MATH §1.2).

*Sparse-structure identity.* With only V_31 (w-rows × x-cols), W_13 (x-rows × w-cols) and W_24 = −1
(y-row × 1-col) non-zero, the last column of f(Z) for query (0; 0; ŵ; 1) is
``(0; 0; ŵ + V_31 S (W_13 ŵ − w*); 1)`` — the appended CoT columns have zero x and y parts, so
``C_xx = S`` and ``C_xy = S w*`` do not see them.

*Construction.* V_31 = −ηI, W_13 = I, W_24 = −1 makes each CoT step one GD step, so the autoregressive rollout
equals the GD iterates ``w_i = (I − (I − ηS)^i) w*`` exactly (to rounding).

Tolerances are derived from the computation: each output entry of the forward pass is a sum of
O(D²·N) products, so its rounding error is at most ≈ D²·N·ε times the product of the magnitudes involved;
we allow 8× that (``rtol`` in units of the printed scale).
"""

from __future__ import annotations

import numpy as np

from simulate import cot, lsa
from simulate.tasks import sample_prompts
from theorems.claim import Claim
from theorems.domain import Domain, Integer, Real
from theorems.lsa_one_step import PAPER
from theorems.relations import Formula, MatchesFormula, Sample

EPS = float(np.finfo(float).eps)
#: Safety factor on the worst-case rounding estimate.
ROUNDING_FACTOR = 8.0


def _sparse_sample(seed: int, n: int, d: int, m: int) -> Sample:
    """Random sparse weights, random ŵ and m random CoT columns; measured: the full forward's last column."""
    rng = np.random.default_rng(seed)
    p = sample_prompts(rng, 1, n, d)
    V31, W13 = rng.standard_normal((d, d)), rng.standard_normal((d, d))
    V, W = cot.sparse_to_dense(V31, W13)
    Z = lsa.embed(p.X, p.y)[0]
    for _ in range(m):
        Z = cot.cot_append(Z, rng.standard_normal(d))
    w_hat = rng.standard_normal(d)
    Z = cot.cot_append(Z, w_hat)  # the query column
    measured = lsa.forward(Z, V, W, n)[:, -1]
    D, N = Z.shape
    scale = ROUNDING_FACTOR * EPS * D**2 * N * np.abs(V).max() * np.abs(W).max() * np.abs(Z).max() ** 3 + EPS
    inputs = {"S": p.covariance()[0], "w_star": p.w_star[0], "w_hat": w_hat, "V31": V31, "W13": W13, "d": d}
    return Sample(inputs, measured, scale)


def _column(inp, with_s: bool = True) -> np.ndarray:
    d = inp["d"]
    S = inp["S"] if with_s else np.eye(d)
    out = np.zeros(2 * d + 2)
    out[d + 1: 2 * d + 1] = inp["w_hat"] + inp["V31"] @ S @ (inp["W13"] @ inp["w_hat"] - inp["w_star"])
    out[-1] = 1.0
    return out


def _construction_sample(seed: int, n: int, d: int, k: int, eta: float) -> Sample:
    rng = np.random.default_rng(seed)
    p = sample_prompts(rng, 64, n, d)
    V, W = lsa.gd_construction(d, eta)
    preds = cot.cot_rollout(p.X, p.y, V, W, k)  # (k, B, d)
    S = p.covariance()
    # error of k chained forwards relative to the size of the iterates: k·D²·(n+k)·ε·(entry magnitudes)
    D = lsa.token_dim(d)
    mag = max(1.0, np.abs(p.X).max()) ** 2 * max(1.0, np.abs(preds).max(), np.abs(p.w_star).max()) * max(1.0, eta)
    scale = ROUNDING_FACTOR * EPS * k * D**2 * (n + k + 1) * mag
    return Sample({"S": S, "w_star": p.w_star, "eta": eta, "k": k}, preds, scale)


def _iterates(inp, shift: int = 0) -> np.ndarray:
    """(I − (I − ηS)^{i+shift}) w* for i = 1..k, by eigendecomposition (independent of the GD loop)."""
    lam, U = np.linalg.eigh(inp["S"])  # (B, d), (B, d, d)
    coef = np.einsum("bji,bj->bi", U, inp["w_star"])  # w* in the eigenbasis
    out = []
    for i in range(1, inp["k"] + 1):
        decay = (1.0 - inp["eta"] * lam) ** (i + shift)
        out.append(inp["w_star"] - np.einsum("bij,bj->bi", U, decay * coef))
    return np.stack(out)


def _st_sparse():
    from hypothesis import strategies as st

    return st.fixed_dictionaries({"n": st.integers(1, 40), "d": st.integers(1, 6), "m": st.integers(0, 6)})


def _st_construction():
    from hypothesis import strategies as st

    def build(nd):
        n, d = nd
        limit = 1.0 / (1 + np.sqrt(d / n)) ** 2
        return st.fixed_dictionaries({"n": st.just(n), "d": st.just(d), "k": st.integers(1, 10),
                                      "eta": st.floats(0.05, limit, allow_nan=False)})
    return st.tuples(st.integers(4, 60), st.integers(1, 6)).filter(lambda t: t[0] >= t[1]).flatmap(build)


CLAIMS = (
    Claim(
        id="huang2025/thm3.2/sparse-identity", paper=PAPER, where="§3, sparse structure (MATH §1.2)",
        statement="With only V_31, W_13 and W_24 = −1 non-zero, f(Z)'s last column is (0; 0; ŵ + V_31 S(W_13ŵ − w*); "
                  "1) for any V_31, W_13, ŵ, and appended CoT columns do not change it.",
        domain=Domain((Integer("n", 1), Integer("d", 1), Integer("m", 0, doc="extra CoT columns"))),
        defaults={"n": 12, "d": 3, "m": 4},
        theory=lambda n, d, m: Formula("(0; 0; ŵ + V31 S (W13 ŵ − w*); 1)", _column),
        simulate=_sparse_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, d, m: Formula("(0; 0; ŵ + V31 (W13 ŵ − w*); 1)  [S dropped]",
                                                 lambda inp: _column(inp, with_s=False)),
        negative_control_text="ŵ + V31(W13ŵ − w*) (S dropped)", strategy=_st_sparse,
        method="full forward vs closed form, error in units of the rounding bound",
    ),
    Claim(
        id="huang2025/thm3.2/construction", paper=PAPER, where="Thm 3.2 (construction)",
        statement="With V_31 = −ηI, W_13 = I, W_24 = −1 the autoregressive CoT rollout equals the GD iterates "
                  "(I − (I − ηS)^i) w* for every i ≤ k (stable regime η(1+√(d/n))² ≤ 1).",
        domain=Domain((Integer("n", 1), Integer("d", 1), Integer("k", 1), Real("eta", 0.0, low_open=True))),
        defaults={"n": 20, "d": 4, "k": 8, "eta": 0.4},
        theory=lambda n, d, k, eta: Formula("(I − (I − ηS)^i) w*, i = 1..k", _iterates),
        simulate=_construction_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, d, k, eta: Formula("(I − (I − ηS)^{i+1}) w*", lambda inp: _iterates(inp, 1)),
        negative_control_text="(I − (I − ηS)^{i+1}) w* (off by one step)", strategy=_st_construction,
        method="rollout of the dense construction vs eigendecomposition",
    ),
)
