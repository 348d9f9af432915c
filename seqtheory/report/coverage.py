"""Coverage of the papers: what is checked as the paper states it, and what each verdict says about the paper.

Each seed paper's results and their status (``checked`` · ``partial`` · ``differs`` · ``missing``) come from the
paper folder's table of contents (:class:`~seqtheory.theorems.core.paper.Contents`); the stances come from the
claims' metadata (the shipped index — no claim code runs).  :func:`validate` holds the statuses to the claims:
``checked`` needs a claim of fidelity ``paper`` or ``restated`` that supports or contradicts the result, a listed id
must exist, and every claim that speaks about a seed paper (stance supports, contradicts or not-reproduced) must be
filed under one of its results.  The weighted coverage counts checked = 1, partial = ½, differs, out-of-regime and
missing = 0.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from seqtheory.theorems.core.paper import Contents, result_stance
from seqtheory.theorems.run import registry

#: Weights of the statuses in the weighted coverage.
WEIGHTS = {"checked": 1.0, "partial": 0.5, "differs": 0.0, "out-of-regime": 0.0, "missing": 0.0}
#: Stances that say something about the paper (a result with none of them is unchecked).
SPEAKING = ("supports", "contradicts", "not-reproduced")
FORMATS = ("text", "json", "md")


def seed_contents() -> list[Contents]:
    """The tables of contents of the seed papers (those with results), in paper-folder order."""
    return [toc for toc in registry.contents() if toc.paper is not None and toc.results]


def table(entries: Sequence[dict] | None = None) -> list[dict]:
    """Per seed paper: ``{"paper", "folder", "results": [{"name", "title", "status", "claims", "stance", "note"}],
    "weighted", "counts"}`` (``entries``: the claims' metadata; default the shipped index)."""
    from seqtheory.report import index

    meta = {e["id"]: e for e in (entries if entries is not None else index.entries())}
    out = []
    for toc in seed_contents():
        results = []
        for r in toc.results:
            stances = [meta[c]["stance"] for c in r.claims if c in meta]
            results.append({"name": r.key, "title": r.title, "status": r.status, "claims": list(r.claims),
                            "stance": _said(r.status, result_stance(stances)), "note": r.note})
        counts = {s: sum(r["status"] == s for r in results) for s in WEIGHTS}
        weighted = sum(WEIGHTS[r["status"]] for r in results)
        out.append({"paper": toc.paper.short(), "folder": toc.folder, "results": results, "counts": counts,
                    "weighted": weighted, "total": len(results)})
    return out


def _said(status: str, stance: str) -> str:
    """What the claims say about a result.  An out-of-regime result's observations ran outside the paper's regime:
    they decide nothing whatever their declared stance, so the column says ``undecided`` (the note gives the numbers
    and the direction the replica showed)."""
    return "undecided" if status == "out-of-regime" else stance


def validate(entries: Sequence[dict] | None = None) -> list[str]:
    """Every inconsistency between the tables of contents and the claims (empty when they agree)."""
    from seqtheory.report import index

    meta = {e["id"]: e for e in (entries if entries is not None else index.entries())}
    problems = []
    filed: set[str] = set()
    for toc in seed_contents():
        for r in toc.results:
            unknown = [c for c in r.claims if c not in meta]
            if unknown:
                problems.append(f"{toc.folder} {r.key}: unknown claim ids {unknown}")
            filed |= set(r.claims)
            listed = [meta[c] for c in r.claims if c in meta]
            if r.status == "checked" and not any(
                    e["fidelity"] in ("paper", "restated") and e["stance"] in ("supports", "contradicts")
                    for e in listed):
                problems.append(f"{toc.folder} {r.key}: 'checked' needs a claim of fidelity paper or restated that "
                                "supports or contradicts the result")
            if r.status in ("partial", "differs", "out-of-regime") and not listed:
                problems.append(f"{toc.folder} {r.key}: a {r.status!r} result lists no existing claim")
            if r.status == "out-of-regime" and any(e["fidelity"] != "observation" for e in listed):
                problems.append(f"{toc.folder} {r.key}: only observations (with a regime gate) can be out of regime")
        for e in meta.values():
            if e["id"].startswith(toc.folder + "/") and e["stance"] in SPEAKING and e["id"] not in filed:
                problems.append(f"{e['id']}: speaks about {toc.folder} (stance {e['stance']}) but is filed under no "
                                "result of its table of contents")
    return problems


def render_text(rows: Sequence[dict]) -> str:
    lines = []
    width = max((len(r["stance"]) for p in rows for r in p["results"]), default=0)
    for p in rows:
        lines.append(f"{p['paper']}: {p['weighted']:g} of {p['total']} (checked {p['counts']['checked']}, partial "
                     f"{p['counts']['partial']}, differs {p['counts']['differs']}, out-of-regime "
                     f"{p['counts']['out-of-regime']}, missing {p['counts']['missing']})")
        lines += [f"  {r['name']:<22} {r['status']:<13} {r['stance']:<{width}} {r['title']}" for r in p["results"]]
    return "\n".join(lines)


def render_json(rows: Sequence[dict]) -> str:
    return json.dumps({"papers": list(rows), "weights": WEIGHTS}, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(rows: Sequence[dict]) -> str:
    """The README's coverage table: per paper the weighted coverage (checked = 1, partial = ½) and each result with
    its status and what the claims filed under it say about the paper."""
    total = sum(p["total"] for p in rows)
    weighted = sum(p["weighted"] for p in rows)
    lines = ["| paper | result | status | the claims say | what is and is not checked |", "|---|---|---|---|---|"]
    for p in rows:
        for i, r in enumerate(p["results"]):
            who = (f"**{p['paper']}** ({p['weighted']:g} of {p['total']})" if i == 0 else "")
            lines.append(f"| {who} | {_cell(r['name'])}: {_cell(r['title'])} | {r['status']} | {r['stance']} | "
                         f"{_cell(r['note']) if r['note'] else '—'} |")
    lines.append(f"| **all six papers** | | | | weighted coverage {weighted:g} of {total} results "
                 f"({100 * weighted / total:.0f} %; checked = 1, partial = ½) |")
    return "\n".join(lines)


def render(fmt: str, rows: Sequence[dict] | None = None) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    rows = table() if rows is None else rows
    return {"text": render_text, "json": render_json, "md": render_markdown}[fmt](rows)
