"""The registry seen from outside: claims contributed by another package (through the ``seqtheory.claims`` entry
point, and through :func:`registry.register`, the function that loader calls) appear in ``list`` and ``verify``;
``list`` reads metadata only."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from seqtheory import cli
from seqtheory.report import index
from seqtheory.theorems.run import registry

PLUGIN_ID = "plugin2026/thm1/two-plus-two"
PLUGIN_MODULE = textwrap.dedent('''
    """A claim module of another package (a test fixture): 2 + 2 = 4, exactly."""
    from seqtheory.theorems.core.claim import Claim, Paper
    from seqtheory.theorems.core.domain import Domain, Integer
    from seqtheory.theorems.core.relations import ExactEquality

    PAPER = Paper("A. Plugin", 2026, "Arithmetic", venue="test fixture")
    CLAIMS = (Claim(
        id="plugin2026/thm1/two-plus-two", paper=PAPER, where="Thm 1", statement="a + a = 2a", fidelity="paper",
        stance="supports",
        domain=Domain((Integer("a", 0),)), defaults={"a": 2}, theory=lambda a: 2 * a,
        simulate=lambda seed, a: a + a, relation=ExactEquality(), negative_control=lambda a: 2 * a + 1,
        negative_control_text="2a + 1"),)
''')


def _write_plugin(root, module="seqtheory_test_plugin", with_dist=True):
    (root / f"{module}.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    if with_dist:  # an installed distribution as importlib.metadata finds it on sys.path
        info = root / "seqtheory_test_plugin-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: seqtheory-test-plugin\nVersion: 0.1\n")
        (info / "entry_points.txt").write_text(f"[seqtheory.claims]\narithmetic = {module}\n")


def _run(args, root):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "seqtheory", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False, cwd=root)


def test_entry_point_plugin_appears_in_list_and_verify(tmp_path):
    _write_plugin(tmp_path)
    listed = _run(["list", "--format", "json", "plugin2026"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    (entry,) = json.loads(listed.stdout)
    assert entry["id"] == PLUGIN_ID and entry["module"] == "seqtheory_test_plugin"
    checked = _run(["verify", PLUGIN_ID], tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert PLUGIN_ID in checked.stdout and "1 claim: 1 pass" in checked.stdout


def test_register_adds_a_module_in_process(tmp_path, monkeypatch, capsys):
    _write_plugin(tmp_path, module="seqtheory_test_registered", with_dist=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    registry.register("seqtheory_test_registered")
    try:
        assert cli.main(["list", PLUGIN_ID]) == 0
        assert PLUGIN_ID in capsys.readouterr().out
        assert cli.main(["verify", PLUGIN_ID]) == 0
        assert "1 claim: 1 pass" in capsys.readouterr().out
    finally:
        registry.unregister("seqtheory_test_registered")
    assert PLUGIN_ID not in [e["id"] for e in index.entries()]


@pytest.mark.parametrize("bad", ["", "not a module", "a..b", 3, None])
def test_register_rejects_bad_names(bad):
    with pytest.raises(ValueError, match="module must be a dotted import name"):
        registry.register(bad)


def test_a_module_without_claims_is_skipped_or_an_error(tmp_path, monkeypatch):
    (tmp_path / "seqtheory_test_empty.py").write_text("CLAIMS = [1, 2]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.warns(registry.PluginWarning, match="must expose CLAIMS, a tuple of Claim"):
        assert registry.claims_by_module(["seqtheory_test_empty"]) == {}
    registry.set_strict_plugins(True)
    try:
        with pytest.raises(registry.PluginError, match="must expose CLAIMS, a tuple of Claim"):
            registry.claims_by_module(["seqtheory_test_empty"])
    finally:
        registry.set_strict_plugins(False)


def test_list_imports_no_claim_code_numpy_or_sympy():
    code = ("import sys\nfrom seqtheory.cli import main\nassert main(['list']) == 0\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'sympy', 'scipy')\n"
            "               or m.startswith('seqtheory.simulate') or m.count('.') >= 3\n"
            "               and m.startswith('seqtheory.theorems.')\n"
            "               and not m.startswith(('seqtheory.theorems.core', 'seqtheory.theorems.run')))\n"
            "print('HEAVY', heavy, file=sys.stderr)\nassert not heavy, heavy\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 0, res.stderr[-2000:]


@pytest.mark.parametrize("fmt", ["text", "json", "md"])
def test_list_formats(fmt, capsys):
    assert cli.main(["list", "--format", fmt]) == 0
    out = capsys.readouterr().out
    ids = [e["id"] for e in index.load_builtin()]
    assert all(i in out for i in ids)
    if fmt == "json":
        assert [e["id"] for e in json.loads(out)] == ids


def test_list_unknown_id_exits_2(capsys):
    assert cli.main(["list", "no/such"]) == 2
    assert "unknown claim id" in capsys.readouterr().err


def test_an_unknown_id_suggests_the_closest_ids_not_all_of_them(capsys):
    assert cli.main(["list", "huang2025/thm3.1/one-step-los$"]) == 2
    err = capsys.readouterr().err
    assert "did you mean huang2025/thm3.1/one-step-loss" in err and len(err) < 400


def test_selection_by_exact_id_prefix_and_dollar():
    """A whole id selects that claim alone even where it prefixes another id; ID$ is exact; '' is refused."""
    from types import SimpleNamespace

    items = [SimpleNamespace(id=i) for i in ("p/t/mean", "p/t/mean-weak-z", "p/u/x")]
    pick = lambda *ids: [c.id for c in registry.select_from(items, list(ids))]  # noqa: E731
    assert pick("p/t/mean") == ["p/t/mean"]
    assert pick("p/t/mean$") == ["p/t/mean"]
    assert pick("p/t/mean-") == ["p/t/mean-weak-z"]
    assert pick("p/t") == ["p/t/mean", "p/t/mean-weak-z"]
    assert pick("p/t/", "p/t/mean") == ["p/t/mean", "p/t/mean-weak-z"]
    for bad in ("", "$", "p/t/mea$"):
        with pytest.raises(ValueError, match="claim id"):
            registry.select_from(items, [bad])
    # a bare string is one id, not its characters ("p/u/x" iterated would select by "p", "/", "u", …)
    assert [c.id for c in registry.select_from(items, "p/u/x")] == ["p/u/x"]
    with pytest.raises(ValueError, match="claim id"):
        registry.select_from(items, "")
    for bad in (5, {"p/u/x"}):
        with pytest.raises(TypeError, match="ids must be a list"):
            registry.select_from(items, bad)


def test_readme_template_claim_runs(tmp_path, monkeypatch):
    """The copy-me claim file in the README is a working claim module."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    code = textwrap.dedent(readme.split("## How to add a claim", 1)[1].split("```python\n", 1)[1].split("```", 1)[0])
    code = code.replace("from seqtheory.theorems.papers import AUTHOR2025",
                        "from seqtheory.theorems.core.paper import Paper\nAUTHOR2025 = Paper('A. B', 2025, 't', '0')")
    (tmp_path / "seqtheory_test_template.py").write_text(code, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    (claim,) = registry.claims_by_module(["seqtheory_test_template"])["seqtheory_test_template"]
    result = claim.check(seed=0)
    assert result.verdict == "pass" and result.negative_control_rejected, result


def test_shipped_index_is_the_live_registry():
    assert index.load_builtin() == index.build(), (
        "claims_index.json is stale: run `python -m seqtheory.report.index --write --readme README.md`")


def test_parametrize_with_claims_runs_every_check_on_a_plugin_claim(tmp_path, monkeypatch):
    """A plugin package tests its claims in one line, the way seqtheory tests its own."""
    from seqtheory.testing import CHECKS, parametrize_with_claims

    (tmp_path / "seqtheory_test_plugin_checks.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    claims = registry.claims_by_module(["seqtheory_test_plugin_checks"])["seqtheory_test_plugin_checks"]
    mark = parametrize_with_claims(claims)
    argnames, cases = mark.args[0], mark.args[1]
    assert argnames == ("claim", "check") and len(cases) == len(claims) * len(CHECKS)
    assert mark.kwargs["ids"][0] == "plugin2026/thm1/two-plus-two::pinned"
    for claim, check in cases:
        check(claim)
    with pytest.raises(ValueError, match="unknown checks"):
        parametrize_with_claims(claims, checks=["nope"])


FAULTY = '''
from seqtheory.theorems.core.claim import Claim, Paper
from seqtheory.theorems.core.domain import Domain, Integer
from seqtheory.theorems.core.relations import ExactEquality

PAPER = Paper("A. Author", 2024, "A paper", arxiv="2401.00001")


def broken(seed, n):
    return 1 / (n - n)


def _claim(name, simulate):
    return Claim(id=f"faulty/claims/{name}", paper=PAPER, where="Thm 1", statement="n = n",
                 domain=Domain((Integer("n", 1, 5),)), defaults={"n": 2}, theory=lambda n: n, simulate=simulate,
                 relation=ExactEquality(), negative_control=lambda n: n + 1, negative_control_text="n + 1",
                 fidelity="toolkit", stance="tool")


CLAIMS = (_claim("raises", broken), _claim("fine", lambda seed, n: n))
'''


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_claim_that_raises_costs_only_itself(tmp_path, monkeypatch, capsys, jobs):
    """A claim whose code raises gets the verdict ``error`` (type, message, file:line) and the run goes on: the other
    claims are checked, the JSON report is written, the exit status is 1."""
    (tmp_path / "seqtheory_test_faulty.py").write_text(FAULTY)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # the spawned workers import it too
    registry.register("seqtheory_test_faulty")
    out = tmp_path / "report.json"
    try:
        assert cli.main(["verify", "faulty/claims", "--jobs", jobs, "--json", str(out)]) == 1
    finally:
        registry.unregister("seqtheory_test_faulty")
    text = capsys.readouterr().out
    assert "1 pass" in text and "1 error" in text
    rep = json.loads(out.read_text())
    by_id = {r["id"]: r for r in rep["claims"]}
    assert by_id["faulty/claims/fine"]["verdict"] == "pass"
    bad = by_id["faulty/claims/raises"]
    assert bad["verdict"] == "error" and bad["detail"].startswith("ZeroDivisionError: division by zero (at ")
    assert "seqtheory_test_faulty.py:" in bad["detail"] and rep["summary"]["error"] == 1
    assert cli.main(["report", "--from", str(out), "--out", str(tmp_path / "site")]) == 0
    assert "ZeroDivisionError" in (tmp_path / "site" / "claims" / "faulty__claims__raises.html").read_text()


BROKEN_PLUGINS = {
    "seqtheory_test_importfails": "import a_module_that_does_not_exist\nCLAIMS = ()\n",
    "seqtheory_test_noclaims": "X = 1\n",
    "seqtheory_test_dupe": "from seqtheory.theorems.huang2025.thm3_1 import CLAIMS\n",
}


def test_a_broken_plugin_is_skipped_with_a_warning(tmp_path, monkeypatch, capsys):
    """A plugin that fails to import, lacks CLAIMS or reuses a built-in id is skipped with a warning naming it and
    the problem; built-in claims still list and run, the report records each plugin's fate; --strict-plugins makes
    it an error (exit 2, no traceback)."""
    for name, text in BROKEN_PLUGINS.items():
        (tmp_path / f"{name}.py").write_text(text)
        registry.register(name)
    monkeypatch.syspath_prepend(str(tmp_path))
    out = tmp_path / "r.json"
    try:
        with pytest.warns(registry.PluginWarning) as caught:
            assert cli.main(["list", FAULTY_FREE]) == 0
        said = " | ".join(str(w.message) for w in caught)
        for name, problem in (("importfails", "ModuleNotFoundError"), ("noclaims", "must expose CLAIMS"),
                              ("dupe", "duplicate claim ids")):
            assert f"claim plugin seqtheory_test_{name} skipped" in said and problem in said
        with pytest.warns(registry.PluginWarning):
            assert cli.main(["verify", FAULTY_FREE, "--jobs", "1", "--json", str(out)]) == 0
        status = {p["module"]: p["status"] for p in json.loads(out.read_text())["plugins"]}
        assert status == dict.fromkeys(BROKEN_PLUGINS, "skipped")
        assert cli.main(["--strict-plugins", "verify", FAULTY_FREE]) == 2
        assert "cannot be loaded" in capsys.readouterr().err
        # an installed plugin whose import fails: the user sees one plain line on stderr, and the rest works
        (tmp_path / "seqtheory_test_plugin.py").write_text("import a_module_that_does_not_exist\n")
        info = tmp_path / "seqtheory_test_plugin-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: seqtheory-test-plugin\nVersion: 0.1\n")
        (info / "entry_points.txt").write_text("[seqtheory.claims]\nbroken = seqtheory_test_plugin\n")
        res = _run(["verify", FAULTY_FREE, "--jobs", "1"], tmp_path)
        assert res.returncode == 0 and "1 claim: 1 pass" in res.stdout, res.stdout + res.stderr
        assert ("seqtheory: warning: claim plugin seqtheory_test_plugin skipped: ModuleNotFoundError: No module named "
                "'a_module_that_does_not_exist'") in res.stderr and "Traceback" not in res.stderr
    finally:
        for name in BROKEN_PLUGINS:
            registry.unregister(name)
        registry.set_strict_plugins(False)


FAULTY_FREE = "huang2025/thm3.1/one-step-loss"


def test_list_text_fits_100_columns(capsys):
    assert cli.main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 100 and max(len(line) for line in lines) <= 100
