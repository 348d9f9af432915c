"""``seqtheory report``: the static site parses, every internal link resolves, every claim has a page with its
exact values, and bad input is refused clearly."""

import json
from html.parser import HTMLParser

from seqtheory import cli

IDS = ["huang2025/thm3.1/one-step-loss", "wishart/identities/chi-square", "huang2025/notes/median-vanishes",
       "ren2024/dp/state-classes"]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.open = [], []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("href", "src"):
                self.links.append(value)


def _site(tmp_path):
    report = tmp_path / "verify.json"
    assert cli.main(["verify", *IDS, "--jobs", "1", "--json", str(report)]) == 0
    falsify = tmp_path / "falsify.json"
    assert cli.main(["falsify", "huang2025/notes/median-vanishes", "--budget", "20", "--json", str(falsify)]) == 0
    figures = tmp_path / "figs"
    assert cli.main(["figures", "one_step_loss", "--quick", "--out", str(figures)]) == 0
    out = tmp_path / "site"
    assert cli.main(["report", "--from", str(report), "--falsify", str(falsify), "--figures", str(figures),
                     "--out", str(out)]) == 0
    return out


def test_site_parses_and_every_internal_link_resolves(tmp_path):
    out = _site(tmp_path)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 1 + len(IDS) + 1  # index, claim pages, at least one derivation
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        for link in parser.links:
            if link.startswith(("http://", "https://")):
                assert link.startswith("https://arxiv.org/abs/"), link  # the only external links: papers
                continue
            assert (page.parent / link).resolve().exists(), (page, link)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(i in index for i in IDS) and "<script>" in index and "cdn" not in index.lower()
    page = (out / "claims" / "huang2025__notes__median-vanishes.html").read_text(encoding="utf-8")
    assert "Recorded finding" in page and "Falsification search" in page and "counterexample" in page
    assert "../figures/one_step_loss.png" in (out / "claims" / "huang2025__thm3_1__one-step-loss.html").read_text()
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert summary.count("\n| [") == len(IDS)


def test_exact_theory_is_shown_in_full(tmp_path):
    out = _site(tmp_path)
    page = (out / "claims" / "wishart__identities__chi-square.html").read_text(encoding="utf-8")
    # E W^40 = n(n+2)…(n+78) in full: the n^39 coefficient is 2(0 + 1 + … + 39) = 1560 (sympy.latex)
    assert "LaTeX" in page and "n^{40} + 1560 n^{39}" in page


def test_report_refuses_a_file_that_is_not_a_verify_report(tmp_path, capsys):
    bogus = tmp_path / "x.json"
    bogus.write_text(json.dumps([1, 2]))
    assert cli.main(["report", "--from", str(bogus), "--out", str(tmp_path / "s")]) == 2
    assert "not a seqtheory report" in capsys.readouterr().err
    assert cli.main(["report", "--from", str(tmp_path / "missing.json"), "--out", str(tmp_path / "s")]) == 2
    assert "--from" in capsys.readouterr().err
    assert cli.main(["report", "no/such/claim", "--out", str(tmp_path / "s")]) == 2
    assert "unknown claim id" in capsys.readouterr().err
    verify_json = tmp_path / "v.json"
    assert cli.main(["verify", IDS[1], "--jobs", "1", "--json", str(verify_json)]) == 0
    old = json.loads(verify_json.read_text())
    old["schema_version"] = 2
    (tmp_path / "old.json").write_text(json.dumps(old))
    assert cli.main(["report", "--from", str(tmp_path / "old.json"), "--out", str(tmp_path / "s")]) == 2
    assert "schema_version 2 report; this seqtheory reads version 4" in capsys.readouterr().err
    broken = dict(old, schema_version=4, summary={**old["summary"], "checks": "many"})
    (tmp_path / "broken.json").write_text(json.dumps(broken))
    assert cli.main(["report", "--from", str(tmp_path / "broken.json"), "--out", str(tmp_path / "s")]) == 2
    assert "does not match the report schema at summary/checks" in capsys.readouterr().err
    # a verify report given as the falsify report (and the reverse) is named for what it is
    assert cli.main(["report", "--from", str(verify_json), "--falsify", str(verify_json),
                     "--out", str(tmp_path / "s")]) == 2
    assert "a verify report, not a falsify report" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()  # every refusal above came before the --out folder was made


def test_derivations_link_to_the_docs_site_when_given(tmp_path):
    report = tmp_path / "verify.json"
    assert cli.main(["verify", IDS[1], "--jobs", "1", "--json", str(report)]) == 0
    out = tmp_path / "site"
    assert cli.main(["report", "--from", str(report), "--docs", "docs/html", "--out", str(out)]) == 0
    page = (out / "claims" / "wishart__identities__chi-square.html").read_text(encoding="utf-8")
    assert 'href="../docs/html/wishart_moments.html"' in page


def test_a_malicious_report_runs_nothing(tmp_path):
    """A report whose srepr is Python that writes a file: the site is built, the stored text is shown, no file."""
    report = tmp_path / "verify.json"
    assert cli.main(["verify", IDS[0], "--jobs", "1", "--json", str(report)]) == 0
    rep = json.loads(report.read_text())
    planted = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(planted)!r}).write_text('x')"
    rep["claims"][0]["theory"] = {"text": "harmless-looking", "srepr": payload}
    rep["claims"][0]["control"]["theory"] = {"text": "t", "srepr": f"Add(Integer(1), {payload})"}
    report.write_text(json.dumps(rep))
    out = tmp_path / "site"
    assert cli.main(["report", "--from", str(report), "--out", str(out)]) == 0
    assert not planted.exists()
    page = (out / "claims" / "huang2025__thm3_1__one-step-loss.html").read_text(encoding="utf-8")
    assert "harmless-looking" in page


def test_build_docs_builds_the_site_beside_the_report_and_links_it(tmp_path, capsys):
    """--build-docs runs Sphinx (notebooks executed) on a docs source folder into OUT/docs; the claim pages link
    there.  A two-page source stands in for the real docs/ (whose build takes minutes)."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["myst_nb"]\nnb_execution_mode = "force"\n'
                                    'exclude_patterns = ["_build"]\n', encoding="utf-8")
    (source / "index.md").write_text("# Docs\n\n```{toctree}\nwishart_moments\n```\n", encoding="utf-8")
    (source / "wishart_moments.md").write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n"
        "  display_name: Python 3\n---\n\n# Moments\n\n```{code-cell} ipython3\nprint(6 * 7)\n```\n",
        encoding="utf-8")
    report = tmp_path / "verify.json"
    assert cli.main(["verify", IDS[1], "--jobs", "1", "--json", str(report)]) == 0
    out = tmp_path / "site"
    assert cli.main(["report", "--from", str(report), "--build-docs", str(source), "--out", str(out)]) == 0
    built = (out / "docs" / "wishart_moments.html").read_text(encoding="utf-8")
    assert "42" in built  # the notebook was executed
    page = (out / "claims" / "wishart__identities__chi-square.html").read_text(encoding="utf-8")
    assert 'href="../docs/wishart_moments.html"' in page


def test_build_docs_refuses_what_it_cannot_build_before_any_work(tmp_path, capsys):
    out = tmp_path / "site"
    assert cli.main(["report", "--build-docs", str(tmp_path), "--out", str(out)]) == 2
    assert "not a docs source folder (no conf.py or index.md" in capsys.readouterr().err
    assert not out.exists()
    assert cli.main(["report", "--build-docs", "docs", "--docs", "x", "--out", str(out)]) == 2
    assert "give one" in capsys.readouterr().err
