"""One training step (forward + backward + Adam) of the numpy transformer against the same model in torch CPU.

Same architecture (pre-LayerNorm decoder, tanh-GELU MLP, causal softmax attention, tied embeddings), same
shapes, same thread count, float64 and float32; medians ± half-spreads of 5 interleaved repeats [issue 18:
seqtheory ≤ 2× torch].  Shapes: the two-hop replica's (batch 256, T = 6, d = 64, 2 layers, vocab 220) and a
longer-context one (batch 32, T = 128, d = 128, 4 layers, vocab 64).  Without torch only seqtheory's times print.
Run: python benchmarks/train_step.py [--quick]   (--quick: the first shape only)
"""

from __future__ import annotations

import sys

import numpy as np
from _timing import configuration, fmt, interleaved, record, torch_or_none

from seqtheory.simulate.nn import layers, transformer
from seqtheory.simulate.optim import Adam

SHAPES = (
    ("two-hop replica", dict(vocab=220, d_model=64, n_heads=4, n_layers=2, d_ff=256, max_len=8), 256, 6),
    ("longer context", dict(vocab=64, d_model=128, n_heads=4, n_layers=4, d_ff=512, max_len=128), 32, 128),
)


def numpy_step(config, params, dtype, batch, T, rng):
    opt = Adam()
    tokens = rng.integers(0, config.vocab, (batch, T + 1))
    weights = np.ones((batch, T), dtype=dtype)
    state = {"params": params}

    def step():
        out, cache = transformer.forward(state["params"], config, tokens[:, :-1])
        _, dout = layers.cross_entropy(out, tokens[:, 1:], weights)
        grads = transformer.backward(state["params"], config, dout, cache)
        state["params"] = opt.step(state["params"], grads, 1e-3)
    return step


def torch_step(torch, config, params, dtype, batch, T, rng):
    """The same model in torch, initialised from the same parameter values."""
    tdtype = torch.float64 if dtype == np.float64 else torch.float32
    P = {k: torch.tensor(v, dtype=tdtype, requires_grad=True) for k, v in params.items()}
    opt = torch.optim.Adam(P.values(), lr=1e-3)
    tokens = torch.from_numpy(rng.integers(0, config.vocab, (batch, T + 1)))
    F = torch.nn.functional
    H, C = config.n_heads, config.d_model

    def forward(inp):
        x = P["tok_emb"][inp] + P["pos_emb"][: inp.shape[1]]
        B = x.shape[0]
        for layer in range(config.n_layers):
            pre = f"l{layer}."
            h = F.layer_norm(x, (C,), P[pre + "ln1.g"], P[pre + "ln1.b"], eps=layers.LN_EPS)
            q, k, v = ((h @ P[pre + w]).view(B, -1, H, C // H).transpose(1, 2) for w in ("wq", "wk", "wv"))
            a = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(B, -1, C)
            x = x + a @ P[pre + "wo"]
            h2 = F.layer_norm(x, (C,), P[pre + "ln2.g"], P[pre + "ln2.b"], eps=layers.LN_EPS)
            x = x + F.gelu(h2 @ P[pre + "w1"] + P[pre + "b1"], approximate="tanh") @ P[pre + "w2"] + P[pre + "b2"]
        hf = F.layer_norm(x, (C,), P["lnf.g"], P["lnf.b"], eps=layers.LN_EPS)
        return hf @ P["tok_emb"].T

    def step():
        opt.zero_grad()
        logits = forward(tokens[:, :-1])
        F.cross_entropy(logits.reshape(-1, config.vocab), tokens[:, 1:].reshape(-1)).backward()
        opt.step()
    return step


def main(quick: bool) -> None:
    print(configuration())
    torch = torch_or_none()
    for label, shape, batch, T in SHAPES[:1] if quick else SHAPES:
        config = transformer.Config(**shape)
        for dtype in (np.float64, np.float32):
            rng = np.random.default_rng(0)
            params = transformer.init_params(config, rng, dtype=dtype)
            contenders = {"seqtheory": numpy_step(config, params, dtype, batch, T, rng)}
            if torch is not None:
                contenders["torch"] = torch_step(torch, config, params, dtype, batch, T, rng)
            stats = interleaved(contenders, repeat=5)
            ratio = f" → seqtheory = {stats['seqtheory'][0] / stats['torch'][0]:.2f}× torch" if torch else ""
            print(f"{label:16s} B={batch:3d} T={T:3d} {np.dtype(dtype).name}: "
                  + ", ".join(f"{k} {fmt(v)}" for k, v in stats.items()) + ratio)
            record("transformer training step", f"{label} B={batch} T={T} {np.dtype(dtype).name}",
                   stats["seqtheory"][0], "torch" if torch else None, stats["torch"][0] if torch else None,
                   "≤ 2× torch (issue 18)")


if __name__ == "__main__":
    main("--quick" in sys.argv[1:])
