"""Building the docs site beside a report (``seqtheory report --build-docs DOCS_DIR``): Sphinx with myst-nb, every
derivation notebook executed, into the report's ``docs/`` folder, so each claim page links to its executed
derivation.  The docs sources live in the source repository (they are not installed with the package)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

#: The extras a docs build needs (``pip install 'seqtheory[docs]'``).
NEEDS = ("sphinx", "myst_nb")


class DocsBuildError(RuntimeError):
    """The Sphinx build of the docs site failed (its last lines of output are the message)."""


def docs_source(path: str | Path) -> Path:
    """``path`` as a docs source folder (it holds ``conf.py`` and ``index.md``), with the build's extras installed;
    a ``ValueError`` naming what is missing otherwise — before any work starts."""
    folder = Path(path)
    missing = [name for name in ("conf.py", "index.md") if not (folder / name).is_file()]
    if missing:
        raise ValueError(f"--build-docs {path}: not a docs source folder (no {' or '.join(missing)}; give the docs/ "
                         "folder of a seqtheory checkout)")
    absent = [name for name in NEEDS if importlib.util.find_spec(name) is None]
    if absent:
        raise ValueError(f"--build-docs needs {', '.join(absent)}: pip install 'seqtheory[docs]'")
    return folder.resolve()


def build_docs(source: Path, out: Path, timeout: float = 3600.0) -> Path:
    """Build the site from ``source`` into ``out`` (HTML, notebooks executed); returns ``out / "index.html"``.
    Raises :class:`DocsBuildError` with the end of Sphinx's output when the build fails."""
    res = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(out)],
                         capture_output=True, text=True, timeout=timeout, check=False)
    index = out / "index.html"
    if res.returncode != 0 or not index.is_file():
        tail = "\n".join((res.stderr or res.stdout).strip().splitlines()[-15:])
        raise DocsBuildError(f"the docs build failed (sphinx exit {res.returncode}):\n{tail}")
    return index
