"""``seqtheory report``: a static, offline HTML site of a verify run — an index of every claim (filterable by paper
folder, stance and verdict, with a legend and one line per paper saying what the run supports) and a page per
claim — plus a Markdown summary.  Pages are Jinja2 templates (``templates/``, autoescaped); no CDN, nothing
fetched: one inline stylesheet, a few lines of inline JavaScript for the filters, and the bundled MathJax
(:mod:`seqtheory.report.mathjax`, copied into the site) that typesets the mathematics.  Exact values are rebuilt
from the report **without running code from it** (:mod:`seqtheory.report.exact_values`) and typeset from their
LaTeX (long ones folded), with sympy's Unicode rendering and the LaTeX source folded beside them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from seqtheory.report import pages

DOCS = Path(__file__).resolve().parents[2] / "docs"

#: What a verdict on a claim of each stance means for its paper (shown on every claim page).
MEANING = {
    "supports": "a pass is evidence for the paper's statement; a failure, evidence against it.",
    "contradicts": "a pass is evidence AGAINST the paper: the check confirms what the paper's statement excludes.",
    "not-reproduced": "a pass records that the paper's reported behaviour did not reproduce under the stated "
                      "setting.",
    "lemma": "a step the paper's argument uses: a pass supports the argument, not a headline result by itself.",
    "tool": "the toolkit's own machinery: it says nothing about the paper.",
}

#: The meaning of an out-of-regime verdict, whatever the stance.
OUT_OF_REGIME = ("out of regime: the replicas do not reach the regime the paper's statement is about (see the gate "
                 "below), so this check says nothing about the paper, for or against.")


#: The meaning of an inconclusive verdict (heavy tails), whatever the stance.
INCONCLUSIVE = ("inconclusive: the Monte Carlo draws are too heavy-tailed for the z-test to trust their standard "
                "error (see the detail), so this check says nothing, for or against; the claim's domain should keep "
                "its check where the draws can be read.")


#: LaTeX longer than this (characters) is typeset folded: a reader opens it on purpose.
LONG_LATEX = 300


def page_name(claim_id: str) -> str:
    """The file of a claim's page: ``claims/<slug>.html`` (the slug of the static Markdown page too)."""
    return f"claims/{pages.slug(claim_id)}.html"


def _environment() -> Any:
    import jinja2

    from seqtheory.report import mathjax

    env = jinja2.Environment(loader=jinja2.PackageLoader("seqtheory.report", "templates"),
                             autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["mathjax_config"] = mathjax.CONFIG
    return env


def number(x: Any) -> str:
    """A report number for reading: 4 significant digits, integers grouped, ∞ for infinity, — for none."""
    if x is None:
        return "—"
    if x in ("inf", "-inf", "nan"):
        return {"inf": "∞", "-inf": "−∞", "nan": "NaN"}[x]
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return f"{x:,}".replace(",", "\u2009")
    if isinstance(x, float):
        if x == 0:
            return "0"
        if 1e-3 <= abs(x) < 1e5:
            return f"{x:.4g}"
        mantissa, exponent = f"{x:.3e}".split("e")
        return f"{float(mantissa):.4g}×10^{int(exponent)}"
    return str(x)


def exact_view(value: Any) -> dict:
    """A report's exact value prepared for the ``exact`` macro (sympy rebuilt safely, else its stored text)."""
    from seqtheory.report.exact_values import rebuild

    if isinstance(value, dict) and "srepr" in value:
        import sympy as sp

        try:
            expr = rebuild(value["srepr"])
        except (TypeError, ValueError):
            return {"kind": "text", "text": str(value.get("text", ""))}
        latex = sp.latex(expr)
        return {"kind": "sympy", "pretty": sp.pretty(expr, use_unicode=True, num_columns=110),
                "latex": latex, "long": len(latex) > LONG_LATEX}
    if isinstance(value, list):
        return {"kind": "list", "items": [exact_view(v) for v in value]}
    if isinstance(value, dict):
        return {"kind": "text", "text": str(value.get("text", value))}
    return {"kind": "scalar", "text": number(value)}


def _design_view(design: dict | None) -> dict | None:
    """An observation's design with its numbers formatted for reading."""
    if design is None:
        return None
    low, high = design["interval_95"]
    return {**design, "effect": number(design["effect"]), "interval": f"[{number(low)}, {number(high)}]",
            "calibrated": number(design.get("calibrated_effect")),
            "power": design.get("power_replicas") if design.get("power_replicas") is not None else "—"}


def _row(rec: dict) -> dict:
    return {"id": rec["id"], "page": page_name(rec["id"]), "folder": rec["id"].split("/")[0], "paper": rec["paper"],
            "fidelity": rec["fidelity"], "stance": rec["stance"], "control_is_paper": rec["control_is_paper"],
            "verdict": rec["verdict"], "ratio": number(rec["error_over_tolerance"]),
            "margin": number(rec["control"]["margin"]) if rec["control"] else "—",
            "seconds": f"{rec['seconds']:.2f}"}


def _provenance(report: dict) -> str:
    src = report["source"]
    where = src.get("commit") or src.get("version") or ""
    return (f"seqtheory {report['version']} · source: {src.get('kind')} {where}{' (dirty)' if src.get('dirty') else ''}"
            f" · seeds {report['request']['seeds']} · started {report['started']} · "
            + ", ".join(f"{k} {v}" for k, v in report["packages"].items() if v))


def _derivation(doc: str | None, docs: str | None) -> dict | None:
    """The derivation link of a claim page: the executed notebook on the docs site, else the shipped source page."""
    if not doc:
        return None
    if docs:
        target = (docs if "://" in docs else "../" + docs).rstrip("/")
        return {"href": f"{target}/{doc[:-3]}.html", "name": doc[:-3], "what": "executed notebook on the docs site"}
    return {"href": f"../derivations/{doc}.html", "name": doc,
            "what": "source; pass --docs to link the executed notebook of the docs site"}


def build(report: dict, out: Path, falsified: dict | None = None, figures: Path | None = None,
          docs: str | None = None) -> dict[str, Path]:
    """Write ``index.html``, ``summary.md``, one page per claim and the derivation pages into ``out``; with
    ``figures`` (a ``seqtheory figures`` output folder) each claim page shows its family's figure; with ``docs``
    (the built docs site: a URL or a path relative to ``out``) derivation links go to the executed notebooks.
    ``report`` and ``falsified`` are schema-checked reports (``record.load``)."""
    from seqtheory.report import mathjax, myst
    from seqtheory.theorems.core.claim import STANCES
    from seqtheory.theorems.run import registry
    from seqtheory.theorems.run.verify import paper_lines

    env = _environment()
    out = Path(out)
    (out / "claims").mkdir(parents=True, exist_ok=True)
    mathjax.install(out)
    searched = {r["id"]: r for r in (falsified or {}).get("claims", [])}
    meta = {c.id: c for c in registry.all_claims()}
    derivations = set()
    for rec in report["claims"]:
        claim = meta.get(rec["id"])
        figure = registry.family(rec["id"]).figure
        if figures is not None and figure and (Path(figures) / f"{figure}.png").exists():
            (out / "figures").mkdir(exist_ok=True)
            shutil.copyfile(Path(figures) / f"{figure}.png", out / "figures" / f"{figure}.png")
        else:
            figure = None
        doc = pages.derivation(rec["id"])
        if doc and not docs:
            derivations.add(doc)
        page = env.get_template("claim.html").render(
            root="../", title=rec["id"], rec=rec, claim=claim, source=claim.source_text() if claim else "",
            meaning={"out-of-regime": OUT_OF_REGIME, "inconclusive": INCONCLUSIVE}.get(rec["verdict"],
                                                                                    MEANING.get(rec["stance"], "")),
            params=rec["params"], theory=exact_view(rec["theory"]),
            numeric=exact_view(rec["numeric"]), stderr=number(rec["stderr"]), error=number(rec["error"]),
            tolerance=number(rec["tolerance"]), ratio=number(rec["error_over_tolerance"]),
            margin=number(rec["control"]["margin"]) if rec["control"] else "—",
            control=exact_view(rec["control"]["theory"]) if rec["control"] else None,
            falsified=searched.get(rec["id"]), figure=figure, derivation=_derivation(doc, docs),
            design=_design_view(rec.get("design")))
        (out / page_name(rec["id"])).write_text(page, encoding="utf-8")
    if derivations:
        (out / "derivations").mkdir(exist_ok=True)
    for doc in sorted(derivations):
        source = DOCS / doc
        text = source.read_text(encoding="utf-8") if source.exists() else (
            f"(docs/{doc} is not shipped with this installation; it is in the source repository)")
        (out / "derivations" / f"{doc}.html").write_text(
            env.get_template("derivation.html").render(root="../", title=doc, body=myst.to_html(text)),
            encoding="utf-8")
    rows = [_row(rec) for rec in report["claims"]]
    context = {"root": "", "title": "seqtheory report", "summary": report["summary"], "rows": rows,
               "folders": sorted({r["folder"] for r in rows}), "stances": [s for s in STANCES
                                                                          if any(r["stance"] == s for r in rows)],
               "papers": [line.strip() for line in paper_lines(report["claims"])], "provenance": _provenance(report)}
    paths = {"index": out / "index.html", "summary": out / "summary.md", "report": out / "report.json"}
    paths["index"].write_text(env.get_template("index.html").render(**context), encoding="utf-8")
    paths["summary"].write_text(env.get_template("summary.md").render(**context), encoding="utf-8")
    paths["report"].write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    return paths
