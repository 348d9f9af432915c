"""Regression snapshot of every claim's closed form and negative control at its pinned point.

The property tests assert *relations*, which a mutated negative control (any wrong formula is rejected) or a
loosened bound can survive; this snapshot pins the exact values themselves (sympy ``srepr``, exact integers,
``repr`` of floats), so a changed formula fails here and a deliberate change is a reviewed diff.  pytest-regressions'
``data_regression`` keeps one YAML file per paper folder (``test_pinned_values/<folder>.yml``, shipped with the
package).  Regenerate after an intended change with ``nox -s regenerate`` (or ``pytest
theorems/test_pinned_values.py --force-regen``), then review the diff."""

import hashlib
import json
from pathlib import Path

import pytest

from seqtheory.theorems.run import record, registry

STORED = Path(__file__).with_name("test_pinned_values")
FOLDERS = registry.paper_folders()


def _render(value) -> str:
    """A short preview plus the SHA-256 of the lossless rendering (long polynomials stay out of the file)."""
    text = json.dumps(record.exact_form(value), sort_keys=True, default=str)
    return text if len(text) <= 120 else f"{text[:80]}… sha256:{hashlib.sha256(text.encode()).hexdigest()}"


def pinned_values(claim) -> dict[str, str]:
    """The claim's theory and control at its defaults, rendered exactly."""
    params = claim.domain.validate(dict(claim.defaults))
    return {"theory": _render(claim.theory(**params)), "control": _render(claim.negative_control(**params))}


@pytest.mark.parametrize("folder", FOLDERS)
def test_pinned_theory_and_control_values_are_unchanged(folder, data_regression):
    claims = [c for group in registry.claims_by_module(registry.builtin_modules()).values() for c in group
              if c.id.split("/")[0] == folder]
    data_regression.check({c.id: pinned_values(c) for c in claims}, basename=folder)


def test_every_snapshot_belongs_to_a_paper_folder():
    assert {p.stem for p in STORED.glob("*.yml")} == set(FOLDERS)
