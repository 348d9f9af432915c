"""``seqtheory report``: a static, offline HTML site of a verify run — an index of every claim (filterable by paper
and verdict) and a page per claim — plus a Markdown summary.  No CDN, no scripts fetched: one inline stylesheet,
a few lines of inline JavaScript for the filters, math shown as sympy's Unicode rendering (LaTeX source beside it).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from seqtheory.report import pages

DOCS = Path(__file__).resolve().parents[2] / "docs"
STYLE = """
body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;
vertical-align:top}th{background:#f4f4f4}.badge{padding:.1rem .45rem;border-radius:.3rem;color:#fff;font-size:.85em}
.pass{background:#2ca02c}.xfail{background:#ff7f0e}.fail{background:#d62728}pre{background:#f8f8f8;padding:.6rem;
overflow-x:auto}code{background:#f3f3f3;padding:0 .2rem}.muted{color:#666;font-size:.9em}
"""

FILTER_JS = """
function filt(){var p=document.getElementById('paper').value,v=document.getElementById('verdict').value;
document.querySelectorAll('tbody tr').forEach(function(r){r.style.display=((!p||r.dataset.paper===p)&&
(!v||r.dataset.verdict===v))?'':'none';});}
"""


def page_name(claim_id: str) -> str:
    """The file of a claim's page: ``claims/<slug>.html`` (the slug of the static Markdown page too)."""
    return f"claims/{pages.slug(claim_id)}.html"


def _e(x) -> str:
    return html.escape(str(x))


def _doc(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{_e(title)}</title>"
            f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n")


def _math(value) -> str:
    """An exact value from the report rendered readably offline: sympy's Unicode pretty print, LaTeX beside it."""
    import sympy as sp

    if isinstance(value, dict) and "srepr" in value:
        expr = sp.sympify(value["srepr"])
        pretty = sp.pretty(expr, use_unicode=True, num_columns=110)
        return (f"<pre>{_e(pretty)}</pre><details><summary class=\"muted\">LaTeX</summary>"
                f"<pre>{_e(sp.latex(expr))}</pre></details>")
    if isinstance(value, list):
        return "<ol>" + "".join(f"<li>{_math(v)}</li>" for v in value) + "</ol>"
    if isinstance(value, dict):
        return f"<pre>{_e(value.get('text', value))}</pre>"
    return f"<code>{_e(value)}</code>"


def _num(x) -> str:
    if isinstance(x, float):
        return f"{x:.6g}"
    return _e(x)


def _ratio(rec: dict) -> str:
    r = rec["error_over_tolerance"]
    return "∞" if r == "inf" else f"{r:.3g}" if isinstance(r, float | int) else _e(r)


def _derivation(claim_id: str) -> str | None:
    return pages.derivation(claim_id)


def build(report: dict, out: Path, falsified: dict | None = None, figures: Path | None = None,
          docs: str | None = None) -> dict[str, Path]:
    """Write ``index.html``, ``summary.md``, one page per claim and the derivation pages into ``out``; with
    ``figures`` (a ``seqtheory figures`` output folder) each claim page shows its family's figure; with ``docs``
    (the built docs site: a URL or a path relative to ``out``) derivation links go to the executed notebooks."""
    import shutil

    from seqtheory.theorems.run import registry

    out = Path(out)
    (out / "claims").mkdir(parents=True, exist_ok=True)
    (out / "derivations").mkdir(exist_ok=True)
    falsified = {r["id"]: r for r in (falsified or {}).get("claims", [])}
    meta = {c.id: c for c in registry.all_claims()}
    rows = []
    md = ["| claim | paper | fidelity | verdict | error/tolerance | control margin |", "|---|---|---|---|---|---|"]
    derivations = set()
    for rec in report["claims"]:
        claim = meta.get(rec["id"])
        name = page_name(rec["id"])
        margin = rec["control"]["margin"] if rec["control"] else "—"
        rows.append(
            f"<tr data-paper=\"{_e(rec['paper'])}\" data-verdict=\"{_e(rec['verdict'])}\">"
            f"<td><a href=\"{name}\">{_e(rec['id'])}</a></td><td>{_e(rec['paper'])}</td><td>{_e(rec['fidelity'])}</td>"
            f"<td><span class=\"badge {_e(rec['verdict'])}\">{_e(rec['verdict'])}</span></td><td>{_ratio(rec)}</td>"
            f"<td>{_num(margin)}</td><td>{rec['seconds']:.2f}</td></tr>")
        md.append(f"| [{rec['id']}]({name}) | {rec['paper']} | {rec['fidelity']} | {rec['verdict']} | {_ratio(rec)} | "
                  f"{_num(margin)} |")
        doc = _derivation(rec["id"])
        if doc:
            derivations.add(doc)
        figure = registry.family(rec["id"]).figure
        if figures is not None and figure and (Path(figures) / f"{figure}.png").exists():
            (out / "figures").mkdir(exist_ok=True)
            shutil.copyfile(Path(figures) / f"{figure}.png", out / "figures" / f"{figure}.png")
        else:
            figure = None
        (out / name).write_text(_claim_page(rec, claim, doc, falsified.get(rec["id"]), figure, docs),
                                encoding="utf-8")
    for doc in sorted(derivations):
        source = DOCS / doc
        text = source.read_text(encoding="utf-8") if source.exists() else f"(docs/{doc} is not shipped with this "\
            "installation; it is in the source repository)"
        body = f"<p><a href=\"../index.html\">← all claims</a></p><h1>{_e(doc)}</h1><pre>{_e(text)}</pre>"
        (out / "derivations" / (doc + ".html")).write_text(_doc(doc, body), encoding="utf-8")
    papers = sorted({r["paper"] for r in report["claims"]})
    s = report["summary"]
    src = report["source"]
    provenance = (f"seqtheory {_e(report['version'])} · source: {_e(src.get('kind'))} "
                  f"{_e(src.get('commit') or src.get('version') or '')}{' (dirty)' if src.get('dirty') else ''} · "
                  f"seeds {_e(report['seeds'])} · started {_e(report['started'])} · "
                  + ", ".join(f"{_e(k)} {_e(v)}" for k, v in report["packages"].items() if v))
    body = (f"<h1>seqtheory verify report</h1><p>{s['checks']} checks: {s['pass']} pass, {s['xfail']} xfail "
            f"(recorded findings), {s['unexpected']} unexpected.</p><p class=\"muted\">{provenance}</p>"
            "<p>paper <select id=\"paper\" onchange=\"filt()\"><option value=\"\">all</option>"
            + "".join(f"<option>{_e(p)}</option>" for p in papers)
            + "</select> verdict <select id=\"verdict\" onchange=\"filt()\"><option value=\"\">all</option>"
            "<option>pass</option><option>xfail</option><option>fail</option></select></p>"
            "<table><thead><tr><th>claim</th><th>paper</th><th>fidelity</th><th>verdict</th><th>error/tol</th>"
            "<th>control margin</th><th>s</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            f"<script>{FILTER_JS}</script>")
    paths = {"index": out / "index.html", "summary": out / "summary.md", "report": out / "report.json"}
    paths["index"].write_text(_doc("seqtheory report", body), encoding="utf-8")
    paths["summary"].write_text(f"# seqtheory verify report\n\n{s['checks']} checks: {s['pass']} pass, {s['xfail']} "
                                f"xfail, {s['unexpected']} unexpected.\n\n" + "\n".join(md) + "\n", encoding="utf-8")
    paths["report"].write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    return paths


def _claim_page(rec: dict, claim, doc: str | None, falsified: dict | None, figure: str | None,
                docs: str | None = None) -> str:
    parts = ["<p><a href=\"../index.html\">← all claims</a></p>", f"<h1>{_e(rec['id'])}</h1>",
             f"<p><span class=\"badge {_e(rec['verdict'])}\">{_e(rec['verdict'])}</span> "
             f"fidelity <b>{_e(rec['fidelity'])}</b> · relation <code>{_e(rec['kind'])}</code> · "
             f"seed {rec['seed']}</p>"]
    if claim is not None:
        paper = claim.paper
        link = (f"<a href=\"https://arxiv.org/abs/{_e(paper.arxiv)}\">arXiv:{_e(paper.arxiv)}</a>" if paper.arxiv
                else _e(paper.venue))
        parts += [f"<p><b>Statement.</b> {_e(claim.statement)}</p>",
                  f"<p><b>Source.</b> {_e(paper.authors)} ({paper.year}), <i>{_e(paper.title)}</i>, {link}; "
                  f"{_e(claim.where)}{'. ' + _e(claim.source) if claim.source else ''}</p>",
                  f"<p><b>Domain.</b> {_e(claim.domain.describe())}</p>",
                  f"<p><b>Method.</b> {_e(claim.method)}</p>"]
    parts += [f"<p><b>Parameters.</b> <code>{_e(rec['params'])}</code></p>",
              "<h2>Theory (exact)</h2>", _math(rec["theory"]),
              "<h2>Numeric</h2>",
              f"<p>{_num(rec['numeric_float'] if rec['numeric_float'] is not None else rec['numeric'])}"
              + (f" ± {rec['stderr']:.3g}" if rec["stderr"] else "")
              + f"; error {_num(rec['error'])}, tolerance {_num(rec['tolerance'])} (error/tolerance {_ratio(rec)})</p>"]
    if rec["detail"]:
        parts.append(f"<p class=\"muted\">{_e(rec['detail'])}</p>")
    if rec["control"]:
        c = rec["control"]
        parts += ["<h2>Negative control</h2>", f"<p>{_e(c['text'])}: "
                  f"{'rejected' if c['rejected'] else 'NOT rejected'}, margin {_num(c['margin'])} tolerances</p>",
                  _math(c["theory"])]
    if rec["finding"]:
        parts += ["<h2>Recorded finding</h2>", f"<p>{_e(rec['finding'])}</p>"]
    if falsified:
        parts.append("<h2>Falsification search</h2>")
        parts.append(f"<p>stated domain survived: <b>{falsified['stated_domain_survived']}</b></p>")
        parts += [f"<p>counterexample ({'inside' if c['inside_stated_domain'] else 'outside'} the stated domain): "
                  f"<code>{_e(c['params'])}</code> — {_e(c['evidence'])}</p>" for c in falsified["counterexamples"]]
        parts += [f"<p>boundary: {_e(b['text'])}</p>" for b in falsified["boundaries"]]
    if figure:
        parts += ["<h2>Figure</h2>", f"<p><img src=\"../figures/{_e(figure)}.png\" alt=\"{_e(figure)}\" "
                  "style=\"max-width:100%\"></p>"]
    if doc and docs:
        target = docs if "://" in docs else "../" + docs
        parts.append(f"<p><b>Derivation:</b> <a href=\"{_e(target.rstrip('/'))}/{_e(doc[:-3])}.html\">"
                     f"{_e(doc[:-3])}</a> (executed notebook on the docs site)</p>")
    elif doc:
        parts.append(f"<p><b>Derivation:</b> <a href=\"../derivations/{_e(doc)}.html\">{_e(doc)}</a> (source; "
                     "pass --docs to link the executed notebook of the docs site)</p>")
    return _doc(rec["id"], "\n".join(parts))
