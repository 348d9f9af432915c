"""Static Markdown pages generated from the claims' metadata index (no claim code runs): one page per claim in
``docs/claim_pages/`` (read on GitHub and in the docs site; the README's claims table links to them).  A claim's
notebook comes from its paper folder's table of contents.

Verdicts and numbers are not on these pages — they need a run: ``seqtheory verify ID`` or the report site
(``seqtheory report ID --out site``), whose HTML claim pages share the slugs of :func:`slug`.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Where the generated claim pages live, relative to the repository root.
PAGES_DIR = "docs/claim_pages"


def slug(claim_id: str) -> str:
    """A claim id as a file stem: ``huang2025/thm3.1/one-step-loss`` → ``huang2025__thm3_1__one-step-loss``."""
    return claim_id.replace("/", "__").replace(".", "_")


def derivation(claim_id: str) -> str | None:
    """The derivation notebook (a ``docs/`` file name) of a claim, from its paper folder's table of contents."""
    from seqtheory.theorems.run import registry

    notebook = registry.family(claim_id).notebook
    return f"{notebook}.md" if notebook else None


def _arxiv(entry: dict) -> str:
    record = entry["paper_record"]
    if record["arxiv"]:
        return f"[arXiv:{record['arxiv']}](https://arxiv.org/abs/{record['arxiv']})"
    return record["venue"]


def claim_markdown(entry: dict) -> str:
    """The static page of one claim (its metadata; no verdict)."""
    record = entry["paper_record"]
    module_file = entry["module"].removeprefix("seqtheory.").replace(".", "/") + ".py"
    notebook = derivation(entry["id"])
    expected = ("**expected to fail** — a recorded finding: " + entry["finding"]) if entry["expected"] == "fail" \
        else "pass"
    rows = [
        ("paper", f"{record['authors']} ({record['year']}), *{record['title']}*, {_arxiv(entry)}"),
        ("where", entry["where"]),
        ("fidelity", f"`{entry['fidelity']}`" + (f" — {entry['source']}" if entry["source"] else "")),
        ("stance", f"`{entry['stance']}`" + (" — the negative control is the paper's own statement, so a pass is "
                                             "evidence against the paper" if entry["control_is_paper"] else "")),
        ("domain", entry["domain"]),
        ("check", entry["relation"] + (f"; {entry['method']}" if entry["method"] else "")),
        ("negative control", entry["negative_control"]),
        ("expected", expected),
        ("code", f"`{module_file}` (module `{entry['module']}`)"),
    ]
    if notebook:
        rows.append(("derivation", f"[{notebook.removesuffix('.md')}](../{notebook})"))
    lines = [f"# `{entry['id']}`", "", entry["statement"], "", "| | |", "|---|---|"]
    lines += [f"| {label} | {cell(value)} |" for label, value in rows]
    lines += ["", f"Run it: `seqtheory verify {entry['id']}`; its verdict page with the numbers, the exact theory "
              f"value and the figure: `seqtheory report {entry['id']} --out site` → `site/claims/{slug(entry['id'])}"
              ".html`. The generated page is rewritten by `python -m seqtheory.report.index --write "
              "--readme README.md`.", ""]
    return "\n".join(lines)


def cell(text) -> str:
    """Text as one Markdown table cell: pipes escaped, newlines flattened."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def pages_index_markdown(items: Sequence[dict]) -> str:
    """``docs/claim_pages/index.md``: every claim page, by paper, with a toctree for the docs site."""
    lines = ["# Claim pages", "", "One page per claim, generated from the registry (no verdicts: those need a run).",
             "", "```{toctree}", ":maxdepth: 1", ""]
    lines += [slug(e["id"]) for e in items]
    lines += ["```", ""]
    return "\n".join(lines)
