"""The figure modules ``seqtheory figures`` knows: every module of :mod:`seqtheory.figures` that defines a figure
(``NAME``, ``DEFAULTS``, ``QUICK``, ``compute`` and ``plot``), found on disk without a list and imported on first
use.  A claim family's figure is named in its paper folder's table of contents."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from functools import cache
from pathlib import Path
from types import ModuleType

#: What a module must define to be a figure.
FIGURE_API = ("NAME", "DEFAULTS", "QUICK", "compute", "plot")


def _defines_figure(path: Path) -> str | None:
    """The module's ``NAME`` when it defines the whole figure API at its top level (read from the source: nothing
    is imported), else None."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names, figure_name = set(), None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.add(target.id)
                    if target.id == "NAME" and isinstance(node.value, ast.Constant):
                        figure_name = node.value.value
    return figure_name if set(FIGURE_API) <= names else None


@cache
def figure_modules() -> dict[str, str]:
    """``{figure name: module name}`` of every figure module, sorted by name."""
    package = importlib.import_module("seqtheory.figures")
    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        path = Path(package.__path__[0]) / f"{info.name}.py"
        name = _defines_figure(path) if path.exists() else None
        if name is not None:
            found[name] = f"seqtheory.figures.{info.name}"
    return dict(sorted(found.items()))


def load(name: str) -> ModuleType:
    """The figure module called ``name``; a ValueError listing the known figures otherwise."""
    modules = figure_modules()
    if name not in modules:
        raise ValueError(f"unknown figure {name!r}; known figures: {', '.join(modules)}")
    return importlib.import_module(modules[name])


def names() -> list[str]:
    return list(figure_modules())
