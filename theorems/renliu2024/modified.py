"""Attention modified as contrastive learning suggests = GD on a modified dual loss (Ren & Liu, NeurIPS 2024,
arXiv:2310.13220, §5).

Derivation: ``docs/attention_sparsemax_dual.md`` (§ "Modified attention"); engine:
:mod:`seqtheory.simulate.nn.dual_contrastive` — the dual side trains T dual models by explicit GD steps on the
modified loss with exact exp-kernel (Taylor) features, the attention side is the hand-written softmax kernel with
the closed-form modification.  Fidelity ``reconstructed``: the abstract says §5 proposes modifications inspired by
contrastive learning; which three, and their exact form, are this toolkit's reading (the text was not reached).

Glossary: ``n`` ↔ N demonstration tokens (the query is token N + 1), ``d`` ↔ the token and head width, ``spread``
↔ the tokens' scale, ``lam`` ↔ λ (ridge penalty on the dual model's W), ``steps`` ↔ k (GD steps of size η/k,
η = 1), ``beta`` ↔ β (weight of the negative pairs (k_i, v_{π(i)}), π(i) = i + 1 mod T).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate.nn import dual, dual_contrastive
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer, Real
from seqtheory.theorems.core.relations import Formula, MatchesFormula, Sample
from seqtheory.theorems.papers import RENLIU2024

SOURCE = ("the abstract: 'drawing inspiration from existing representation learning methods especially contrastive "
          "learning, we propose potential modifications for the attention layer'; the three modifications and their "
          "exact dual losses are the toolkit's reconstruction (§5's text was not reached)")

_TOKENS = (Integer("n", 1, 8), Integer("d", 1, 4, probe=3), Real("spread", 0.0, 1.0, low_open=True, probe=(0.0, 1.0)))


#: Relative tolerance of the identities: as the base layer's (Taylor remainder ≤ 1e-13 of the smallest exponential,
#: summed over ≤ 9 tokens, ≤ 64 GD steps, plus rounding — far inside 1e-10).
RTOL = 1e-10



def _inputs(seed: int, n: int, d: int, spread: float, augmented: bool = False) -> dict:
    h, [(wq, wk, wv, _)] = dual.layer_inputs(seed, n, d, spread)
    inp = {"h": h, "w": (wq, wk, wv), "u_k": None, "u_v": None}
    if augmented:  # the augmentation maps' weights, from their own stream of the seed
        rng = np.random.default_rng([seed, 1])
        inp["u_k"], inp["u_v"] = (rng.standard_normal((d, d)) / np.sqrt(d) for _ in range(2))
    return inp


def _dual(inp: dict, **modification) -> np.ndarray:
    """The dual side: T dual models trained by explicit GD on the modified loss (Taylor features)."""
    h, (wq, wk, wv) = inp["h"], inp["w"]
    q = h @ wq  # (T, d)
    k = dual_contrastive.augment(h, inp["u_k"]) @ wk  # (T, d): the keys the dual model is trained on
    features = dual.exact_kernel_features(q, k)
    return dual_contrastive.contrastive_dual_layer(h, wq, wk, wv, features, u_k=inp["u_k"], u_v=inp["u_v"],
                                                   **modification)


def _attention(inp: dict, **modification) -> np.ndarray:
    """The attention side: the softmax kernel with the closed-form modification."""
    return dual_contrastive.contrastive_attention_layer(inp["h"], *inp["w"], u_k=inp["u_k"], u_v=inp["u_v"],
                                                        **modification)


# ---- regularised: a ridge penalty on W scales the attention update by c_k(ηλ) --------------------------------

def _regularised_sample(seed: int, n: int, d: int, spread: float, lam: float, steps: int) -> Sample:
    inp = _inputs(seed, n, d, spread)
    return Sample(inp, _dual(inp, lam=lam, steps=steps), dual.identity_scale(inp["h"], RTOL))


def _regularised_theory(n, d, spread, lam, steps):
    c = dual_contrastive.regularised_scale(lam, steps)
    return Formula(f"h_t + c_k(ηλ)·attention_t, c_k = (1 − (1 − ηλ/k)^k)/(ηλ) = {c:.6g}",
                   lambda inp: _attention(inp, scale=c))


def _gradient_flow_scale(n, d, spread, lam, steps):
    """Negative control: the continuous-time factor (1 − e^{−ηλ})/(ηλ), as if the k steps were gradient flow."""
    c = float(-np.expm1(-lam) / lam)
    return Formula(f"h_t + (1 − e^{{−ηλ}})/(ηλ)·attention_t = {c:.6g}", lambda inp: _attention(inp, scale=c))


# ---- augmented: nonlinear views of key and value -------------------------------------------------------------

def _augmented_sample(seed: int, n: int, d: int, spread: float) -> Sample:
    inp = _inputs(seed, n, d, spread, augmented=True)
    return Sample(inp, _dual(inp), dual.identity_scale(inp["h"], RTOL))


def _linear_views(inp: dict) -> np.ndarray:
    """Negative control: the unmodified layer (linear views h W_K, h W_V), as if augmentation changed nothing."""
    return _attention({**inp, "u_k": None, "u_v": None})


# ---- negative samples: mismatched pairs pushed away ----------------------------------------------------------

def _negatives_sample(seed: int, n: int, d: int, spread: float, beta: float) -> Sample:
    inp = _inputs(seed, n, d, spread)
    return Sample(inp, _dual(inp, beta=beta), dual.identity_scale(inp["h"], RTOL))


def _pulled_in(inp: dict, beta: float) -> np.ndarray:
    """Negative control: h_t + Σ s_ti (v_i + β v_{π(i)}) = 2·(layer at β = 0) − (layer at β), by linearity in β."""
    return 2 * _attention(inp) - _attention(inp, beta=beta)


_REG_DOMAIN = Domain(_TOKENS + (Real("lam", 0.0, 2.0, low_open=True, probe=(0.0, 2.0)),
                                Integer("steps", 1, 64, probe=16)))
_NEG_DOMAIN = Domain(_TOKENS + (Real("beta", 0.0, 1.0),))

CLAIMS = (
    Claim(
        id="renliu2024/modified/regularised", stance="supports",
        examples=8, paper=RENLIU2024, where="§5 (modifications inspired by contrastive learning: regularisation)",
        fidelity="reconstructed", source=SOURCE,
        statement="k GD steps of size η/k (η = 1) on the dual loss plus a ridge penalty (λ/2)‖W‖²_F equal the masked "
                  "layer with its attention update scaled by c_k(ηλ) = (1 − (1 − ηλ/k)^k)/(ηλ) (c_1 = 1; "
                  "≤ 1e-10 relative).",
        domain=_REG_DOMAIN,
        defaults={"n": 6, "d": 3, "spread": 0.8, "lam": 1.0, "steps": 4},
        theory=_regularised_theory,
        simulate=_regularised_sample, relation=MatchesFormula(1.0),
        negative_control=_gradient_flow_scale,
        negative_control_text="the gradient-flow factor (1 − e^{−ηλ})/(ηλ) at finite k",
        method="T dual models, explicit GD on the penalised loss, Taylor features of derived degree",
    ),
    Claim(
        id="renliu2024/modified/augmented", stance="supports",
        examples=6, paper=RENLIU2024, where="§5 (modifications inspired by contrastive learning: data augmentation)",
        fidelity="reconstructed", source=SOURCE,
        statement="With nonlinear views g(x) = x + tanh(xU) of each token before W_K and W_V, the layer equals the "
                  "dual models trained on the augmented pairs (g_K(h_i)W_K, g_V(h_i)W_V) (≤ 1e-10 relative).",
        domain=Domain(_TOKENS),
        defaults={"n": 6, "d": 3, "spread": 0.8},
        theory=lambda n, d, spread: Formula("h_t + Σ_{i≠t} s_ti(g_K) g_V(h_i) W_V", _attention),
        simulate=_augmented_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, d, spread: Formula("the unmodified layer (linear views)", _linear_views),
        negative_control_text="augmentation ignored (linear views)",
        method="dual models trained on augmented keys and values, Taylor features",
    ),
    Claim(
        id="renliu2024/modified/negative-samples", stance="supports",
        examples=6, paper=RENLIU2024, where="§5 (modifications inspired by contrastive learning: negative samples)",
        fidelity="reconstructed", source=SOURCE,
        statement="Adding negative pairs (k_i, v_{π(i)}) with weight β to the dual loss gives, after one GD step, the "
                  "layer h_t + Σ_{i≠t} s_ti (v_i − β v_{π(i)}) (≤ 1e-10 relative).",
        domain=_NEG_DOMAIN,
        defaults={"n": 6, "d": 3, "spread": 0.8, "beta": 0.5},
        theory=lambda n, d, spread, beta: Formula("h_t + Σ_{i≠t} s_ti (v_i − β v_{π(i)})",
                                                  lambda inp: _attention(inp, beta=beta)),
        simulate=_negatives_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, d, spread, beta: Formula(
            "h_t + Σ_{i≠t} s_ti (v_i + β v_{π(i)}) (negatives pulled in)",
            lambda inp: _pulled_in(inp, beta)),
        negative_control_text="the negatives' sign flipped (pulled in, not pushed away)",
        method="dual models with negative pairs in the loss, Taylor features",
    ),
)
