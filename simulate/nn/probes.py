"""Measurement instruments on the numpy transformer (Ren & Liu 2025's B3–B5 need them; no claim logic here).

* :func:`ffn_activity` — per layer, the **active ratio** (share of (token, unit) pairs whose FFN pre-activation u
  is positive, i.e. on GELU's linear side) and the **dead fraction** (share of units with u ≤ 0 on every token of
  the batch);
* :func:`attention_bypass` — per layer, ‖Attn(x)‖ / ‖x‖: the size of the attention update against the residual
  stream it is added to (small: the layer is bypassed through the residual connection);
* :func:`logit_lens` — the residual stream after each block read out through the final LayerNorm and the tied
  unembedding (the "logit lens"): which token each layer would predict;
* :func:`attention_support` — per layer, the number of (query, key) pairs with a non-zero attention weight, per
  sequence and head (the attention cost of a sparse kernel: Wang 2024's "kept pairs");
* :func:`loss_spikes` — steps where the loss jumps above a rolling median by more than ``z`` rolling MADs;
* :func:`sequence_log_probs` — the model's log q(x) for every sequence of length L over V symbols (exact
  enumeration; a BOS token precedes the sequence), for its exact entropy;
* :func:`sample_with_log_probs` and :func:`entropy_monte_carlo` — ancestral samples x ~ q with their exact
  log q(x), and the unbiased chain-rule Monte Carlo estimate of H(q) = E_q[−log q(x)] (for V^L beyond enumeration);
* :func:`parameter_count` and :func:`matched_width` — for the parameter-matched attention-only variant.

Definitions are the toolkit's own (the paper's were not reachable); each is stated where it is computed.
"""

from __future__ import annotations

import itertools

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.nn.transformer import ForwardCache


def _cache(cache) -> ForwardCache:
    if not isinstance(cache, ForwardCache):
        raise validate.ArgumentTypeError(f"cache must be the ForwardCache transformer.forward returns, got "
                                         f"{type(cache).__name__}")
    return cache


def _token_model(config, V: int, bos: int) -> tuple[int, int]:
    """V symbols and a BOS token of a token model's vocabulary (V ≤ vocab, 0 ≤ bos < vocab)."""
    from seqtheory.simulate.nn import transformer

    if not isinstance(config, transformer.Config):
        raise validate.ArgumentTypeError(f"config must be a transformer Config, got {type(config).__name__}")
    if config.output_dim is not None or config.input_dim is not None:
        raise ValueError("a token model is needed (input_dim and output_dim None)")
    return validate.integer("V", V, 1, config.vocab), validate.integer("bos", bos, 0, config.vocab - 1)


def ffn_activity(cache: ForwardCache) -> list[tuple[float, float]]:
    """(active ratio, dead fraction) per layer from a forward cache (``transformer.forward``'s second value)."""
    _cache(cache)
    out = []
    for layer in cache.layers:
        gel = layer.gel
        if gel is None:  # attention-only layer: no FFN units
            out.append((float("nan"), float("nan")))
            continue
        u = gel[0]  # (B, T, F): pre-activations
        positive = u > 0
        out.append((float(positive.mean()), float(np.mean(~positive.reshape(-1, u.shape[-1]).any(axis=0)))))
    return out


def attention_bypass(params, cache: ForwardCache) -> list[float]:
    """‖Attn(x)‖_F / ‖x‖_F per layer (Frobenius norms over the batch): the attention update against its input."""
    _cache(cache)
    ratios = []
    for index, layer in enumerate(cache.layers):
        update = layer.attn_out @ params[f"l{index}.wo"]  # (B, T, C)
        ratios.append(float(np.linalg.norm(update) / max(np.linalg.norm(layer.x_in), 1e-300)))
    return ratios


def attention_support(cache: ForwardCache) -> list[float]:
    """Per layer, non-zero attention weights per (sequence, head), summed over the query rows: T(T+1)/2 for causal
    softmax (unless a weight underflows to 0), Σ_i min(k, i+1) for causal top-k, the band count for a window, the
    data-dependent support for sparsemax.  Every kernel's cache gives P (dense (B, H, T, T) or band (B, H, T, w),
    zero outside the mask): stored, or rebuilt from the tiled engine's row log-normalisers."""
    _cache(cache)
    out = []
    for layer in cache.layers:
        att = layer.att
        p = att.probabilities() if hasattr(att, "probabilities") else att[3]  # AttentionCache, or the window's tuple
        out.append(float(np.count_nonzero(p)) / float(np.prod(p.shape[:-2])))
    return out


def logit_lens(params, config, cache: ForwardCache) -> np.ndarray:
    """Logits (n_layers, B, T, vocab) of the residual stream after each block, through the final LayerNorm and the
    tied unembedding; the last entry equals the model's own logits.  ``cache`` is ``transformer.forward``'s second
    value (the stream after block ℓ < n_layers − 1 is the stream entering block ℓ + 1)."""
    from seqtheory.simulate.nn import layers, transformer

    if not isinstance(config, transformer.Config):
        raise validate.ArgumentTypeError(f"config must be a transformer Config, got {type(config).__name__}")
    _cache(cache)
    if config.output_dim is not None:
        raise ValueError("logit_lens needs a token model (tied unembedding), got output_dim set")
    streams = [layer.x_in for layer in cache.layers[1:]]  # (B, T, C) each: after blocks 0 .. n_layers − 2
    lens = [layers.layernorm_forward(x, params["lnf.g"], params["lnf.b"])[0] @ params["tok_emb"].T
            for x in streams]
    lens.append(cache.hf @ params["tok_emb"].T)
    return np.stack(lens)  # (n_layers, B, T, vocab)


def loss_spikes(losses, window: int = 50, z: float = 6.0) -> np.ndarray:
    """Indices t ≥ window with loss_t > median(loss_{t−window..t−1}) + z · 1.4826 · MAD of that window."""
    losses = validate.array("losses", losses, ndim=1)
    window = validate.integer("window", window, 2)
    z = validate.real("z", z, 0.0, low_open=True)
    if len(losses) <= window:
        return np.zeros(0, dtype=int)
    windows = np.lib.stride_tricks.sliding_window_view(losses[:-1], window)  # (n − window, window)
    med = np.median(windows, axis=1)
    mad = 1.4826 * np.median(np.abs(windows - med[:, None]), axis=1)
    return np.flatnonzero(losses[window:] > med + z * np.maximum(mad, 1e-12)) + window


def sequence_log_probs(params, config, V: int, L: int, bos: int) -> np.ndarray:
    """log q(x) for all V^L sequences x (lexicographic order) of a token model whose first input is ``bos``:
    one forward pass over the V^{L−1} prefixes gives every conditional.  Returns (V^L,)."""
    from seqtheory.simulate.nn import transformer

    V, bos = _token_model(config, V, bos)
    L = validate.integer("L", L, 1)
    validate.budget("the V^L sequence log-probabilities", float(V) ** L)
    prefixes = np.array(list(itertools.product(range(V), repeat=L - 1)), dtype=int).reshape(-1, L - 1)
    inputs = np.concatenate([np.full((len(prefixes), 1), bos), prefixes], axis=1)  # (V^{L−1}, L)
    logits, _ = transformer.forward(params, config, inputs)
    z = logits[..., :V].astype(float)  # only the V symbols can follow (BOS and others excluded)
    logq = z - np.logaddexp.reduce(z, axis=-1, keepdims=True)  # (V^{L−1}, L, V)
    prefix_lp = np.zeros(len(prefixes))
    for t in range(L - 1):
        prefix_lp += logq[np.arange(len(prefixes)), t, prefixes[:, t]]
    return (prefix_lp[:, None] + logq[:, L - 1, :]).ravel()  # (V^L,)


def sample_with_log_probs(params, config, V: int, L: int, bos: int, size: int, rng: np.random.Generator
                          ) -> tuple[np.ndarray, np.ndarray]:
    """``size`` sequences drawn ancestrally from the model restricted to the V symbols (as in
    :func:`sequence_log_probs`), and the exact log q of each: (size, L) ints and (size,) floats."""
    from seqtheory.simulate import entropy
    from seqtheory.simulate.nn import transformer

    V, bos = _token_model(config, V, bos)
    L = validate.integer("L", L, 1)
    size = validate.integer("size", size, 1)
    rng = validate.generator("rng", rng)
    validate.budget("the sampled sequences' logits (size, L, vocab)", float(size) * L * config.vocab)
    seqs = np.full((size, L + 1), bos, dtype=np.int64)  # BOS, then the draws
    logq = np.zeros(size)
    for t in range(L):
        logits, _ = transformer.forward(params, config, seqs[:, :t + 1])
        z = logits[:, -1, :V].astype(float)  # (size, V)
        logp = z - np.logaddexp.reduce(z, axis=-1, keepdims=True)
        draw = entropy.draw_from_cdf(np.cumsum(np.exp(logp), axis=-1), rng)  # (size,)
        seqs[:, t + 1] = draw
        logq += logp[np.arange(size), draw]
    return seqs[:, 1:], logq


def entropy_monte_carlo(params, config, V: int, L: int, bos: int, size: int, rng: np.random.Generator):
    """H(q) by the chain-rule Monte Carlo estimator: the mean of −log q(x) over x ~ q (unbiased), as an
    :class:`~seqtheory.simulate.stats.Estimate` with its standard error."""
    from seqtheory.simulate.stats import Estimate

    _, logq = sample_with_log_probs(params, config, V, L, bos, size, rng)
    return Estimate.of_mean(-logq)


def parameter_count(config) -> int:
    """Number of trainable numbers of ``transformer.init_params(config)`` (no arrays are drawn):
    :meth:`~seqtheory.simulate.nn.transformer.Config.parameter_count`."""
    from seqtheory.simulate.nn import transformer

    if not isinstance(config, transformer.Config):
        raise validate.ArgumentTypeError(f"config must be a transformer Config, got {type(config).__name__}")
    return config.parameter_count()


def matched_width(config, ffn: bool) -> int:
    """The d_model (a multiple of n_heads) whose variant with or without FFN has the parameter count closest to
    ``config``'s (d_ff kept as the same multiple of d_model)."""
    import dataclasses

    target = parameter_count(config)
    ratio = config.d_ff / config.d_model
    best = None
    for width in range(config.n_heads, 8 * config.d_model + 1, config.n_heads):
        trial = dataclasses.replace(config, d_model=width, d_ff=max(1, round(ratio * width)), ffn=ffn)
        gap = abs(parameter_count(trial) - target)
        if best is None or gap < best[0]:
            best = (gap, width)
    return best[1]
