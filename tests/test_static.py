"""The house rules that tools enforce: the import layers (import-linter) and the typed public claim API (mypy).

Both tools read pyproject.toml.  They run on a *mirror of the installed layout* (``seqtheory/`` with ``theorems/``,
``simulate/`` and ``figures/`` copied under it, as setup.py installs them), so what is checked is the package users
import, not the checkout's folder names.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
INSTALLED_AS = {"theorems": "theorems", "simulate": "simulate", "figures": "figures"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Path:
    """``<tmp>/seqtheory`` laid out as the wheel installs it."""
    base = tmp_path_factory.mktemp("installed")
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "seqtheory", base / "seqtheory", ignore=skip)
    for folder, name in INSTALLED_AS.items():
        shutil.copytree(ROOT / folder, base / "seqtheory" / name, ignore=skip)
    return base


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)


def _lint_imports(base: Path) -> subprocess.CompletedProcess:
    pytest.importorskip("importlinter")
    script = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return _run([sys.executable, "-c", script, "--config", str(PYPROJECT), "--no-cache"], base)


def test_import_layers_hold(mirror):
    """cli → commands → report, figures → run → paper folders → exact → core → simulate; simulate has no sympy."""
    done = _lint_imports(mirror)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_an_upward_import_breaks_the_layers(mirror, tmp_path):
    """Negative control: the statistics importing the runner is reported as a broken contract."""
    broken = tmp_path / "broken"
    shutil.copytree(mirror / "seqtheory", broken / "seqtheory")
    stats = broken / "seqtheory" / "simulate" / "stats.py"
    stats.write_text(stats.read_text() + "\nfrom seqtheory.theorems.run import runner  # noqa\n")
    done = _lint_imports(broken)
    assert done.returncode != 0
    assert "seqtheory.simulate.stats -> seqtheory.theorems.run.runner" in done.stdout


def test_public_claim_api_type_checks(mirror):
    """The claim model, the runner, the statistics and ``seqtheory.testing`` are fully annotated and pass mypy."""
    pytest.importorskip("mypy")
    modules = ["-p", "seqtheory.theorems.core", "-m", "seqtheory.theorems.run.runner", "-m",
               "seqtheory.simulate.stats", "-m", "seqtheory.testing"]
    done = _run([sys.executable, "-m", "mypy", "--config-file", str(PYPROJECT), "--cache-dir",
                 str(mirror / ".mypy_cache"), *modules], mirror)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
