"""seqtheory: theory claims about sequence models checked as executable mathematics.

The package has three rooms, imported one way only (``figures → theorems → simulate``):

* :mod:`seqtheory.theorems` — the claim machinery (``theorems.core``), the exact engines (``theorems.exact``)
  and the claim modules, one folder per paper (a claim's id names its file);
* :mod:`seqtheory.simulate` — numeric engines: tasks, models, kernels, samplers (numpy, explicit RNGs);
* :mod:`seqtheory.figures` — one module per figure (data + image + provenance).

The command line is :mod:`seqtheory.cli` (``seqtheory`` or ``python -m seqtheory``).  Importing this package
does no work: submodules load on use.
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("seqtheory")
except _metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
