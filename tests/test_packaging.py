"""The house: one import name, no bare top-level imports, no references to documents outside the repository,
and a wheel and sdist that carry what they should (built here from a copy of the source tree)."""

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from seqtheory.theorems.run import registry

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for p in ROOT.rglob("*") if p.suffix in (".py", ".md") and p.is_file()
           and not {".git", "build", "dist", ".venv"} & set(p.relative_to(ROOT).parts)
           and not any(part.endswith(".egg-info") for part in p.parts)]
BARE = re.compile(r"^\s*(from|import)\s+(theorems|simulate|figures)\b", re.M)
OUTSIDE = re.compile("MATH" + r"(\.md)? §|" + "DESIGN" + r"\.md")


def test_nothing_imports_the_bare_folder_names():
    offenders = [str(p.relative_to(ROOT)) for p in SOURCES if BARE.search(p.read_text(encoding="utf-8"))]
    assert not offenders, f"import through seqtheory.* instead: {offenders}"


def test_nothing_cites_documents_outside_the_repository():
    offenders = [str(p.relative_to(ROOT)) for p in SOURCES if OUTSIDE.search(p.read_text(encoding="utf-8"))]
    assert not offenders, f"cite the paper or a page in docs/ instead: {offenders}"


def _copy_source(dest: Path) -> Path:
    ignore = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                    ".ruff_cache", ".hypothesis", "seqtheory-figures", ".venv")
    return Path(shutil.copytree(ROOT, dest / "src", ignore=ignore))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A wheel (pip, isolated build as any installer does it) and an sdist (setuptools) of a copy of the tree."""
    tmp = tmp_path_factory.mktemp("build")
    src = _copy_source(tmp)
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp / "wheel"),
                          str(src)], capture_output=True, text=True, timeout=600, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    res = subprocess.run([sys.executable, "-c", "from setuptools import build_meta as b; b.build_sdist('../sdist')"],
                         cwd=src, capture_output=True, text=True, timeout=600, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    (wheel,) = (tmp / "wheel").glob("seqtheory-*.whl")
    (sdist,) = (tmp / "sdist").glob("seqtheory-*.tar.gz")
    return wheel, sdist


@pytest.mark.slow
def test_wheel_installs_exactly_one_top_level_name(built):
    wheel, _ = built
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"seqtheory"}, top
    for module in registry.builtin_modules():  # every paper folder is listed in pyproject's packages
        assert module.replace(".", "/") + ".py" in names, module
    for needed in ("seqtheory/theorems/claims_index.json", "seqtheory/theorems/conftest.py",
                   "seqtheory/theorems/test_registry_claims.py", "seqtheory/profiles.py", "seqtheory/cli.py",
                   "seqtheory/report/templates/claim.html", "seqtheory/theorems/run/report_schema.json",
                   "seqtheory/theorems/test_pinned_values/huang2025.yml", "seqtheory/py.typed",
                   "seqtheory/theorems/observations/yao2025__regime.json",
                   "seqtheory/theorems/observations/renliu2025__entropy.json"):
        assert needed in names, needed


@pytest.mark.slow
def test_sdist_carries_docs_tests_benchmarks_and_conftest(built):
    _, sdist = built
    with tarfile.open(sdist) as tar:
        rel = {"/".join(n.split("/")[1:]) for n in tar.getnames()}
    for needed in ("conftest.py", "README.md", "docs/notation.md", "docs/wishart_moments.md",
                   "benchmarks/attention.py", "tests/test_packaging.py", "theorems/claims_index.json", ".ci/run",
                   "theorems/observations/yao2025__noise.json"):
        assert needed in rel, needed


def test_a_clone_in_the_working_directory_does_not_shadow_the_install(tmp_path):
    """From the folder a user cloned into, ``seqtheory/`` (the clone: no ``__init__.py`` at its top) must not
    shadow the installed package, as it does a lenient editable install (a namespace package without
    ``__version__``); the README's install (non-editable, or strict editable for contributors) passes."""
    clone = tmp_path / "seqtheory"
    clone.mkdir()
    for name in ("README.md", "pyproject.toml", "setup.py"):
        shutil.copy(ROOT / name, clone / name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-m", "seqtheory", "--version"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.startswith("seqtheory "), done.stdout + done.stderr


def test_every_third_party_import_of_the_package_is_a_core_dependency():
    """The commands a user runs after a plain `pip install` (verify, falsify, report, figures, coverage) must not
    need the test extra: each third-party module the installed code imports — at the top or lazily inside a
    function — is a core dependency or the standard library; the optional extras imported there (dask's
    distributed, numba) are imported only where their absence is handled.  (Before: `falsify` needed hypothesis,
    which only the test extra installed.)"""
    import ast
    from importlib.metadata import requires
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    deps = [r for r in requires("seqtheory") or [] if "extra ==" not in r]  # what `pip install` installs
    names = {re.split(r"[<>=!~\[; ]", d)[0].lower().replace("-", "_") for d in deps}
    provided = names | {"markdown_it"}  # the import name of markdown-it-py
    # the dask extra, imported in simulate/parallel.py under try/except ImportError; the fast extra (numba), imported
    # in simulate/nn/fused_scan.py only after fused_scan.available() found it (else the numpy scan runs)
    optional = {"distributed", "numba"}
    missing = set()
    for folder in ("seqtheory", "theorems", "simulate", "figures"):
        for path in (root / folder).rglob("*.py"):
            if path.name.startswith("test_") or path.name in {"testing.py", "conftest.py"}:  # run under pytest
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
                for mod in mods:
                    top = mod.split(".")[0]
                    if top in sys.stdlib_module_names or top in {"seqtheory"} or top.lower() in provided:
                        continue
                    if top not in optional:
                        missing.add((str(path.relative_to(root)), top))
    assert not missing, f"imported by runtime code but not a core dependency: {sorted(missing)}"
