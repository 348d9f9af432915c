"""Static Markdown pages generated from the claims' metadata index (no claim code runs): one page per claim in
``docs/claim_pages/`` (read on GitHub and in the docs site; the README's claims table links to them) and the
per-paper coverage table (results identified / results encoded) from the ``results`` of each paper record.

Verdicts and numbers are not on these pages — they need a run: ``seqtheory verify ID`` or the report site
(``seqtheory report ID --out site``), whose HTML claim pages share the slugs of :func:`slug`.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Derivation notebooks (docs/) by claim-id prefix: the page a claim links to for its derivation.
DERIVATIONS = {
    "huang2025/thm3.1": "huang2025_thm3_1_no_cot.md", "huang2025/cor3.1": "huang2025_thm3_1_no_cot.md",
    "huang2025/thm3.2": "huang2025_thm3_2_cot.md", "huang2025/thm4.1": "huang2025_thm4_1_dynamics.md",
    "huang2025/thm4.2": "huang2025_thm4_2_ood.md", "ren2024/": "mamba_copy_bounds.md",
    "jelassi2024/": "mamba_copy_bounds.md", "wishart/": "wishart_moments.md",
    "martins2016/": "attention_sparsemax_dual.md", "peters2019/": "attention_sparsemax_dual.md",
    "renliu2024/": "attention_sparsemax_dual.md", "wang2024/two-hop": "yao2025_two_hop.md",
    "wang2024/": "attention_sparsemax_dual.md",
    "gu2023/": "mamba_copy_bounds.md", "yao2025/": "yao2025_two_hop.md",
    "renliu2025/": "renliu2025_entropy.md",
}
#: Where the generated claim pages live, relative to the repository root.
PAGES_DIR = "docs/claim_pages"


def slug(claim_id: str) -> str:
    """A claim id as a file stem: ``huang2025/thm3.1/one-step-loss`` → ``huang2025__thm3_1__one-step-loss``."""
    return claim_id.replace("/", "__").replace(".", "_")


def lookup(table: dict[str, str], claim_id: str) -> str | None:
    """The value of the first prefix of ``table`` that ``claim_id`` starts with."""
    for prefix, name in table.items():
        if claim_id.startswith(prefix):
            return name
    return None


def _arxiv(entry: dict) -> str:
    record = entry["paper_record"]
    if record["arxiv"]:
        return f"[arXiv:{record['arxiv']}](https://arxiv.org/abs/{record['arxiv']})"
    return record["venue"]


def claim_markdown(entry: dict) -> str:
    """The static page of one claim (its metadata; no verdict)."""
    record = entry["paper_record"]
    module_file = entry["module"].removeprefix("seqtheory.").replace(".", "/") + ".py"
    derivation = lookup(DERIVATIONS, entry["id"])
    expected = ("**expected to fail** — a recorded finding: " + entry["finding"]) if entry["expected"] == "fail" \
        else "pass"
    rows = [
        ("paper", f"{record['authors']} ({record['year']}), *{record['title']}*, {_arxiv(entry)}"),
        ("where", entry["where"]),
        ("fidelity", f"`{entry['fidelity']}`" + (f" — {entry['source']}" if entry["source"] else "")),
        ("domain", entry["domain"]),
        ("check", entry["relation"] + (f"; {entry['method']}" if entry["method"] else "")),
        ("negative control", entry["negative_control"]),
        ("expected", expected),
        ("code", f"`{module_file}` (module `{entry['module']}`)"),
    ]
    if derivation:
        rows.append(("derivation", f"[{derivation.removesuffix('.md')}](../{derivation})"))
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


def _papers():
    from seqtheory.theorems import papers
    from seqtheory.theorems.core.paper import Paper

    return [value for value in vars(papers).values() if isinstance(value, Paper) and value.results]


def coverage_markdown(items: Sequence[dict]) -> str:
    """The per-paper coverage table: results identified, results encoded by at least one claim (passing or a
    recorded finding), and which are still missing."""
    ids = [e["id"] for e in items]
    lines = ["| paper | results identified | encoded | claims | not yet encoded |", "|---|---|---|---|---|"]
    for paper in _papers():
        encoded = [r for r in paper.results if r.encoded_by(ids)]
        claims = sorted({i for r in paper.results for i in r.encoded_by(ids)})
        missing = "; ".join(f"{r.key} ({r.title})" for r in paper.results if not r.encoded_by(ids)) or "—"
        lines.append(f"| {paper.short()} | {len(paper.results)} | {len(encoded)} | {len(claims)} | "
                     f"{missing.replace('|', '/')} |")
    return "\n".join(lines)
