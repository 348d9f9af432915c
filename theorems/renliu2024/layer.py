"""The dual model for the layer as Ren & Liu state it (NeurIPS 2024, arXiv:2310.13220, §3 and its extensions to
a Transformer layer and to several attention layers): the query's own value masked out with its key kept in the
normaliser (N + 1 keys), the residual connection, a linear FFN after the attention, and a stack of layers.

Derivation: ``docs/attention_sparsemax_dual.md`` (§ "The layer as the paper states it"); engine:
:func:`seqtheory.simulate.nn.dual.masked_attention_layer` (the hand-written softmax kernel) and
:func:`seqtheory.simulate.nn.dual.dual_layer` (the dual models, one GD step each, Taylor features).

Glossary: ``n`` ↔ N (demonstration tokens; the query is token N + 1), ``d`` ↔ the token and head width,
``spread`` ↔ the scale of the tokens, ``layers`` ↔ the number of stacked attention layers.  The tokens and the
weights W_Q, W_K, W_V (and W_MLP, and one set per layer) are drawn from the seed.  Fidelity: the masking, the
residual, the FFN and the multi-layer form are this toolkit's reading of the paper's §3–4 (its text was not
reached; the abstract gives the dual-model view), so the claims are ``reconstructed``; the identities themselves are
derived and exact.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate.nn import dual
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain, Integer, Real
from seqtheory.theorems.core.relations import Formula, MatchesFormula, Sample
from seqtheory.theorems.papers import RENLIU2024

#: Relative tolerance of the exact identities: the Taylor remainder is held below 1e-13 of the smallest
#: exponential (dual.taylor_degree_for), summed over ≤ 9 tokens and ≤ 4 layers, plus rounding — far inside 1e-10.
RTOL = 1e-10

SOURCE = ("the masked layer (own value excluded, N + 1 keys in the normaliser), residual, linear FFN and stacked "
          "layers: the toolkit's reading of §3–4 (the abstract's dual-model view extended; the text was not reached)")



# ---- one layer: mask and residual ------------------------------------------------------------------------

def _masked_sample(seed: int, n: int, d: int, spread: float) -> Sample:
    h, [(wq, wk, wv, _)] = dual.layer_inputs(seed, n, d, spread)
    out = dual.dual_layer(h, wq, wk, wv, dual.exact_kernel_features(h @ wq, h @ wk))
    return Sample({"h": h, "w": (wq, wk, wv)}, out, dual.identity_scale(h, RTOL))


def _masked_attention(inp):
    return dual.masked_attention_layer(inp["h"], *inp["w"])


def _unmasked_attention(inp):
    """Negative control: the query's own value included (plain softmax attention over all N + 1 tokens)."""
    from seqtheory.simulate.nn import attention

    h, (wq, wk, wv) = inp["h"], inp["w"]
    return h + attention.softmax_attention(h @ wq, h @ wk, h @ wv)


# ---- one Transformer layer: attention, residual, linear FFN ---------------------------------------------

def _ffn_sample(seed: int, n: int, d: int, spread: float) -> Sample:
    h, [(wq, wk, wv, w_mlp)] = dual.layer_inputs(seed, n, d, spread)
    out = dual.dual_layer(h, wq, wk, wv, dual.exact_kernel_features(h @ wq, h @ wk), w_mlp=w_mlp)
    return Sample({"h": h, "w": (wq, wk, wv, w_mlp)}, out, dual.identity_scale(h, RTOL))


def _ffn_attention(inp):
    wq, wk, wv, w_mlp = inp["w"]
    return dual.masked_attention_layer(inp["h"], wq, wk, wv, w_mlp=w_mlp)


def _ffn_labels_untransformed(inp):
    """Negative control: the dual model trained on the raw values v_i (the FFN applied to the residual only)."""
    wq, wk, wv, w_mlp = inp["w"]
    h = inp["h"]
    return dual.masked_attention_layer(h, wq, wk, wv) - h + h @ w_mlp


# ---- a stack of attention layers ---------------------------------------------------------------------------

def _stack_sample(seed: int, n: int, d: int, spread: float, layers: int) -> Sample:
    """The dual chain: layer ℓ's dual models are trained on the dual chain's own layer ℓ − 1 tokens."""
    h0, weights = dual.layer_inputs(seed, n, d, spread, layers)
    h = h0
    for wq, wk, wv, _ in weights:
        h = dual.dual_layer(h, wq, wk, wv, dual.exact_kernel_features(h @ wq, h @ wk))
    return Sample({"h": h0, "weights": weights}, h, dual.identity_scale(h, RTOL))


def _stack_attention(inp):
    h = inp["h"]
    for wq, wk, wv, _ in inp["weights"]:
        h = dual.masked_attention_layer(h, wq, wk, wv)
    return h


def _stack_on_input_tokens(inp):
    """Negative control: every layer's keys and values taken from the input tokens (the dual models all trained
    on layer 0), only the queries moving through the stack."""
    from seqtheory.simulate.nn import attention

    h0 = h = inp["h"]
    T = h0.shape[0]
    mask = ~np.eye(T, dtype=bool)[:, :, None]
    for wq, wk, wv, _ in inp["weights"]:
        others = (h0 @ wv)[None] * mask  # (T, T, d)
        h = h + attention.softmax_attention((h @ wq)[:, None, :], (h0 @ wk)[None], others)[:, 0, :]
    return h


_TOKENS = (Integer("n", 1, 8), Integer("d", 1, 4, probe=3), Real("spread", 0.0, 1.0, low_open=True, probe=(0.0, 1.0)))

CLAIMS = (
    Claim(
        id="renliu2024/layer/masked-residual", stance="supports",
        examples=8, paper=RENLIU2024, where="§3 (the dual model of one softmax attention layer)",
        fidelity="reconstructed", source=SOURCE,
        statement="Every token's output of the masked softmax attention layer with residual — own value excluded, "
                  "own key in the normaliser — equals the token plus the test prediction of its dual model after "
                  "one GD step from W = 0 (exact kernel features; ≤ 1e-10 relative).",
        domain=Domain(_TOKENS),
        defaults={"n": 6, "d": 3, "spread": 0.8},
        theory=lambda n, d, spread: Formula("h_t + Σ_{i≠t} v_i e^{k_i·q_t/√d} / Σ_i e^{k_i·q_t/√d}",
                                            _masked_attention),
        simulate=_masked_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, d, spread: Formula("h + softmax attention with the own value included",
                                                      _unmasked_attention),
        negative_control_text="the query's own value not masked",
        method="dual models with Taylor features of derived degree, one per query token",
    ),
    Claim(
        id="renliu2024/layer/ffn", stance="supports",
        examples=6, paper=RENLIU2024, where="§4 (one Transformer layer: attention followed by a linear FFN)",
        fidelity="reconstructed", source=SOURCE,
        statement="Masked attention with residual followed by a linear FFN W_MLP equals, for every token, "
                  "h_t W_MLP plus the one-step dual model trained on the labels v_i W_MLP (≤ 1e-10 relative).",
        domain=Domain(_TOKENS),
        defaults={"n": 6, "d": 3, "spread": 0.8},
        theory=lambda n, d, spread: Formula("(h_t + attention_t) W_MLP", _ffn_attention),
        simulate=_ffn_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, d, spread: Formula("dual model on the raw values v_i", _ffn_labels_untransformed),
        negative_control_text="labels not passed through the FFN",
        method="dual models with labels v_i W_MLP, Taylor features",
    ),
    Claim(
        id="renliu2024/layer/multi-layer", stance="supports",
        examples=5, paper=RENLIU2024, where="§4 (multiple attention layers)",
        fidelity="reconstructed", source=SOURCE,
        statement="A stack of L masked attention layers with residuals equals L rounds of dual models, round ℓ "
                  "trained on the tokens that round ℓ − 1 produced (≤ 1e-10 relative, L = 2..4).",
        domain=Domain(_TOKENS + (Integer("layers", 2, 4),)),
        defaults={"n": 5, "d": 3, "spread": 0.8, "layers": 3},
        theory=lambda n, d, spread, layers: Formula("L masked attention layers", _stack_attention),
        simulate=_stack_sample, relation=MatchesFormula(1.0),
        negative_control=lambda n, d, spread, layers: Formula("every layer's dual model trained on layer 0",
                                                              _stack_on_input_tokens),
        negative_control_text="dual models of every layer trained on the input tokens",
        method="L rounds of one-step dual models, Taylor features per round",
    ),
)
