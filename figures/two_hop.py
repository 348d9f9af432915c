"""Two-hop knowledge with and without CoT (Yao, Ren, Liao, Liu 2025, arXiv:2502.04667; Wang 2024's sparse kernels on
the same task) — observations on a CPU replica, seeds as bands.

Panels: (a) greedy exact match on the ID and OOD tests over training steps, with and without CoT; (b) OOD exact
match (CoT) against the noise share ξ in the answer t and in the bridge b; (c) OOD and ID exact match (CoT) against
the ratio λ; (d) logit lens: share of training queries whose top-1 token after each block at the r2 position is
the bridge b; (e) accuracy against attention cost (non-zero pairs per sequence and head over ``h r1 r2 b``) for
attention kernels trained with CoT, and the dense model decoded with a top-k mask.  Every training is one task of
the runner (``seqtheory figures two_hop --jobs N`` or a Dask scheduler); each task seeds itself from (seed, task
index), so the data do not depend on the number of workers.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from matplotlib.figure import Figure

from seqtheory.figures.bands import seed_band
from seqtheory.simulate import knowledge as kn
from seqtheory.simulate import parallel
from seqtheory.simulate import two_hop as replica

NAME = "two_hop"
#: The paper's reported values the panels mark as reference points (the authors' logs as the ``yao2025/c3`` claims
#: cite them: OOD exact match with CoT at noise share ξ = 0.2 in t and in b), and the paper's λ sweep.
PAPER_NOISE = {"t": (0.2, 0.78), "b": (0.2, 0.08)}
PAPER_RATIOS = (3.6, 18.0)
PARALLEL = True
DEFAULTS = {"data": dataclasses.asdict(replica.DATA),
            "model": {"d_model": 32, "n_heads": 4, "n_layers": 3, "d_ff": 128},
            "steps": 1000, "record_every": 50, "seeds": 3, "noises": [0.1, 0.2, 0.3, 0.4],
            "ratios": [0.5, 1.0, 1.5, 2.0, 2.5, 3.0],
            "kernels": [["softmax", 0], ["sparsemax", 0], ["entmax15", 0], ["topk", 2], ["topk", 1], ["window", 2],
                        ["window", 1]],
            "decode_topk": [1, 2], "batch": 64, "lr": 3e-3}
#: The issue's scaled-down prototype of the paper (|E| = 200, |R| = 10, out-degree 5, OOD share 0.15, λ = 3.6; a
#: 2-block d = 64 decoder, Adam 2e-3, batch 256, 8k steps): panel (a) only, ≈ 12 min on 2 cores —
#: ``python -c "from seqtheory.figures import output, two_hop as m; output.write(m, 'out', m.PAPER_LIKE, 0, jobs=2)"``
PAPER_LIKE = {"data": {"entities": 200, "relations": 10, "out_degree": 5, "ood_share": 0.15, "ratio": 3.6,
                       "id_test_size": 300, "ood_test_size": 300},
              "model": {"d_model": 64, "n_heads": 4, "n_layers": 2, "d_ff": 256},
              "steps": 8000, "record_every": 500, "seeds": 3, "noises": [], "ratios": [], "kernels": [],
              "decode_topk": [], "batch": 256, "lr": 2e-3}
QUICK = {"data": {"entities": 30, "relations": 4, "out_degree": 3, "ood_share": 0.2, "ratio": 1.0,
                  "id_test_size": 10, "ood_test_size": 20},
         "model": {"d_model": 8, "n_heads": 2, "n_layers": 2, "d_ff": 16},
         "steps": 20, "record_every": 10, "seeds": 1, "noises": [0.2], "ratios": [0.5],
         "kernels": [["topk", 1]], "decode_topk": [1], "batch": 8, "lr": 3e-3}


def _tasks(p: dict) -> list[tuple]:
    seeds = range(int(p["seeds"]))
    return ([("curve", cot, s) for cot in (True, False) for s in seeds]
            + [("noise", (target, float(xi)), s) for target in ("t", "b") for xi in p["noises"] for s in seeds]
            + [("ratio", float(lam), s) for lam in p["ratios"] for s in seeds]
            + [("kernel", (str(k), int(a)), s) for k, a in p["kernels"] for s in seeds])


def _run(task) -> dict:
    """One training (module level: it must pickle for the pool)."""
    (kind, point, s), p, seed = task
    from seqtheory.simulate.nn import probes, transformer

    data_ss, model_ss = np.random.SeedSequence([seed, s]).spawn(2)  # facts and model seed shared by the panels
    config = kn.KnowledgeConfig(**p["data"])
    if kind == "noise":
        config = dataclasses.replace(config, noise=point[1], noise_target=point[0])
    if kind == "ratio":
        config = dataclasses.replace(config, ratio=point)
    data = kn.generate(config, np.random.default_rng(data_ss))
    model = transformer.Config(vocab=config.vocab, max_len=8, **p["model"])
    if kind == "kernel":
        model = dataclasses.replace(model, kernel=point[0], kernel_arg=point[1])
    cot = point if kind == "curve" else True
    curve = []

    def record(step, params):
        curve.append((kn.exact_match(params, model, data, data.id_test, cot),
                      kn.exact_match(params, model, data, data.ood_test, cot)))

    every = int(p["record_every"]) if kind == "curve" else 0
    params, _ = kn.train(data, cot, model, int(p["steps"]), np.random.default_rng(model_ss), batch=int(p["batch"]),
                         lr=float(p["lr"]), record_every=every, record=record)
    record(int(p["steps"]), params)
    out = {"final": curve[-1], "curve": curve[:-1]}
    seq = kn.two_hop_sequences(config, data.id_test, True)[:, :4]  # (m, 4): h r1 r2 b

    def pairs(m):
        return float(np.mean(probes.attention_support(transformer.forward(params, m, seq)[1])))

    if kind == "curve":
        out["lens"] = kn.bridge_lens(params, model, data, data.train_two_hop, cot)
    if kind == "kernel":
        out["pairs"] = pairs(model)
        if point == ("softmax", 0):
            out["decode"] = []
            for k in p["decode_topk"]:
                m = dataclasses.replace(model, kernel="topk", kernel_arg=int(k))
                out["decode"].append((kn.exact_match(params, m, data, data.id_test, True),
                                      kn.exact_match(params, m, data, data.ood_test, True), pairs(m)))
    return out


def compute(params: dict, seed: int, jobs: int = 1, scheduler: str | None = None) -> dict[str, np.ndarray]:
    from seqtheory.simulate.nn import transformer

    p = {**DEFAULTS, **params}
    tasks = _tasks(p)
    results = parallel.collect(parallel.execute([(t, p, seed) for t in tasks], jobs, scheduler, _run), len(tasks))
    by = dict(zip(tasks, results, strict=True))
    S = int(p["seeds"])

    def final(kind, point):
        return np.array([by[(kind, point, s)]["final"] for s in range(S)])  # (S, 2): ID, OOD

    kernels = [(str(k), int(a)) for k, a in p["kernels"]]
    out = {
        "steps": np.arange(1, int(p["steps"]) // int(p["record_every"]) + 1) * int(p["record_every"]),
        "curves": np.array([[by[("curve", cot, s)]["curve"] for s in range(S)] for cot in (True, False)]),  # (2,S,R,2)
        "lens": np.array([[by[("curve", cot, s)]["lens"] for s in range(S)] for cot in (True, False)]),  # (2,S,L)
        "noises": np.array([0.0, *map(float, p["noises"])]),
        "noise": np.array([[final("curve", True)] + [final("noise", (t, float(x))) for x in p["noises"]]
                           for t in ("t", "b")]),  # (2, 1 + #ξ, S, 2)
        "ratios": np.array(p["ratios"], dtype=float),
        "ratio": np.array([final("ratio", float(lam)) for lam in p["ratios"]]).reshape(-1, S, 2),  # (#λ, S, 2)
        "kernels": np.array([(transformer.KERNELS.index(k), a) for k, a in kernels], dtype=int).reshape(-1, 2),
        "kernel": np.array([final("kernel", k) for k in kernels]).reshape(-1, S, 2),  # (#kernels, S, 2)
        "kernel_pairs": np.array([[by[("kernel", k, s)]["pairs"] for s in range(S)] for k in kernels]).reshape(-1, S),
        "steps_total": np.array(int(p["steps"])), "layers": np.array(int(p["model"]["n_layers"])),
    }
    if ("softmax", 0) in kernels and p["decode_topk"]:
        out["decode_topk"] = np.array(p["decode_topk"], dtype=int)
        out["decode"] = np.array([by[("kernel", ("softmax", 0), s)]["decode"] for s in range(S)])  # (S, #k, 3)
    return out


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(15, 8.5), layout="constrained")
    axes = fig.subplots(2, 3).ravel()
    ax = axes[0]
    for c, cot in enumerate(("CoT", "no CoT")):
        for j, split in enumerate(("ID", "OOD")):
            seed_band(ax, data["steps"], data["curves"][c, :, :, j], f"{split}, {cot}", "-" if j == 0 else "--")
    ax.set(xlabel="training step", ylabel="greedy exact match", ylim=(-0.02, 1.02),
           title="(a) C1/C2: accuracy over training (band: min–max over seeds)")
    ax.legend(fontsize=7)
    ax = axes[1]
    for t, name in enumerate(("noise in t", "noise in b") if len(data["noises"]) > 1 else ()):
        seed_band(ax, data["noises"], data["noise"][t, :, :, 1].T, f"OOD, {name}", "o-")
        seed_band(ax, data["noises"], data["noise"][t, :, :, 0].T, f"ID, {name}", "s:")
    for target, marker in (("t", "*"), ("b", "P")):
        xi, ood = PAPER_NOISE[target]
        ax.plot([xi], [ood], marker, ms=11, color="k", mfc="none", label=f"paper, noise in {target} (authors' logs)")
    ax.set(xlabel="noise share ξ", ylabel="exact match (CoT)", ylim=(-0.02, 1.02), title="(b) C3: noise")
    ax.legend(fontsize=7)
    ax = axes[2]
    if len(data["ratios"]):
        seed_band(ax, data["ratios"], data["ratio"][:, :, 1].T, "OOD", "o-")
        seed_band(ax, data["ratios"], data["ratio"][:, :, 0].T, "ID", "s:")
        ax.legend(fontsize=7)
    right = max(PAPER_RATIOS[0] + 1.0, float(np.max(data["ratios"], initial=0.0)) + 0.5)
    ax.axvspan(PAPER_RATIOS[0], right, color="0.85", zorder=0)
    ax.text(PAPER_RATIOS[0] + 0.05, 0.95, f"paper's sweep\nλ = {PAPER_RATIOS[0]:g}–{PAPER_RATIOS[1]:g} →", fontsize=7,
            va="top")
    ax.set(xlabel="λ = #two-hop / #ID atomic facts", ylabel="exact match (CoT)", ylim=(-0.02, 1.02),
           xlim=(0.0, right), title=f"(c) C4: ratio, {int(data['steps_total'])} steps each")
    ax = axes[3]
    blocks = np.arange(1, int(data["layers"]) + 1)
    for c, cot in enumerate(("CoT", "no CoT")):
        seed_band(ax, blocks, data["lens"][c], cot, "o-")
    ax.axhline(0.5, color="0.5", ls=":", label="resolved (½)")
    ax.set(xlabel="after block", ylabel="share with b top-1 at r2", xticks=blocks, ylim=(-0.02, 1.02),
           title="(d) C5: logit lens on the training queries")
    ax.legend(fontsize=7)
    ax = axes[4]
    from seqtheory.simulate.nn import transformer

    names = [transformer.KERNELS[k] + (f" {a}" if transformer.KERNELS[k] in ("topk", "window") else "")
             for k, a in data["kernels"]]
    for i, name in enumerate(names):
        x, acc = data["kernel_pairs"][i], data["kernel"][i]
        ax.errorbar(x.mean(), acc[:, 1].mean(), yerr=[[acc[:, 1].mean() - acc[:, 1].min()],
                                                      [acc[:, 1].max() - acc[:, 1].mean()]], fmt="o", capsize=3,
                    label=f"trained {name}")
        ax.plot(x.mean(), acc[:, 0].mean(), "x", color=ax.lines[-1].get_color())
    if "decode" in data:
        for j, k in enumerate(data["decode_topk"]):
            d = data["decode"][:, j]
            ax.plot(d[:, 2].mean(), d[:, 1].mean(), "D", mfc="none", label=f"dense, top-{k} decode")
    ax.set(xlabel="non-zero attention pairs per sequence and head", ylabel="OOD exact match (o), ID (x)",
           ylim=(-0.02, 1.02), title="(e) Wang 2024 on the task: accuracy vs cost")
    if names:
        ax.legend(fontsize=6)
    axes[5].axis("off")
    axes[5].text(0, 0.5, "Observations on a CPU replica (|E| and depth far below the paper's);\n"
                         "see docs/yao2025_two_hop.md for the settings and what is and is not replicated.",
                 fontsize=8, va="center")
    return fig
