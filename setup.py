"""Package discovery for the one import name ``seqtheory`` (all metadata is in pyproject.toml).

The repository's top-level folders install under ``seqtheory``: ``seqtheory/`` is the namespace root, and
``theorems/``, ``simulate/`` and ``figures/`` become ``seqtheory.theorems``, ``seqtheory.simulate`` and
``seqtheory.figures``.  Every package below them is found here, so a new paper folder needs no list entry."""

from setuptools import find_packages, setup

ROOTS = {"seqtheory": "seqtheory", "seqtheory.theorems": "theorems", "seqtheory.simulate": "simulate",
         "seqtheory.figures": "figures"}

setup(
    package_dir=ROOTS,
    packages=[sub for name, folder in ROOTS.items()
              for sub in (name, *(f"{name}.{p}" for p in find_packages(folder)))],
)
