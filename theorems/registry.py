"""The registry of claim modules.  Each module exposes ``CLAIMS``, a tuple of :class:`~theorems.claim.Claim`.

Modules are imported on first use, never at package import.
"""

from __future__ import annotations

import importlib

from theorems.claim import Claim

CLAIM_MODULES: tuple[str, ...] = (
    "theorems.lsa_one_step",
    "theorems.wishart_identities",
    "theorems.wishart_conjecture",
    "theorems.wishart_montecarlo",
    "theorems.cot_construction",
    "theorems.cot_kstep",
    "theorems.cot_dynamics",
    "theorems.cot_ood",
    "theorems.sparsemax_projection",
    "theorems.sparse_attention_cost",
    "theorems.attention_dual_gd",
    "theorems.mamba_scan",
    "theorems.mamba_copy",
    "theorems.mamba_dp_cost",
)


def all_claims() -> list[Claim]:
    """Every registered claim, in registry order."""
    claims: list[Claim] = []
    for name in CLAIM_MODULES:
        claims.extend(importlib.import_module(name).CLAIMS)
    ids = [c.id for c in claims]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RuntimeError(f"duplicate claim ids in the registry: {sorted(dupes)}")
    return claims


def select(ids: list[str] | None = None) -> list[Claim]:
    """Claims whose id equals or starts with one of ``ids`` (all when empty); unknown ids raise ValueError."""
    claims = all_claims()
    if not ids:
        return claims
    chosen: list[Claim] = []
    for wanted in ids:
        hits = [c for c in claims if c.id == wanted or c.id.startswith(wanted.rstrip("/") + "/")
                or c.id.startswith(wanted)]
        if not hits:
            known = ", ".join(c.id for c in claims)
            raise ValueError(f"unknown claim id {wanted!r}; known ids: {known}")
        chosen.extend(h for h in hits if h not in chosen)
    return chosen
