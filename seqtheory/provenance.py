"""Where a result came from: seqtheory's own source (commit and dirty flag of *its* checkout, or the installed
version), the platform and the versions of the packages that computed it.

The commit is looked up from the folder this file lives in, and only accepted when that checkout's top level is
seqtheory's own (its ``pyproject.toml`` names the project ``seqtheory``) — a user's repository that merely contains
a virtual environment with seqtheory installed is never mistaken for it.
"""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("seqtheory", "numpy", "scipy", "sympy", "mpmath", "matplotlib", "hypothesis", "tqdm", "dask",
            "distributed")


def versions(packages=PACKAGES) -> dict[str, str | None]:
    """Python's and each package's version (None when not installed)."""
    out: dict[str, str | None] = {"python": platform.python_version()}
    for pkg in packages:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = None
    return out


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        res = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return res.stdout if res.returncode == 0 else None


def _is_seqtheory_checkout(top: Path) -> bool:
    try:
        text = (top / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return False
    return 'name = "seqtheory"' in text


def source(here: Path | None = None) -> dict:
    """``{"kind": "git", "commit": sha, "dirty": bool}`` when seqtheory runs from its own git checkout (editable
    install or source tree), else ``{"kind": "installed", "version": v, "commit": None, "dirty": None}``."""
    here = (here or Path(__file__)).resolve().parent
    top = _git(["rev-parse", "--show-toplevel"], here)
    if top is not None and _is_seqtheory_checkout(Path(top.strip())):
        commit = (_git(["rev-parse", "HEAD"], here) or "").strip() or None
        status = _git(["status", "--porcelain", "--untracked-files=no"], Path(top.strip()))
        return {"kind": "git", "commit": commit, "dirty": bool(status and status.strip())}
    try:
        version = metadata.version("seqtheory")
    except metadata.PackageNotFoundError:
        version = None
    return {"kind": "installed", "version": version, "commit": None, "dirty": None}


def describe() -> str:
    """One line: ``seqtheory 0.1.0 (git abc1234, dirty)`` or ``seqtheory 0.1.0 (installed)``."""
    import seqtheory

    src = source()
    if src["kind"] == "git":
        return f"seqtheory {seqtheory.__version__} (git {str(src['commit'])[:7]}{', dirty' if src['dirty'] else ''})"
    return f"seqtheory {seqtheory.__version__} (installed)"
