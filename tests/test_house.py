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


def test_every_paper_folder_has_a_table_of_contents_whose_links_resolve():
    """The one place a claim family's companions live: its notebook exists in docs/, its figure is a known figure,
    every claim file has a family entry."""
    from seqtheory.figures import registry as figures

    for toc in registry.contents():
        for name, fam in toc.families.items():
            assert fam.notebook is None or (ROOT / "docs" / f"{fam.notebook}.md").exists(), (toc.folder, name)
            assert fam.figure is None or fam.figure in figures.names(), (toc.folder, name, fam.figure)
        files = {m.split(".")[-1] for m in registry.builtin_modules() if m.split(".")[2] == toc.folder}
        segments = {c.id.split("/")[1] for c in registry.all_claims() if c.id.startswith(toc.folder + "/")}
        assert segments <= set(toc.families), f"{toc.folder}: claim files without a family entry: {segments}"
        assert files, toc.folder


def test_coverage_statuses_agree_with_the_claims():
    from seqtheory.report import coverage

    assert coverage.validate() == []


def test_an_out_of_regime_result_is_undecided_whatever_its_claims_declare():
    """Observations outside the paper's regime say nothing about the paper: the coverage column must not read
    "supported" for them (every shipped out-of-regime result files claims declared ``supports``)."""
    from seqtheory.report import coverage

    rows = [r for p in coverage.table() for r in p["results"] if r["status"] == "out-of-regime"]
    assert rows and all(r["stance"] == "undecided" for r in rows)
    meta = {c.id: c.stance for c in registry.all_claims()}
    assert any(meta[c] == "supports" for r in rows for c in r["claims"])
    assert all(r["stance"] != "undecided" for p in coverage.table() for r in p["results"]
               if r["status"] != "out-of-regime")


#: Modules with a declared public API: every public top-level name is in ``__all__`` and vice versa.
PUBLIC_API = ["theorems/core/claim.py", "theorems/core/domain.py", "theorems/core/relations.py",
              "theorems/core/paper.py", "theorems/core/experiment.py", "seqtheory/testing.py", "simulate/stats.py",
              "theorems/papers.py"]


@pytest.mark.parametrize("path", PUBLIC_API)
def test_public_names_are_exactly_all(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    defined, declared = set(), None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name):
                    if target.id == "__all__":
                        declared = set(ast.literal_eval(node.value))
                    else:
                        defined.add(target.id)
    public = {name for name in defined if not name.startswith("_")}
    assert declared is not None, f"{path} declares no __all__"
    assert declared == public, (f"{path}: not in __all__ {sorted(public - declared)}; "
                                f"not defined {sorted(declared - public)}")


def test_the_claim_api_loads_lazily_and_completely():
    import subprocess
    import sys

    code = ("import sys, seqtheory.theorems.core as core\n"
            "assert 'numpy' not in sys.modules, 'importing the claim API loaded numpy'\n"
            "missing = [n for n in core.__all__ if getattr(core, n, None) is None]\n"
            "assert not missing, missing\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr


def test_no_module_imports_another_modules_private_name():
    offenders = []
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("seqtheory"):
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                if private:
                    offenders.append(f"{path.relative_to(ROOT)}: from {node.module} import {private}")
    assert not offenders, offenders
