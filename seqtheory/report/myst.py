"""A derivation notebook's MyST source as an HTML page body, its mathematics left for the bundled MathJax.

Used by ``seqtheory report`` when no executed docs site is linked: the page shows the notebook's text and code
(not its outputs).  markdown-it-py with the MyST plugins that matter for reading: front matter dropped, ``$…$`` and
``$$…$$`` (dollarmath) and ``\\begin{align}…`` (amsmath) kept away from Markdown's emphasis and handed to MathJax as
``\\(…\\)`` / ``\\[…\\]``; raw HTML in the source is escaped, never passed through.
"""

from __future__ import annotations

import html
from functools import cache


def _math(content: str, options: dict) -> str:
    wrap = "\\[{}\\]" if options.get("display_mode") else "\\({}\\)"
    return html.escape(wrap.format(content))


@cache
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.use(front_matter_plugin)
    md.use(dollarmath_plugin, renderer=_math, allow_space=True, double_inline=True)
    md.use(amsmath_plugin, renderer=lambda content: html.escape(f"\\[{content}\\]"))
    return md


def to_html(text: str) -> str:
    """The HTML body of a MyST Markdown notebook (``text``: its source)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str (a MyST source), got {type(text).__name__}")
    return _parser().render(text)
