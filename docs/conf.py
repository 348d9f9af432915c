"""Sphinx configuration of the seqtheory docs site: the derivation notebooks (MyST, executed by myst-nb on every
build), the notation glossary, the sources and claim anatomy pages, and the API reference from docstrings.

Build: ``python3 -m sphinx -b html docs docs/_build/html``.  The mathematics is LaTeX (myst's ``dollarmath`` and
``amsmath``: Markdown never touches what is between dollars) typeset in the browser by the MathJax 3 bundled with
seqtheory's dependencies (:mod:`seqtheory.report.mathjax`), copied into ``_static/mathjax/``: the site reads
offline, nothing is fetched from a CDN.
"""

import datetime
from pathlib import Path

project = "seqtheory"
author = "the seqtheory developers"
copyright = f"2025–{datetime.date.today().year}, the seqtheory developers (MIT licence)"
extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.mathjax"]
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True
nb_execution_mode = "force"  # every build executes every notebook: the site shows today's outputs
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_merge_streams = True
# the notebooks are the MyST sources (*.md); an .ipynb left by `jupytext --to notebook` is never built in their place
exclude_patterns = ["_build", "img", "conf.py", "*.ipynb", "**/*.ipynb"]
html_theme = "alabaster"
html_static_path: list[str] = []
html_theme_options = {"page_width": "min(76rem, 96vw)"}
html_css_files = ["wrap.css"]
autodoc_member_order = "bysource"
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

# the bundled MathJax (SVG output: no web fonts to load), copied next to the pages when the build ends
mathjax_path = "mathjax/tex-svg-full.js"
mathjax3_config = {"svg": {"fontCache": "global"}}

#: Code cells and their outputs scroll sideways instead of running off the page; long math scrolls too.
WRAP_CSS = """div.highlight pre, div.cell_output pre, .output pre { overflow-x: auto; white-space: pre; }
mjx-container[display="true"] { overflow-x: auto; overflow-y: hidden; max-width: 100%; }
"""


def _install_static(app, exc):
    if exc is not None or app.builder.format != "html":
        return
    from seqtheory.report import mathjax

    static = Path(app.outdir) / "_static"
    mathjax.install(static)
    (static / "wrap.css").write_text(WRAP_CSS, encoding="utf-8")


def _kernels_over_ipc(app, config):
    """The notebooks' kernels talk to the build over local IPC sockets, not TCP: ipykernel warns that unencrypted
    TCP can be eavesdropped, once per notebook.  myst-nb offers no kernel-manager option, so this build process
    sets jupyter_client's ``transport`` default to IPC, and its ``ip`` default (the socket path) to an absolute path
    in a private temporary folder — the default, ``kernel-ipc``, is relative, and the kernel runs in the notebook's
    folder while the build runs elsewhere.  The ``ip`` default is a dynamic traitlets default, cached per class, so
    it is replaced in each class's cache (tests/test_docs_site.py executes a cell this way from another folder)."""
    import atexit
    import os
    import shutil
    import tempfile
    import uuid

    from jupyter_client.connect import ConnectionFileMixin

    sockets = tempfile.mkdtemp(prefix="seqtheory-docs-kernels-")
    atexit.register(shutil.rmtree, sockets, True)
    plain = ConnectionFileMixin._ip_default

    def ip_default(self):
        if self.transport == "ipc" and not self.connection_file:
            return os.path.join(sockets, f"kernel-{uuid.uuid4().hex[:12]}-ipc")
        return plain(self)

    ConnectionFileMixin.transport.default_value = "ipc"
    classes = [ConnectionFileMixin]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if "_all_trait_default_generators" in vars(cls):
            cls._all_trait_default_generators["ip"] = ip_default


def setup(app):
    app.connect("config-inited", _kernels_over_ipc)
    app.connect("build-finished", _install_static)
