"""The bundled MathJax 3 that typesets the report's and the docs site's mathematics offline.

The renderer is MathJax 3.2.2 as shipped by the ``django-static-mathjax`` package (a plain copy of MathJax's
release files; Django is not needed to read them).  Pages load ``tex-svg-full.js``: every TeX extension is in that
one file and the SVG output needs no web fonts, so a page typesets from ``file://`` with nothing fetched.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

#: The one MathJax component a page loads (TeX input with every extension, SVG output).
SCRIPT = "tex-svg-full.js"
#: Where a built site keeps it, relative to the site's root.
FOLDER = "mathjax"

#: MathJax's configuration for the report pages: ``$…$`` and ``\(…\)`` inline, ``$$…$$`` and ``\[…\]`` displayed;
#: code and preformatted text are never typeset (MathJax's default skip list).
CONFIG = ("window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], "
          "displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']], processEscapes: true}, "
          "svg: {fontCache: 'global'}};")


def source() -> Path:
    """The bundled script's file; a clear error if the package that ships it is missing or incomplete."""
    try:
        path = resources.files("mathjax") / "static" / "mathjax" / "es5" / SCRIPT
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise RuntimeError("MathJax is not installed: the report and the docs typeset their mathematics with the "
                           "MathJax copy of the 'django-static-mathjax' package (pip install django-static-mathjax)")
    return Path(str(path))


def install(site: Path) -> Path:
    """Copy the script into ``site/mathjax/`` (once) and return its path."""
    target = Path(site) / FOLDER / SCRIPT
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source(), target)
    return target
