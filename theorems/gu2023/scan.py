"""The selective scan (Mamba-1 / S6): its forms agree, it is causal, and Euler-B → ZOH-B as Δ → 0.

Gu & Dao 2023 (arXiv:2312.00752), Alg. 2; docs/mamba_copy_bounds.md.  The chunked fast scan is compared with the loop
reference (the recurrence h_t = Ā_t ⊙ h_{t−1} + B̄_t u_t), the recurrent step mode and the unrolled decay-masked
attention form.  Tolerance: every form sums at most L·N products of magnitude ≤ max|C|·max|B̄ u| (decays are ≤ 1), so
the difference is ≤ 16·L·N·ε times that scale.

Euler vs ZOH: per step B̄_ZOH − B̄_Euler = ΔB·(ΔA/2 + O(Δ²A²)), so over a fixed number of steps L the output gap
is O(L·Δ²): the log–log slope in Δ is 2 (with a relative correction O(Δ|A|), below 1 % at Δ ≤ 1e-3 here).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate.nn import ssm
from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Constraint, Domain, Integer
from seqtheory.theorems.core.relations import Close, Formula, MatchesFormula, Sample
from seqtheory.theorems.papers import GU2023

EPS = float(np.finfo(float).eps)


FORMS = ("chunked", "step", "unrolled")


def _forms_sample(seed: int, L: int, E: int, N: int, form: int) -> Sample:
    """form: 0 = chunked scan, 1 = recurrent step mode, 2 = unrolled attention form."""
    form = FORMS[form]
    args = ssm.random_inputs(np.random.default_rng(seed), L, E, N)
    u, delta, A, B, C, D = args
    if form == "chunked":
        rate = float(np.max(delta) * np.max(-A))  # several chunks, each within the scan's log range
        measured = ssm.selective_scan(*args, chunk=max(1, min(L // 3, ssm.chunk_length(rate))))
    elif form == "step":
        h, ys = np.zeros((E, N)), []
        for t in range(L):
            y, h = ssm.selective_scan_step(h, u[t], delta[t], A, B[t], C[t], D)
            ys.append(y)
        measured = np.stack(ys)
    else:
        measured = ssm.selective_scan_unrolled(*args)
    scale = 16 * L * N * EPS * np.abs(C).max() * np.max(np.abs(delta * u)) * np.abs(B).max() + EPS
    return Sample(args, measured, scale)


def _no_decay(args):
    """Negative control: the scan with Ā = 1 (no forgetting) — a running sum of B̄ u."""
    u, delta, A, B, C, D = args
    return ssm.selective_scan(u, delta, np.zeros_like(A), B, C, D)


def _step_outputs(u, delta, A, B, C, D) -> np.ndarray:
    h, ys = np.zeros(A.shape), []
    for t in range(u.shape[0]):
        y, h = ssm.selective_scan_step(h, u[t], delta[t], A, B[t], C[t], D)
        ys.append(y)
    return np.stack(ys)


def _causality(seed: int, L: int, E: int, N: int, t: int) -> Observation:
    """Bitwise causality of the recurrent (inference) form; the chunked scan picks its chunk length from the
    largest Δ|A| of the whole input, so its rounding (not its value) may see the future — it is held to the
    rounding bound of gu2023/scan/forms-agree instead (reported here)."""
    rng = np.random.default_rng(seed)
    args = list(ssm.random_inputs(rng, L, E, N))
    changed = [a.copy() for a in args]
    for i in (0, 1, 3, 4):  # u, Δ, B, C from t on
        fresh = ssm.random_inputs(rng, L, E, N)[i]
        changed[i][t:] = fresh[t:]
    past_step = np.max(np.abs(_step_outputs(*changed)[:t] - _step_outputs(*args)[:t]))
    past_chunked = np.max(np.abs(ssm.selective_scan(*changed)[:t] - ssm.selective_scan(*args)[:t]))
    return Observation(Estimate.exact(float(past_step)),
                       f"future (t ≥ {t}) changed; chunked scan's past moved by {past_chunked:.2g} (rounding)")


#: The largest step of the Euler/ZOH gap fit, as Δ·L·max|A|: the gap's cubic remainder grows with Δ·|A|·L (the
#: decay e^{ΔA(t−s)} depends on Δ too), so a fixed Δ range stops showing slope 2 on long scans (the finding below).
GAP_SCALE = 1e-3
#: Independent input draws per check; the slope reported is their median — one draw whose leading Δ² coefficient
#: nearly cancels (a signed sum over the N state channels; ≈ 1 draw in 1500 at L = E = 1) cannot move it.
GAP_DRAWS = 5


def _gap_slope(seed: int, L: int, E: int, N: int) -> float:
    """Median over :data:`GAP_DRAWS` input draws of the log–log slope of max|y_Euler − y_ZOH| over Δ = top·(1, 0.3,
    0.1), top = min(1e-3, GAP_SCALE / (L·max|A|)) — ``ssm.euler_zoh_gap_slope`` on the draw's own A."""
    slopes = []
    for child in np.random.SeedSequence(seed).spawn(GAP_DRAWS):
        A = ssm.random_inputs(np.random.default_rng(child), L, E, N)[2]  # (E, N): the draw the slope function makes
        top = min(1e-3, GAP_SCALE / (L * float(np.max(-A))))
        slopes.append(ssm.euler_zoh_gap_slope(np.random.default_rng(child), L, E, N, (top, 0.3 * top, 0.1 * top)))
    return float(np.median(slopes))


CLAIMS = (
    Claim(
        id="gu2023/scan/forms-agree", stance="tool",
        paper=GU2023, where="Alg. 2 (scan = recurrence = unrolled form)",
        fidelity="reconstructed",
        source="the selective-scan recurrence of Alg. 2 as commonly stated (the paper's text was not re-read): the "
               "toolkit's three forms checked against its loop reference",
        statement="The chunked scan (form 0), the recurrent step mode (1) and the unrolled decay-masked attention "
                  "form (2) all equal the loop reference of h_t = Ā_t h_{t−1} + B̄_t u_t, y_t = C_t·h_t + D u_t.",
        domain=Domain((Integer("L", 1, 2000, probe=40), Integer("E", 1, probe=4), Integer("N", 1, probe=5),
                       Integer("form", 0, 2))),
        examples=12, defaults={"L": 30, "E": 3, "N": 4, "form": 0},
        theory=lambda L, E, N, form: Formula("loop reference", lambda args: ssm.selective_scan_reference(*args)),
        simulate=_forms_sample, relation=MatchesFormula(1.0),
        negative_control=lambda L, E, N, form: Formula("Ā = 1 (no decay)", _no_decay),
        negative_control_text="the scan without decay (Ā = 1)",
        method="chunked scan vs per-element loops",
    ),
    Claim(
        id="gu2023/scan/causal", stance="tool",
        paper=GU2023, where="§3 (causality of the recurrent form)",
        fidelity="toolkit",
        source="causality of the recurrent form, checked bitwise by the toolkit",
        statement="Changing inputs at times ≥ t leaves every output before t bitwise unchanged in the recurrent "
                  "form (the chunked scan: up to rounding).",
        domain=Domain((Integer("L", 2, probe=60), Integer("E", 1, probe=4), Integer("N", 1, probe=4),
                       Integer("t", 1, probe=59)),
                      (Constraint("t ≤ L − 1", lambda L, E, N, t: t <= L - 1),)),
        defaults={"L": 50, "E": 3, "N": 4, "t": 20},
        theory=lambda L, E, N, t: 0.0, simulate=_causality, relation=Close(rtol=0.0, atol=0.0),
        negative_control=lambda L, E, N, t: 1.0, negative_control_text="past outputs move",
        method="perturb u, Δ, B, C from t on",
    ),
    Claim(
        id="gu2023/scan/euler-zoh-gap", stance="tool",
        paper=GU2023, where="§2 discretisation (Euler-B vs ZOH-B)",
        fidelity="derived",
        source="the O(Δ²) gap between the reference code's Euler-B and the paper's ZOH-B, derived here",
        statement="Over L steps, the Euler-B and ZOH-B scans differ by O(Δ²): the log–log slope of their largest "
                  "output gap is 2 (|slope − 2| ≤ 0.05) for Δ up to min(1e-3, 1e-3/(L·max|A|)) — median over five "
                  "input draws.",
        domain=Domain((Integer("L", 1, probe=32), Integer("E", 1, probe=3), Integer("N", 1, probe=4))),
        defaults={"L": 16, "E": 3, "N": 4},
        theory=lambda L, E, N: 2.0,
        simulate=lambda seed, L, E, N: Estimate.exact(_gap_slope(seed, L, E, N)),
        relation=Close(rtol=0, atol=0.05),
        negative_control=lambda L, E, N: 1.0, negative_control_text="slope 1 (first-order gap)",
        method="three constant Δ values scaled to the scan's length and fastest decay, both discretisations, "
               "median of five draws",
    ),
    Claim(
        id="gu2023/scan/euler-zoh-gap-fixed-range", stance="tool",
        paper=GU2023, where="§2 discretisation (Euler-B vs ZOH-B): the toolkit's first statement",
        fidelity="derived",
        source="the toolkit's own first statement of the O(Δ²) gap, with a fixed Δ range for every length",
        statement="Over a fixed number of steps, the Euler-B and ZOH-B scans differ by O(Δ²): log–log slope 2 "
                  "(|slope − 2| ≤ 0.05 for Δ ∈ [1e-4, 1e-3]), whatever the length L.",
        domain=Domain((Integer("L", 1, probe=600, tractable=2048), Integer("E", 1, probe=3), Integer("N", 1, probe=8))),
        defaults={"L": 512, "E": 3, "N": 8},
        theory=lambda L, E, N: 2.0,
        simulate=lambda seed, L, E, N: Estimate.exact(ssm.euler_zoh_gap_slope(np.random.default_rng(seed), L, E, N)),
        relation=Close(rtol=0, atol=0.05),
        negative_control=lambda L, E, N: 1.0, negative_control_text="slope 1 (first-order gap)",
        method="three constant Δ values (1e-3, 3e-4, 1e-4), both discretisations",
        expected="fail",
        finding="false for long scans — a fault of the toolkit's statement, not of the paper: the decay "
                "e^{ΔA(t−s)} depends on Δ too, so the gap's cubic remainder grows with Δ·|A|·L and a fixed Δ range "
                "shows a smaller slope as L grows: at L = 512, E = 3, N = 8 the slope is 1.54–1.93 at every one of 30 "
                "seeds; at L = 28, E = 2, N = 4, seed 11 it is 1.93 (the draw pytest's dev profile found); at "
                "N = 4, E = 2 it misses ±0.05 at 0 of 200 seeds for L ≤ 8, 1 at L = 16, 7 at L = 32, 25 at L = 64. "
                "Corrected in gu2023/scan/euler-zoh-gap (Δ scaled to the length and the fastest decay; median of "
                "five draws, since at L = E = 1 about one draw in 1500 nearly cancels the Δ² coefficient).",
    ),
)
