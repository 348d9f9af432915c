"""Sphinx configuration of the seqtheory docs site: the derivation notebooks (MyST, executed by myst-nb on every
build), the notation glossary, the sources and claim anatomy pages, and the API reference from docstrings.

Build: ``python3 -m sphinx -b html docs docs/_build/html`` (offline: no CDN is needed to read the pages; math is
kept as readable Unicode text, MathJax is not loaded).
"""

project = "seqtheory"
author = "the seqtheory developers"
extensions = ["myst_nb", "sphinx.ext.autodoc"]
myst_enable_extensions = []  # `$…$` stays as written: the notebooks' math is Unicode prose, readable offline
nb_execution_mode = "force"  # every build executes every notebook: the site shows today's outputs
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_merge_streams = True
# the notebooks are the MyST sources (*.md); an .ipynb left by `jupytext --to notebook` is never built in their place
exclude_patterns = ["_build", "img", "conf.py", "*.ipynb", "**/*.ipynb"]
html_theme = "alabaster"
html_static_path: list[str] = []
autodoc_member_order = "bysource"
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

# Offline pages: show sympy outputs as their plain-text form instead of text/latex (which would load MathJax from
# a CDN); no page then contains a math node.
nb_mime_priority_overrides = [("html", "text/latex", None)]
