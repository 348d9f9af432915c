"""The claim machinery itself: domains, relations, verdicts, the registry."""

import pytest
import sympy as sp

from seqtheory.simulate.stats import Estimate
from seqtheory.theorems.core.claim import Claim, Paper
from seqtheory.theorems.core.domain import Constraint, Domain, Integer, Real
from seqtheory.theorems.core.relations import AttainsFromAbove, Close, ExactEquality, LowerBound, UpperBound, ZTest
from seqtheory.theorems.run import registry

PAPER = Paper("A. Author, B. Author", 2024, "A title", "0000.00000")


def _toy(expected="pass", finding="", truth=lambda x: 2 * x, sim=lambda seed, x: 2 * x):
    return Claim(
        id="toy/eq1/claim", paper=PAPER, where="Eq. 1", statement="2x = 2x", expected=expected, finding=finding,
        fidelity="paper", stance="supports",
        domain=Domain((Integer("x", 0, 10),), (Constraint("x != 7", lambda x: x != 7),)),
        defaults={"x": 3}, theory=truth, simulate=sim, relation=ExactEquality(),
        negative_control=lambda x: 2 * x + 1, negative_control_text="2x+1")


def test_domain_validation_messages():
    dom = Domain((Integer("n", 1, 5), Real("eta", 0.0, 1.0, low_open=True)),
                 (Constraint("n > eta", lambda n, eta: n > eta),))
    assert dom.validate({"n": 2, "eta": 0.5}) == {"n": 2, "eta": 0.5}
    for bad, name in [({"n": 0, "eta": 0.5}, "n"), ({"n": 6, "eta": 0.5}, "n"), ({"n": 2, "eta": 0.0}, "eta"),
                      ({"n": 2}, "missing"), ({"n": 2, "eta": 0.5, "k": 1}, "unknown")]:
        with pytest.raises(ValueError, match=name):
            dom.validate(bad)
    assert "n ≥ 1" in dom.describe() and "(0, 1]" in dom.describe()


def test_constraint_violation_names_the_constraint():
    with pytest.raises(ValueError, match="x != 7"):
        _toy().check(x=7)


def test_verdicts_pass_fail_xfail():
    ok = _toy().check()
    assert (ok.verdict, ok.negative_control_rejected, ok.error, ok.tolerance) == ("pass", True, 0.0, 0.0)
    wrong = _toy(sim=lambda seed, x: 2 * x + 2).check()
    assert wrong.verdict == "fail"
    finding = _toy(expected="fail", finding="x=3: 8 ≠ 6", sim=lambda seed, x: 2 * x + 2).check()
    assert finding.verdict == "xfail"
    surprise = _toy(expected="fail", finding="was false").check()
    assert surprise.verdict == "fail"  # an expected failure that passes is unexpected


def test_expected_failure_requires_a_counterexample():
    with pytest.raises(ValueError, match="finding"):
        _toy(expected="fail")


def test_check_record_is_json_ready():
    import json

    from seqtheory.theorems.run import record as report

    claim = _toy(truth=lambda x: sp.Rational(2 * x), sim=lambda seed, x: 2 * x)
    d = report.record(claim, claim.check(), 0)
    assert d["theory"] == {"text": "6", "srepr": "Integer(6)"} and d["theory_float"] == 6.0
    for key in ("id", "verdict", "theory", "numeric", "error", "tolerance", "seconds", "control", "seed"):
        assert key in d
    json.dumps(d)


@pytest.mark.parametrize(("relation", "theory", "est", "passed"), [
    (ZTest(5), 1.0, Estimate(1.04, 0.01), True),
    (ZTest(5), 1.0, Estimate(1.06, 0.01), False),
    (ZTest(5), 1.0, Estimate(1.0 - 1.1e-16, 4.8e-18, 20_000), False),  # spread below the draws' own rounding
    (ZTest(5, rtol=1e-12), 1.0, Estimate(1.0 - 1.1e-16, 4.8e-18, 20_000), True),
    (ZTest(5, rtol=1e-12), 1e6, Estimate(1e6 + 2e-6, 0.0, 20_000), False),  # the floor is relative: 1e-6 here
    (Close(rtol=1e-9), 2.0, Estimate(2.0 + 1e-10), True),
    (Close(rtol=1e-9), 2.0, Estimate(2.0 + 1e-8), False),
    (LowerBound(5), 1.0, Estimate(0.96, 0.01), True),
    (LowerBound(5), 1.0, Estimate(0.94, 0.01), False),
    (UpperBound(5), 1.0, Estimate(1.04, 0.01), True),
    (UpperBound(5), 1.0, Estimate(1.06, 0.01), False),
    (AttainsFromAbove(0.02, 5), 1.0, Estimate(1.019, 0.0001), True),
    (AttainsFromAbove(0.02, 5), 1.0, Estimate(1.03, 0.0001), False),
    (AttainsFromAbove(0.02, 5), 1.0, Estimate(0.99, 0.0001), False),
])
def test_relations(relation, theory, est, passed):
    assert relation.judge(theory, est).passed is passed


def test_z_test_holds_a_zero_spread_estimate_to_exact_equality():
    """Every draw identical (a loss underflowing to 0 at every draw): tolerance 0, equal floats pass."""
    assert ZTest().judge(1.0, Estimate(1.0, 0.0)).passed
    j = ZTest().judge(1.0, Estimate(1.0 + 1e-15, 0.0))
    assert not j.passed and j.tolerance == 0.0
    assert not ZTest().judge(1.0, Estimate(1.0, float("nan"))).passed


def test_estimate_of_mean():
    e = Estimate.of_mean([1.0, 2.0, 3.0, 4.0])
    assert e.value == 2.5 and e.samples == 4
    assert e.stderr == pytest.approx((5 / 3) ** 0.5 / 2)
    with pytest.raises(ValueError, match="draws"):
        Estimate.of_mean([1.0])


def test_registry_ids_unique_and_selectable():
    claims = registry.all_claims()
    assert len({c.id for c in claims}) == len(claims) >= 3
    assert [c.id for c in registry.select(["huang2025/thm3.1/one"])] == ["huang2025/thm3.1/one-step-loss"]
    assert len(registry.select(["huang2025/thm3.1"])) == 5
    with pytest.raises(ValueError, match="unknown claim id"):
        registry.select(["nope/nothing"])


def test_every_claim_is_complete():
    for c in registry.all_claims():
        assert c.statement and c.where and c.negative_control_text and (c.paper.arxiv or c.paper.venue)
        assert set(c.defaults) == set(c.domain.names()), c.id
        c.domain.validate(c.defaults)


def test_readme_claims_table_is_generated_from_the_registry():
    from pathlib import Path

    from seqtheory.report import index, pages

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    fresh = index.build()
    hint = "stale: run `python -m seqtheory.report.index --write --readme README.md`"
    for (start, end), table in index.readme_tables(fresh).items():
        assert index.readme_table(readme, start, end) == table, f"README table {start[:24]}… is {hint}"
    folder = root / pages.PAGES_DIR
    wanted = index.claim_pages(fresh)
    assert sorted(p.name for p in folder.glob("*.md")) == sorted(wanted), f"claim pages are {hint}"
    for name, body in wanted.items():
        assert (folder / name).read_text(encoding="utf-8") == body, f"claim page {name} is {hint}"
    for e in fresh:  # every README link resolves to a page
        assert f"({pages.PAGES_DIR}/{pages.slug(e['id'])}.md)" in readme


def test_fidelity_is_required_and_checked():
    with pytest.raises(ValueError, match="fidelity must be one of"):
        Claim(**{**_toy().__dict__, "fidelity": "vibes"})
    with pytest.raises(ValueError, match="must name its Source"):
        Claim(**{**_toy().__dict__, "fidelity": "restated", "source": "a summary written for this project"})
    for claim in registry.all_claims():
        assert claim.fidelity in ("paper", "restated", "reconstructed", "derived", "toolkit", "observation"), claim.id


def test_control_margin_is_reported_and_needs_three_tolerances():
    from seqtheory.theorems.core.claim import CONTROL_MARGIN, margin
    from seqtheory.theorems.core.relations import Judgement

    assert CONTROL_MARGIN == 3.0
    assert margin(Judgement(0.3, 0.1, False)) == pytest.approx(3.0)
    assert margin(Judgement(1.0, 0.0, False)) == float("inf") and margin(Judgement(0.0, 0.0, True)) == 0.0
    c = _toy().check()
    assert c.control_margin == float("inf") and c.negative_control_rejected and c.fidelity == "paper"
    from seqtheory.theorems.run import record as report

    assert report.record(_toy(), c, 0)["control"]["margin"] == "inf"


def test_estimate_interval_is_the_student_t_interval():
    from seqtheory.simulate.stats import Estimate

    est = Estimate.of_mean([0.3, 0.4, 0.5])  # mean 0.4, s = 0.1, se = 0.1/√3
    low, high = est.interval()
    assert abs((high - low) / 2 - 4.302652729911275 * 0.1 / 3**0.5) < 1e-9  # t_{0.975, 2}
    assert est.describe() == "mean +0.400, 95 % interval [+0.152, +0.648]"
    with pytest.raises(ValueError, match="2 draws"):
        Estimate.exact(1.0).interval()
    with pytest.raises(ValueError, match="level"):
        est.interval(1.0)


def test_sources_page_is_generated_from_the_records():
    """docs/sources.md comes from the document records and the claims; every seed paper has a section, every
    restated claim is listed under the document it rests on."""
    from pathlib import Path

    from seqtheory.report import sources
    from seqtheory.theorems import papers
    from seqtheory.theorems.core.paper import Source
    from seqtheory.theorems.run import registry

    page = (Path(__file__).resolve().parents[1] / sources.PAGE).read_text(encoding="utf-8")
    assert page == sources.render(), "docs/sources.md is stale: run `nox -s regenerate`"
    for paper in papers.SEED_PAPERS:
        assert f"### {paper.short()}" in page
    restated = [c for c in registry.all_claims() if c.fidelity == "restated"]
    assert restated and all(isinstance(c.source, Source) and f"`{c.id}` — " in page for c in restated)


@pytest.mark.parametrize(("seed", "error"), [(True, TypeError), (1.5, TypeError), ("a", TypeError), (-1, ValueError)])
def test_check_seed_is_a_non_negative_integer(seed, error):
    """Claim.check(seed=…): a bool is not an int, a float or text is refused, a negative seed names the seed."""
    from seqtheory.theorems.run import registry

    claim = registry.claim_by_id("huang2025/thm3.1/one-step-loss")
    with pytest.raises(error, match="seed"):
        claim.check(seed=seed)


def _malformed_cases():
    return {
        "defaults outside the domain": (lambda: {"defaults": {"n": 20}}, ValueError, "defaults must lie in the domain"),
        "probe past tractable": (lambda: {"domain": Domain((Integer("n", 1, tractable=10, probe=50),))}, ValueError,
                                 "beyond what its check can compute"),
        "unknown stress axis": (lambda: {"stress": (Integer("m", 1, 5),)}, ValueError, "not parameters of its domain"),
        "Close(rtol=inf)": (lambda: {"relation": Close(rtol=float("inf"))}, ValueError, "rtol must be a finite real"),
        "ZTest(z=inf)": (lambda: {"relation": ZTest(z=float("inf"))}, ValueError, "z must be a finite real"),
        "ZTest(rtol=-1)": (lambda: {"relation": ZTest(rtol=-1.0)}, ValueError, "rtol must be a finite real ≥ 0"),
        "negative tolerance": (lambda: {"relation": LowerBound(z=-1.0)}, ValueError, "z must be a finite real ≥ 0"),
        "negative_control=None": (lambda: {"negative_control": None}, TypeError, "negative_control must be callable"),
        "domain as a dict": (lambda: {"domain": {"n": (1, 10)}}, TypeError, "domain must be a Domain"),
        "tags as text": (lambda: {"tags": "slow"}, TypeError, "tags must be a tuple of strings"),
        "pinned point outside": (lambda: {"pinned": ({"n": 50},)}, ValueError, "outside the domain"),
        "experiment on a theorem": (lambda: {"experiment": "x"}, TypeError, "experiment must be an Experiment"),
    }


@pytest.mark.parametrize("case", sorted(_malformed_cases()))
def test_a_malformed_claim_fails_where_it_is_written(case):
    """A malformed claim is refused when it is built, naming the claim and the field — never accepted to fail later
    with a traceback, or to pass a check that cannot fail."""
    make, error, message = _malformed_cases()[case]
    base = dict(id="malformed/claim/x", paper=Paper("A", 2024, "T", arxiv="2401.00001"), where="w", statement="s",
                domain=Domain((Integer("n", 1, 10),)), defaults={"n": 2}, theory=lambda n: n,
                simulate=lambda seed, n: n, relation=ExactEquality(), negative_control=lambda n: n + 1,
                negative_control_text="n + 1", fidelity="toolkit", stance="tool")
    with pytest.raises(error, match=message):
        Claim(**{**base, **make()})


def test_the_claim_model_imports_without_sympy():
    """sympy is most of a cold import: the claim model (claims, domains, relations, experiments) loads it only when an
    exact comparison needs it."""
    import subprocess
    import sys

    code = ("import sys\nimport seqtheory.theorems.core.claim, seqtheory.theorems.core.relations, "
            "seqtheory.theorems.core.experiment\nassert 'sympy' not in sys.modules, 'sympy imported'\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
