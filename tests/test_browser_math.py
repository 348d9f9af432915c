"""In a real browser (headless Chromium): every built page of the docs site and of a ``seqtheory report`` site shows
its mathematics typeset by the bundled MathJax — no raw ``\\frac`` or ``$…$`` left in the text — and no page makes a
request that leaves ``file://``.

Chromium comes from Debian's packages (``apt-get install chromium``; ``.ci/run`` installs it).  Without a browser
the test is skipped, except under CI, where a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from seqtheory import cli

DOCS = Path(__file__).resolve().parents[1] / "docs"
#: Claims whose pages carry exact sympy values (typeset from LaTeX) and a derivation page each.
REPORT_IDS = ["huang2025/thm3.1/one-step-loss", "wishart/identities/chi-square", "renliu2024/dual/gd-exact"]
#: Raw TeX that must not survive in a page's visible text once MathJax has run.
RAW_TEX = re.compile(r"\\(?:frac|operatorname|sum|mathbb|mathrm|langle|top|sqrt)\b|\$[^\s$][^$\n]{0,200}?\$")
#: Visible text: everything but code, scripts, styles, typeset math and the folded LaTeX sources.
HIDDEN = re.compile(r"(?s)<(mjx-container|script|style|pre|code|textarea)\b.*?</\1>")
#: MathJax's marks of TeX it could not parse: an error node, or an undefined macro shown as red text.
MATHJAX_ERROR = re.compile(r'data-mjx-error="[^"]*"|data-mml-node="merror"|data-mml-node="mtext" fill="red"')
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--virtual-time-budget=20000"]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("no Chromium under CI: .ci/run installs Debian's chromium for this test")
    pytest.skip("no Chromium installed (apt-get install chromium)")


def _load(browser: str, page: Path, scratch: Path) -> tuple[str, list[str]]:
    """The page's DOM after its scripts ran, and the URLs of the requests the page itself made (Chromium's net log:
    requests whose isolation key is the page's file:// origin; the browser's own background traffic is not the
    page's)."""
    profile, netlog = scratch / f"{page.stem}-profile", scratch / f"{page.stem}-net.json"
    dom = subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", f"--log-net-log={netlog}",
                          "--dump-dom", page.resolve().as_uri()], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requests = [e["params"]["url"] for e in log["events"]
                if e["type"] == start and "url" in e.get("params", {})
                and "file://" in str(e["params"].get("network_isolation_key", ""))]
    return dom, [u for u in requests if not u.startswith("file://")]


def _check(browser: str, pages: list[Path], scratch: Path, must_typeset: set[Path]) -> list[str]:
    problems = []
    with ThreadPoolExecutor(2) as pool:
        loaded = list(pool.map(lambda p: _load(browser, p, scratch), pages))
    for page, (dom, remote) in zip(pages, loaded, strict=True):
        if remote:
            problems.append(f"{page.name}: requests leaving file:// {remote[:3]}")
        if page in must_typeset and "<mjx-container" not in dom:
            problems.append(f"{page.name}: has mathematics but MathJax typeset none of it")
        errors = MATHJAX_ERROR.findall(re.sub(r"(?s)<style\b.*?</style>", " ", dom))  # not MathJax's own CSS
        if errors:
            problems.append(f"{page.name}: MathJax could not parse {len(errors)} formulas ({errors[:2]})")
        text = re.sub(r"<[^>]+>", " ", HIDDEN.sub(" ", dom))
        raw = RAW_TEX.findall(text)
        if raw:
            problems.append(f"{page.name}: raw TeX in the text {raw[:3]}")
    return problems


def test_docs_pages_show_typeset_math_and_fetch_nothing(tmp_path):
    browser = _chromium()
    out = tmp_path / "html"
    res = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", "nb_execution_mode=off",
                          str(DOCS), str(out)], capture_output=True, text=True, timeout=600, check=False)
    assert res.returncode == 0, res.stderr[-3000:]
    pages = sorted(p for p in out.glob("*.html") if p.stem not in ("search", "genindex", "py-modindex"))
    with_math = {p for p in pages if 'class="math' in p.read_text(encoding="utf-8")}
    derivations = {out / f"{md.stem}.html" for md in DOCS.glob("*.md")
                   if re.search(r"\$[^$\n]+\$", md.read_text(encoding="utf-8"))}
    assert derivations <= with_math, sorted(p.name for p in derivations - with_math)  # dollarmath made math nodes
    assert len(with_math) >= 9
    assert _check(browser, pages, tmp_path, with_math) == []


def test_report_pages_show_typeset_math_and_fetch_nothing(tmp_path):
    browser = _chromium()
    report = tmp_path / "verify.json"
    assert cli.main(["verify", *REPORT_IDS, "--jobs", "1", "--json", str(report)]) == 0
    out = tmp_path / "site"
    assert cli.main(["report", "--from", str(report), "--out", str(out)]) == 0
    claims = sorted((out / "claims").glob("*.html"))
    derivations = sorted((out / "derivations").glob("*.html"))
    assert len(claims) == len(REPORT_IDS) and derivations
    pages = [out / "index.html", *claims, *derivations]
    with_math = {p for p in pages if re.search(r"\\\[|\\\(", HIDDEN.sub(" ", p.read_text(encoding="utf-8")))}
    assert set(derivations) <= with_math and len(with_math & set(claims)) >= 2  # the exact values' LaTeX
    assert _check(browser, pages, tmp_path, with_math) == []


def test_the_raw_tex_detector_sees_untypeset_math(tmp_path):
    """The check above can fail: a page whose MathJax is missing keeps its TeX and is reported."""
    browser = _chromium()
    page = tmp_path / "bare.html"
    page.write_text("<html><body><p>The loss $\\frac{d}{n}$ and \\(\\operatorname{tr} W\\).</p>"
                    "<script src='missing/tex-svg-full.js'></script></body></html>", encoding="utf-8")
    problems = _check(browser, [page], tmp_path, {page})
    assert any("typeset none" in p for p in problems) and any("raw TeX" in p for p in problems)
    from seqtheory.report import mathjax

    mathjax.install(tmp_path)
    broken = tmp_path / "broken.html"
    broken.write_text(f"<html><head><script>{mathjax.CONFIG}</script><script src='mathjax/tex-svg-full.js'></script>"
                      "</head><body><p>Typeset, but $\\notamacro{x}$.</p></body></html>", encoding="utf-8")
    assert any("could not parse" in p for p in _check(browser, [broken], tmp_path, {broken}))
    remote = tmp_path / "remote.html"
    remote.write_text("<html><body><img src='http://example.invalid/x.png'></body></html>", encoding="utf-8")
    assert any("leaving file://" in p for p in _check(browser, [remote], tmp_path, set()))
