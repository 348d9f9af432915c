"""Regression snapshot of every claim's closed form and negative control at its pinned point.

The property tests assert *relations*, which a mutated negative control (any wrong formula is rejected) or a
loosened bound can survive; this snapshot pins the exact values themselves (sympy ``srepr``, exact integers,
``repr`` of floats), so a changed formula fails here and a deliberate change is a reviewed diff of
``pinned_values.json``.  Regenerate after an intended change with
``python theorems/test_pinned_values.py`` (from a source checkout)."""

import hashlib
import json
from pathlib import Path

import pytest

from seqtheory.theorems.run import record as report
from seqtheory.theorems.run import registry

SNAPSHOT = Path(__file__).with_name("pinned_values.json")
CLAIMS = registry.all_claims()


def _render(value) -> str:
    """A short preview plus the SHA-256 of the lossless rendering (long polynomials stay out of the file)."""
    text = json.dumps(report.exact_form(value), sort_keys=True, default=str)
    return text if len(text) <= 120 else f"{text[:80]}… sha256:{hashlib.sha256(text.encode()).hexdigest()}"


def _values(claim) -> dict:
    params = claim.domain.validate(dict(claim.defaults))
    return {"theory": _render(claim.theory(**params)), "control": _render(claim.negative_control(**params))}


def _snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.exists() else {}


def regenerate() -> None:
    """Rewrite the snapshot from the current claims (after an intended change; review the diff)."""
    SNAPSHOT.write_text(json.dumps({c.id: _values(c) for c in CLAIMS}, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_pinned_theory_and_control_values_are_unchanged(claim):
    stored = _snapshot()
    assert claim.id in stored, "new claim: regenerate pinned_values.json (see the module docstring)"
    assert _values(claim) == stored[claim.id]


def test_snapshot_has_no_stale_claims():
    assert set(_snapshot()) == {c.id for c in CLAIMS}


if __name__ == "__main__":
    regenerate()
    print(f"wrote {SNAPSHOT}")
