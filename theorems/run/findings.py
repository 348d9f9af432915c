"""Counterexamples recorded by ``seqtheory falsify --record``: ``theorems/findings.json`` (shipped), a list of
``{"id", "params", "seed", "evidence", "inside_stated_domain"}``.  ``theorems/test_registry_claims.py`` checks
that every recorded point still fails, so a discovered boundary stays a regression test."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path


def path() -> Path:
    return Path(str(resources.files("seqtheory.theorems").joinpath("findings.json")))


def load() -> list[dict]:
    p = path()
    return json.loads(p.read_text("utf-8")) if p.exists() else []


def record(claim_id: str, params: dict, seed: int, evidence: str, inside: bool) -> bool:
    """Append a counterexample unless the same (id, params) is recorded; True when written."""
    entries = load()
    if any(e["id"] == claim_id and e["params"] == params for e in entries):
        return False
    entries.append({"id": claim_id, "params": params, "seed": seed, "evidence": evidence,
                    "inside_stated_domain": inside})
    try:
        path().write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"--record: cannot write {path()} ({exc.strerror or exc}); record from a source "
                         "checkout") from None
    return True
