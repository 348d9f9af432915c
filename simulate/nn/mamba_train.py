"""A tiny Mamba language model with a hand-written backward, for the trained COPY comparison (Mamba vs
Transformer at equal parameter budgets, figure ``copy_training``).

Model: token embedding → n_layers × [x + MambaBlock(RMS-free LayerNorm(x))] → LayerNorm → tied read-out.
The block is :func:`seqtheory.simulate.nn.ssm.mamba_block` (Euler-B); its backward runs the scan's adjoint
recurrence ``g_t = C_t ⊗ dy_t + Ā_{t+1} ⊙ g_{t+1}`` reversed in time, with the scan's own chunked log-space kernel
(:func:`seqtheory.simulate.nn.ssm.linear_recurrence`).
States are kept for the backward pass (O(L·E·N) memory: fine for the small training sizes used here).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.nn import layers
from seqtheory.simulate.nn.ssm import block_inputs, block_param_shapes, linear_recurrence, silu


def _dsilu(x):
    s = 1.0 / (1.0 + np.exp(-x))
    return s * (1 + x * (1 - s))


@dataclass(frozen=True)
class MambaConfig:
    vocab: int = 16
    d_model: int = 32
    E: int = 64
    N: int = 8
    R: int = 4
    K: int = 4
    n_layers: int = 2


def init_params(cfg: MambaConfig, rng: np.random.Generator) -> dict[str, np.ndarray]:
    rng = validate.generator("rng", rng)
    p = {"emb": 0.5 * rng.standard_normal((cfg.vocab, cfg.d_model))}
    for layer in range(cfg.n_layers):
        pre = f"m{layer}."
        shapes = block_param_shapes(cfg.d_model, cfg.E, cfg.N, cfg.R, cfg.K)
        for name, shape in shapes.items():
            fan_in = shape[0] if len(shape) == 2 else 1
            p[pre + name] = rng.standard_normal(shape) / np.sqrt(fan_in)
        p[pre + "conv_b"] = np.zeros(cfg.E)
        p[pre + "in_b"] = np.zeros(2 * cfg.E)
        p[pre + "out_w"] /= np.sqrt(2 * cfg.n_layers)
        p[pre + "A_log"] = np.log(np.tile(np.arange(1.0, cfg.N + 1), (cfg.E, 1)))  # S4D-real A = −(1..N)
        p[pre + "dt_b"] = np.log(np.expm1(np.exp(rng.uniform(np.log(1e-3), np.log(1e-1), cfg.E))))
        p[pre + "D"] = np.ones(cfg.E)
        p[pre + "ln.g"], p[pre + "ln.b"] = np.ones(cfg.d_model), np.zeros(cfg.d_model)
    p["lnf.g"], p["lnf.b"] = np.ones(cfg.d_model), np.zeros(cfg.d_model)
    return p


def _view(p: dict, pre: str) -> dict:
    return {k[len(pre):]: v for k, v in p.items() if k.startswith(pre)}


def _flat(a: np.ndarray) -> np.ndarray:
    """(…, F) → (M, F): every leading axis (batch, time) as rows, for the weight gradients' GEMMs."""
    return a.reshape(-1, a.shape[-1])


def _block_forward(p, pre, x, cfg):
    """The block of :func:`seqtheory.simulate.nn.ssm.mamba_block` on x (…, L, d_model) (optional leading batch
    axes), keeping every state for the backward pass."""
    s = block_inputs(_view(p, pre), x)
    log_a = s["delta"][..., None] * s["A"]  # (…, L, E, N)
    states = linear_recurrence(log_a, s["delta"][..., None] * s["B"][..., None, :] * s["u"][..., None])
    y = np.einsum("...ten,...tn->...te", states, s["C"]) + s["u"] * p[pre + "D"]  # (…, L, E)
    gate = silu(s["z"])
    s.update(log_a=log_a, states=states, y=y, gate=gate)
    return (y * gate) @ p[pre + "out_w"], s


def _block_backward(p, pre, dout, s, cfg, grads):
    """Gradients of one block (accumulated into ``grads``) and the gradient of its input, for dout (…, L, d_model);
    every weight gradient sums over the leading axes and time."""
    x, padded, conv, u, proj, dt_in, delta = s["x"], s["padded"], s["conv"], s["u"], s["proj"], s["dt_in"], s["delta"]
    B, C, A, log_a, states, y, z, gate = s["B"], s["C"], s["A"], s["log_a"], s["states"], s["y"], s["z"], s["gate"]
    L, E, N, K = x.shape[-2], cfg.E, cfg.N, cfg.K
    lead = x.shape[:-2]
    rows = tuple(range(x.ndim - 1))  # the leading axes and time: what a weight gradient sums over
    R = proj.shape[-1] - 2 * N
    grads[pre + "out_w"] += _flat(y * gate).T @ _flat(dout)
    dyg = dout @ p[pre + "out_w"].T
    dy = dyg * gate
    dz = dyg * y * _dsilu(z)
    # y = einsum(states, C) + u D
    dC = np.einsum("...ten,...te->...tn", states, dy)
    grads[pre + "D"] += np.sum(dy * u, axis=rows)
    du = dy * p[pre + "D"]
    # adjoint recurrence: g_t = C_t ⊗ dy_t + Ā_{t+1} g_{t+1}  (reverse time)
    src = dy[..., :, None] * C[..., None, :]  # (…, L, E, N)
    shifted = np.concatenate([log_a[..., 1:, :, :], np.zeros(lead + (1, E, N))], axis=-3)  # Ā_{t+1}
    g = linear_recurrence(shifted[..., ::-1, :, :], src[..., ::-1, :, :])[..., ::-1, :, :]
    prev = np.concatenate([np.zeros(lead + (1, E, N)), states[..., :-1, :, :]], axis=-3)  # h_{t−1}
    a_bar = np.exp(log_a)
    d_loga = g * prev * a_bar  # ∂/∂(log Ā_t)
    dB = np.einsum("...ten,...te->...tn", g, delta * u)
    gB = np.einsum("...ten,...tn->...te", g, B)
    du += gB * delta
    ddelta = np.sum(d_loga * A, axis=-1) + gB * u
    grads[pre + "A_log"] += np.sum(d_loga * delta[..., None], axis=rows) * A  # dA/dA_log = A
    ddt_in = ddelta / (1.0 + np.exp(-dt_in))  # softplus' = sigmoid
    grads[pre + "dt_b"] += ddt_in.sum(axis=rows)
    grads[pre + "dt_w"] += _flat(proj[..., :R]).T @ _flat(ddt_in)
    dproj = np.concatenate([ddt_in @ p[pre + "dt_w"].T, dB, dC], axis=-1)
    grads[pre + "x_w"] += _flat(u).T @ _flat(dproj)
    du += dproj @ p[pre + "x_w"].T
    dconv = du * _dsilu(conv)
    grads[pre + "conv_b"] += dconv.sum(axis=rows)
    dpadded = np.zeros_like(padded)
    for k in range(K):
        grads[pre + "conv_w"][k] += np.sum(padded[..., k:k + L, :] * dconv, axis=rows)
        dpadded[..., k:k + L, :] += dconv * p[pre + "conv_w"][k]
    dxz = np.concatenate([dpadded[..., K - 1:, :], dz], axis=-1)
    grads[pre + "in_b"] += dxz.sum(axis=rows)
    grads[pre + "in_w"] += _flat(x).T @ _flat(dxz)
    return dxz @ p[pre + "in_w"].T


#: Elements of one (group, L, E, N) state array that the forward and backward passes work on at a time: groups of
#: sequences small enough that the block's arrays stay in cache.  Measured on 2 cores (``benchmarks/
#: mamba_train_step.py``, a step at batch 32, L = 17, E·N = 512): with freed memory kept for reuse
#: (:func:`seqtheory.allocator.keep_freed_memory`, which the CLI, the pool workers and the tests call) one group for
#: the whole batch is as fast as these groups (0.97–1.03×); with glibc's defaults, which return each large array to
#: the kernel, it is 2.3–2.4× slower — the grouping is insurance for callers that do not keep freed memory.
BLOCK_ELEMENTS = 2**16


def group_size(cfg: MambaConfig, length: int) -> int:
    """Sequences per group (:data:`BLOCK_ELEMENTS`), at least 1."""
    return max(1, BLOCK_ELEMENTS // max(1, length * cfg.E * cfg.N))


def _forward_group(p, cfg: MambaConfig, tokens):
    x = p["emb"][tokens]  # (G, T, d_model)
    blocks = []
    for layer in range(cfg.n_layers):
        pre = f"m{layer}."
        h, ln = layers.layernorm_forward(x, p[pre + "ln.g"], p[pre + "ln.b"])
        out, bc = _block_forward(p, pre, h, cfg)
        x = x + out
        blocks.append((ln, bc))
    hf, lnf = layers.layernorm_forward(x, p["lnf.g"], p["lnf.b"])
    return hf @ p["emb"].T, (tokens, blocks, hf, lnf)


def forward(p, cfg: MambaConfig, tokens):
    """tokens (B, T) → logits (B, T, vocab), cache.  Vectorised over groups of :func:`group_size` sequences (every
    block's arrays carry the group axis in front; the scan's chunk length is set by the group's fastest decay); the
    loop runs over groups — cache blocking, as the tiled attention loops over tiles."""
    tokens = validate.tokens("tokens", tokens, vocab=cfg.vocab)  # (B, T), B, T ≥ 1
    g = group_size(cfg, tokens.shape[1])
    parts = [_forward_group(p, cfg, tokens[s:s + g]) for s in range(0, len(tokens), g)]
    return np.concatenate([logits for logits, _ in parts]), [cache for _, cache in parts]


def backward(p, cfg: MambaConfig, dlogits, caches) -> dict[str, np.ndarray]:
    """Gradients of every parameter for the logits' gradient ``dlogits`` (B, T, vocab) and :func:`forward`'s cache
    (summed over the groups in order)."""
    shape = (sum(len(c[0]) for c in caches), caches[0][0].shape[1] if caches else 0, cfg.vocab)
    dlogits = validate.array("dlogits", dlogits, ndim=3)
    if dlogits.shape != shape:
        raise ValueError(f"dlogits must have the logits' shape (batch, T, vocab) = {shape}, got {dlogits.shape}")
    grads = {k: np.zeros_like(v) for k, v in p.items()}
    start = 0
    for tokens, blocks, hf, lnf in caches:
        d = dlogits[start:start + len(tokens)]  # (G, T, vocab)
        start += len(tokens)
        grads["emb"] += _flat(d).T @ _flat(hf)
        dx, dg, db = layers.layernorm_backward(d @ p["emb"], lnf)
        grads["lnf.g"] += dg
        grads["lnf.b"] += db
        for layer in reversed(range(cfg.n_layers)):
            pre = f"m{layer}."
            ln, bc = blocks[layer]
            dh = _block_backward(p, pre, dx, bc, cfg, grads)
            dln, dg, db = layers.layernorm_backward(dh, ln)
            grads[pre + "ln.g"] += dg
            grads[pre + "ln.b"] += db
            dx = dx + dln
        np.add.at(grads["emb"], tokens, dx)
    return grads


def n_params(p: dict[str, np.ndarray]) -> int:
    return int(sum(v.size for v in p.values()))


def train_copy(cfg: MambaConfig, rng: np.random.Generator, length: int, steps: int, batch: int = 32,
               lr: float = 3e-3) -> tuple[dict, np.ndarray]:
    """Train on COPY (sequences a_1..a_L SEP a_1..a_L, alphabet cfg.vocab − 1) with Adam."""
    from seqtheory.simulate.nn.tasks import copy_batch
    from seqtheory.simulate.nn.train import fit

    params = init_params(cfg, rng)

    def step_fn(p, _):
        b = copy_batch(rng, batch, length, cfg.vocab - 1)
        out, cache = forward(p, cfg, b.inputs)
        loss, dout = layers.cross_entropy(out, b.targets, b.weights)
        return loss, backward(p, cfg, dout, cache)
    return fit(params, step_fn, steps, lr)


def copy_accuracy(p, cfg: MambaConfig, rng: np.random.Generator, length: int, batch: int = 256) -> float:
    from seqtheory.simulate.nn.tasks import copy_batch

    b = copy_batch(rng, batch, length, cfg.vocab - 1)
    out, _ = forward(p, cfg, b.inputs)
    hits = (out.argmax(axis=-1) == b.targets) & (b.weights > 0)
    return float(hits.sum() / b.weights.sum())
