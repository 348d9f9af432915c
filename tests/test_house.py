"""The house rules that hold the layout together (issue: a core that holds one concept, paper folders that hold only
claims): every module in a paper folder is a claim module (it defines ``CLAIMS``), and no code outside the paper
folders — nor another claim module — imports one (claims are found by the registry, never imported by name; the
derivation notebooks in docs/ and the tests may read them)."""

import ast
from pathlib import Path

import pytest

from seqtheory.theorems.run import registry

ROOT = Path(__file__).resolve().parents[1]
PAPERS = sorted({m.split(".")[2] for m in registry.builtin_modules()})
#: Source folders whose modules are package code (tests and notebooks excluded).
CODE = [p for folder in ("seqtheory", "theorems", "simulate", "figures", "benchmarks")
        for p in (ROOT / folder).rglob("*.py") if not p.name.startswith("test_") and p.name != "conftest.py"]


def _imports(path: Path) -> set[str]:
    """Every module a file imports (``from a.b import c`` counts as a.b and a.b.c)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def _claim_module(name: str) -> bool:
    parts = name.split(".")
    return len(parts) >= 4 and parts[:2] == ["seqtheory", "theorems"] and parts[2] in PAPERS


@pytest.mark.parametrize("module", registry.builtin_modules())
def test_every_module_in_a_paper_folder_defines_claims(module):
    path = ROOT / "theorems" / Path(*module.split(".")[2:]).with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assigned = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
                if isinstance(t, ast.Name)}
    assert "CLAIMS" in assigned, f"{module} is in a paper folder but defines no CLAIMS: move its engine out"


def test_no_code_imports_a_claim_module():
    offenders = {str(p.relative_to(ROOT)): sorted(m for m in _imports(p) if _claim_module(m)) for p in CODE}
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, ("engines live in theorems/exact or simulate; claims are reached through the registry: "
                           f"{offenders}")


def test_paper_folders_are_packages_of_claims_only():
    for paper in PAPERS:
        folder = ROOT / "theorems" / paper
        stray = [p.name for p in folder.glob("*.py")
                 if p.name not in ("__init__.py",) and not p.name.startswith("test_")
                 and f"seqtheory.theorems.{paper}.{p.stem}" not in registry.builtin_modules()]
        assert not stray, f"theorems/{paper} holds non-claim modules {stray}"
