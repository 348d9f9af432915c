"""seqtheory: theory claims about sequence models checked as executable mathematics.

The package has these rooms, imported one way only (``cli → commands → report, figures → theorems.run →
theorems.<paper> → theorems.core, theorems.exact → simulate``; import-linter enforces it, see ``pyproject.toml``):

* :mod:`seqtheory.theorems` — the claim model (``theorems.core``), running claims (``theorems.run``), the exact
  engines (``theorems.exact``) and the claim catalogue, one folder per paper (a claim's id names its file);
* :mod:`seqtheory.simulate` — numeric engines: tasks, models, kernels, samplers, replicas (numpy, explicit RNGs);
* :mod:`seqtheory.figures` — one module per figure (data + image + provenance);
* :mod:`seqtheory.report` — the metadata index, generated pages, coverage and the HTML site;
* :mod:`seqtheory.cli` and :mod:`seqtheory.commands` — the command line (``seqtheory`` or ``python -m seqtheory``).

Importing this package does no work: submodules load on use.  In a source checkout (where ``theorems/``,
``simulate/`` and ``figures/`` sit beside this folder rather than inside it) the import system is told, once,
where those three subpackages live, so ``import seqtheory.theorems`` works from the checkout whatever the install
mode (or none).
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from importlib import metadata as _metadata
from pathlib import Path

try:
    __version__ = _metadata.version("seqtheory")
except _metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]

#: The subpackages whose folders sit at the top of the repository, not inside ``seqtheory/``.
TOP_LEVEL_FOLDERS = ("theorems", "simulate", "figures")


class _CheckoutFinder(importlib.abc.MetaPathFinder):
    """Finds ``seqtheory.theorems``, ``seqtheory.simulate`` and ``seqtheory.figures`` in the checkout this package
    was imported from (the mapping ``pyproject.toml``'s package-dir gives an installed copy)."""

    def __init__(self, root: Path):
        self.folders = {f"{__name__}.{name}": root / name for name in TOP_LEVEL_FOLDERS}

    def find_spec(self, fullname, path=None, target=None):
        folder = self.folders.get(fullname)
        if folder is None:
            return None
        return importlib.util.spec_from_file_location(fullname, folder / "__init__.py",
                                                      submodule_search_locations=[str(folder)])


def _checkout_root() -> Path | None:
    """The repository root when this file is the checkout's ``seqtheory/__init__.py`` (its top-level folders beside
    it, not inside it), else None (an installed copy)."""
    here = Path(__file__).resolve().parent
    if (here / "theorems").is_dir():
        return None
    root = here.parent
    beside = all((root / name / "__init__.py").is_file() for name in TOP_LEVEL_FOLDERS)
    if beside and (root / "pyproject.toml").is_file():
        return root
    return None


_root = _checkout_root()
if _root is not None and not any(isinstance(f, _CheckoutFinder) for f in sys.meta_path):
    sys.meta_path.insert(0, _CheckoutFinder(_root))
del _root
