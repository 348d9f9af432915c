"""A small decoder-only, pre-LayerNorm transformer in numpy with a full hand-written backward.

Block: ``x += MHA(LN1(x))``; ``x += W2·GELU(W1·LN2(x) + b1) + b2`` (omitted with ``ffn=False``: the
attention-only variant); final LayerNorm; output through the tied
token embedding (``logits = h Eᵀ``) or a linear head (for continuous targets).  Attention kernel selectable:
"softmax", "sparsemax", "entmax15" (1.5-entmax), "topk" (``kernel_arg`` = k) or "window" (``kernel_arg`` =
radius), all causal.
Parameters are a plain dict of float64 (or, for training, float32) arrays; everything is deterministic given the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.nn import attention, layers, sparse

KERNELS = ("softmax", "sparsemax", "topk", "window", "entmax15")


@dataclass(frozen=True)
class Config:
    """Model shape.  ``vocab`` tokens in and out (tied embeddings) unless ``input_dim``/``output_dim`` are
    given, in which case inputs are vectors projected linearly and the head is linear."""

    vocab: int = 16
    d_model: int = 64
    n_heads: int = 4
    n_layers: int = 2
    d_ff: int = 128
    max_len: int = 64
    kernel: str = "softmax"
    kernel_arg: int = 0
    input_dim: int | None = None
    output_dim: int | None = None
    ffn: bool = True

    def __post_init__(self):
        for name in ("vocab", "d_model", "n_heads", "n_layers", "d_ff", "max_len"):
            validate.integer(name, getattr(self, name), 1)
        if self.d_model % self.n_heads:
            raise ValueError(f"d_model must be divisible by n_heads, got {self.d_model} and {self.n_heads}")
        if self.kernel not in KERNELS:
            raise ValueError(f"kernel must be one of {KERNELS}, got {self.kernel!r}")
        if self.kernel == "topk":
            validate.integer("kernel_arg", self.kernel_arg, 1)
        if self.kernel == "window":
            validate.integer("kernel_arg", self.kernel_arg, 0)
        validate.boolean("ffn", self.ffn)
        for name in ("input_dim", "output_dim"):  # None (tokens) or a positive integer width
            if getattr(self, name) is not None:
                validate.integer(name, getattr(self, name), 1)

    def parameter_count(self) -> int:
        """Scalars in :func:`init_params`' parameters (what a model of this shape allocates, before activations)."""
        C, F, L = self.d_model, self.d_ff, self.n_layers
        inputs = self.vocab * C if self.input_dim is None else (self.input_dim + 1) * C
        outputs = 0 if self.output_dim is None else (C + 1) * self.output_dim
        block = 2 * C + 4 * C * C + (2 * C + 2 * C * F + F + C if self.ffn else 0)
        return self.max_len * C + inputs + L * block + 2 * C + outputs


def init_params(config: Config, rng: np.random.Generator, dtype=np.float64) -> dict[str, np.ndarray]:
    """Parameters drawn in float64 from ``rng`` (so a seed gives the same model in either precision), stored in
    ``dtype``: float64 (default, the precision gradients are checked in) or float32 (the training mode: every
    forward/backward array then stays float32)."""
    rng = validate.generator("rng", rng)
    if not isinstance(config, Config):
        raise validate.ArgumentTypeError(f"config must be a transformer Config, got {type(config).__name__}")
    if np.dtype(dtype) not in (np.float64, np.float32):
        raise ValueError(f"dtype must be float64 or float32, got {dtype!r}")
    validate.budget(f"init_params of a {config.n_layers}-block, d_model={config.d_model} transformer",
                    2.0 * config.parameter_count())  # float64 draws, then the stored copy
    C, F = config.d_model, config.d_ff
    std = 0.02
    p: dict[str, np.ndarray] = {"pos_emb": std * rng.standard_normal((config.max_len, C))}
    if config.input_dim is None:
        p["tok_emb"] = std * rng.standard_normal((config.vocab, C))
    else:
        p["in_w"] = rng.standard_normal((config.input_dim, C)) / np.sqrt(config.input_dim)
        p["in_b"] = np.zeros(C)
    for layer in range(config.n_layers):
        pre = f"l{layer}."
        p[pre + "ln1.g"], p[pre + "ln1.b"] = np.ones(C), np.zeros(C)
        for name in ("wq", "wk", "wv"):
            p[pre + name] = rng.standard_normal((C, C)) / np.sqrt(C)
        p[pre + "wo"] = rng.standard_normal((C, C)) / np.sqrt(C) / np.sqrt(2 * config.n_layers)
        if not config.ffn:  # the attention-only variant (Ren & Liu 2025's B3 ablation)
            continue
        p[pre + "ln2.g"], p[pre + "ln2.b"] = np.ones(C), np.zeros(C)
        p[pre + "w1"], p[pre + "b1"] = rng.standard_normal((C, F)) / np.sqrt(C), np.zeros(F)
        p[pre + "w2"] = rng.standard_normal((F, C)) / np.sqrt(F) / np.sqrt(2 * config.n_layers)
        p[pre + "b2"] = np.zeros(C)
    p["lnf.g"], p["lnf.b"] = np.ones(C), np.zeros(C)
    if config.output_dim is not None:
        p["out_w"] = rng.standard_normal((C, config.output_dim)) / np.sqrt(C)
        p["out_b"] = np.zeros(config.output_dim)
    return {key: value.astype(dtype, copy=False) for key, value in p.items()}


class LayerCache(NamedTuple):
    """What one block's forward keeps for its backward and for the probes (:mod:`seqtheory.simulate.nn.probes`).

    ``h``/``ln1``: the pre-attention LayerNorm output and its cache; ``att``: the attention kernel's cache;
    ``attn_out``: the merged attention output before W_O (B, T, C); ``h2``/``ln2``, ``g``/``gel``: the FFN's
    LayerNorm and GELU (None when ``Config.ffn`` is False); ``x_in``: the residual stream entering the block."""

    h: np.ndarray
    ln1: tuple
    att: object
    attn_out: np.ndarray
    h2: np.ndarray | None
    ln2: tuple | None
    g: np.ndarray | None
    gel: tuple | None
    x_in: np.ndarray


class ForwardCache(NamedTuple):
    """The whole forward's cache: the inputs, one :class:`LayerCache` per block, the final LayerNorm's output and
    cache."""

    inputs: np.ndarray
    layers: list[LayerCache]
    hf: np.ndarray
    lnf: tuple


def _split(x, H):  # (B, T, C) → (B, H, T, C/H)
    B, T, C = x.shape
    return x.reshape(B, T, H, C // H).transpose(0, 2, 1, 3)


def _outer_sum(a, b):
    """Σ over all leading axes of a_iᵀ b_i: (..., m), (..., n) → (m, n) as one matrix product."""
    return a.reshape(-1, a.shape[-1]).T @ b.reshape(-1, b.shape[-1])


def _merge(x):  # (B, H, T, dh) → (B, T, C)
    B, H, T, dh = x.shape
    return x.transpose(0, 2, 1, 3).reshape(B, T, H * dh)


def _kernel_forward(config: Config, q, k, v):
    T = q.shape[-2]
    if config.kernel == "softmax":
        return attention.softmax_attention_forward(q, k, v, causal=True)
    if config.kernel == "sparsemax":
        return sparse.sparsemax_attention_forward(q, k, v, attention.causal_mask(T))
    if config.kernel == "entmax15":
        return sparse.entmax15_attention_forward(q, k, v, attention.causal_mask(T))
    if config.kernel == "topk":
        return sparse.topk_attention_forward(q, k, v, min(config.kernel_arg, T), attention.causal_mask(T))
    return sparse.sliding_window_attention_forward(q, k, v, config.kernel_arg, causal=True)


def _kernel_backward(config: Config, dout, cache):
    if config.kernel in ("softmax", "topk"):
        return attention.softmax_attention_backward(dout, cache)
    if config.kernel == "sparsemax":
        return sparse.sparsemax_attention_backward(dout, cache)
    if config.kernel == "entmax15":
        return sparse.entmax15_attention_backward(dout, cache)
    return sparse.sliding_window_attention_backward(dout, cache)


def forward(params, config: Config, inputs) -> tuple[np.ndarray, ForwardCache]:
    """inputs: int tokens (B, T) or vectors (B, T, input_dim) → outputs (B, T, vocab | output_dim), cache."""
    inputs = np.asarray(inputs)
    T = inputs.shape[1]
    if T > config.max_len:
        raise ValueError(f"sequence length must be ≤ max_len = {config.max_len}, got {T}")
    H = config.n_heads
    if config.input_dim is None:
        if inputs.ndim != 2 or not np.issubdtype(inputs.dtype, np.integer):
            raise ValueError(f"inputs must be integer tokens of shape (B, T), got {inputs.dtype} {inputs.shape}")
        if inputs.min() < 0 or inputs.max() >= config.vocab:
            raise ValueError(f"tokens must lie in [0, {config.vocab}), got range [{inputs.min()}, {inputs.max()}]")
        x = params["tok_emb"][inputs] + params["pos_emb"][:T]
    else:
        inputs = validate.array("inputs", inputs, ndim=3, keep_float32=True).astype(params["in_w"].dtype, copy=False)
        x = inputs @ params["in_w"] + params["in_b"] + params["pos_emb"][:T]
    caches = []
    for layer in range(config.n_layers):
        pre = f"l{layer}."
        h, ln1 = layers.layernorm_forward(x, params[pre + "ln1.g"], params[pre + "ln1.b"])
        q, k, v = (_split(h @ params[pre + w], H) for w in ("wq", "wk", "wv"))
        a, att = _kernel_forward(config, q, k, v)
        am = _merge(a)
        x_in = x  # (B, T, C): the residual stream entering the layer (kept for the probes)
        x = x + am @ params[pre + "wo"]
        if not config.ffn:
            caches.append(LayerCache(h, ln1, att, am, None, None, None, None, x_in))
            continue
        h2, ln2 = layers.layernorm_forward(x, params[pre + "ln2.g"], params[pre + "ln2.b"])
        u = h2 @ params[pre + "w1"] + params[pre + "b1"]
        g, gel = layers.gelu_forward(u)
        x = x + g @ params[pre + "w2"] + params[pre + "b2"]
        caches.append(LayerCache(h, ln1, att, am, h2, ln2, g, gel, x_in))
    hf, lnf = layers.layernorm_forward(x, params["lnf.g"], params["lnf.b"])
    out = hf @ params["tok_emb"].T if config.output_dim is None else hf @ params["out_w"] + params["out_b"]
    return out, ForwardCache(inputs, caches, hf, lnf)


def backward(params, config: Config, dout, cache: ForwardCache) -> dict[str, np.ndarray]:
    """Gradients of a scalar loss w.r.t. every parameter, given dL/d(outputs)."""
    inputs, caches, hf, lnf = cache
    grads = {key: np.zeros_like(val) for key, val in params.items()}
    H = config.n_heads
    if config.output_dim is None:
        grads["tok_emb"] += _outer_sum(dout, hf)
        dhf = dout @ params["tok_emb"]
    else:
        grads["out_w"] += _outer_sum(hf, dout)
        grads["out_b"] += dout.sum(axis=(0, 1))
        dhf = dout @ params["out_w"].T
    dx, grads["lnf.g"], grads["lnf.b"] = layers.layernorm_backward(dhf, lnf)
    for layer in reversed(range(config.n_layers)):
        pre = f"l{layer}."
        h, ln1, att, am, h2, ln2, g, gel, _ = caches[layer]  # a LayerCache
        if config.ffn:
            grads[pre + "b2"] += dx.sum(axis=(0, 1))
            grads[pre + "w2"] += _outer_sum(g, dx)
            du = layers.gelu_backward(dx @ params[pre + "w2"].T, gel)
            grads[pre + "b1"] += du.sum(axis=(0, 1))
            grads[pre + "w1"] += _outer_sum(h2, du)
            dh2 = du @ params[pre + "w1"].T
            d_ln2, grads[pre + "ln2.g"], grads[pre + "ln2.b"] = layers.layernorm_backward(dh2, ln2)
            dx = dx + d_ln2
        grads[pre + "wo"] += _outer_sum(am, dx)
        da = _split(dx @ params[pre + "wo"].T, H)
        dq, dk, dv = _kernel_backward(config, da, att)
        dh = np.zeros_like(h)
        for name, dpart in (("wq", dq), ("wk", dk), ("wv", dv)):
            dm = _merge(dpart)
            grads[pre + name] += _outer_sum(h, dm)
            dh += dm @ params[pre + name].T
        d_ln1, grads[pre + "ln1.g"], grads[pre + "ln1.b"] = layers.layernorm_backward(dh, ln1)
        dx = dx + d_ln1
    T = dx.shape[1]
    grads["pos_emb"][:T] += dx.sum(axis=0)
    if config.input_dim is None:
        np.add.at(grads["tok_emb"], inputs, dx)
    else:
        grads["in_w"] += _outer_sum(inputs, dx)
        grads["in_b"] += dx.sum(axis=(0, 1))
    return grads


def generate(params, config: Config, prompt, steps: int) -> np.ndarray:
    """Greedy decoding with a per-layer KV cache: each new token costs one pass over the cached keys."""
    prompt = np.asarray(prompt)
    steps = validate.integer("steps", steps, 0)
    if config.input_dim is not None:
        raise ValueError("generate needs a token model (input_dim=None)")
    if prompt.shape[1] + steps > config.max_len:
        raise ValueError(f"prompt length + steps must be ≤ max_len = {config.max_len}")
    caches = [attention.KVCache() for _ in range(config.n_layers)]
    seq = prompt.copy()
    start = prompt.shape[1]
    for t in range(start + steps - 1):
        logits = _decode_one(params, config, seq[:, t], t, caches)
        if t >= start - 1:  # past the prompt: append the greedy token
            seq = np.concatenate([seq, logits.argmax(axis=-1)[:, None]], axis=1)
    return seq


def generate_reference(params, config: Config, prompt, steps: int) -> np.ndarray:
    """Greedy decoding by re-running the full causal forward for every new token (no cache)."""
    seq = np.asarray(prompt).copy()
    for _ in range(validate.integer("steps", steps, 0)):
        logits, _ = forward(params, config, seq)
        seq = np.concatenate([seq, logits[:, -1].argmax(axis=-1)[:, None]], axis=1)
    return seq


def _decode_one(params, config: Config, token, position: int, caches) -> np.ndarray:
    """Logits for the next token after feeding ``token`` at ``position`` (B,) → (B, vocab)."""
    H = config.n_heads
    x = (params["tok_emb"][token] + params["pos_emb"][position])[:, None, :]  # (B, 1, C)
    for layer in range(config.n_layers):
        pre = f"l{layer}."
        h, _ = layers.layernorm_forward(x, params[pre + "ln1.g"], params[pre + "ln1.b"])
        q, k, v = (_split(h @ params[pre + w], H) for w in ("wq", "wk", "wv"))
        k_all, v_all = caches[layer].append(k, v)
        if config.kernel == "window":
            k_all, v_all = k_all[..., -(config.kernel_arg + 1):, :], v_all[..., -(config.kernel_arg + 1):, :]
        if config.kernel == "softmax" or config.kernel == "window":
            a = attention.softmax_attention(q, k_all, v_all)
        elif config.kernel == "sparsemax":
            a = sparse.sparsemax_attention(q, k_all, v_all)
        elif config.kernel == "entmax15":
            a = sparse.entmax15_attention(q, k_all, v_all)
        else:
            a = sparse.topk_attention(q, k_all, v_all, min(config.kernel_arg, k_all.shape[-2]))
        x = x + _merge(a) @ params[pre + "wo"]
        if not config.ffn:
            continue
        h2, _ = layers.layernorm_forward(x, params[pre + "ln2.g"], params[pre + "ln2.b"])
        g, _ = layers.gelu_forward(h2 @ params[pre + "w1"] + params[pre + "b1"])
        x = x + g @ params[pre + "w2"] + params[pre + "b2"]
    hf, _ = layers.layernorm_forward(x, params["lnf.g"], params["lnf.b"])
    return (hf @ params["tok_emb"].T)[:, 0, :]
