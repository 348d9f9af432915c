"""Every shell command the README shows is accounted for: run here exactly as written (its output checked where the
README says what it writes), run by ``.ci/run`` itself, run by another named test, or — for the ones that take
minutes to hours — parsed by the real command line (every argument validated) without the work.  A command added to
the README without a place here fails the first test."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The commands of the README's ```bash blocks, one per line, trailing comments removed."""
    out = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            command = line.split("  #")[0].strip()
            if command:
                out.append(command)
    return out


#: Run by .ci/run itself (its first and last steps), exactly as the README writes them.
BY_CI = ('python3 -m pip install ".[test]" && seqtheory verify', "python3 -m pytest")
#: Run as written by another test.
ELSEWHERE = {
    "seqtheory falsify huang2025/notes/regime-constant wishart/five-term/inverse --map n,d --json falsify.json":
        "tests/test_falsify.py::test_the_readme_falsify_example_runs_as_written (and the report test below)",
}
#: Run as written here.
RUN_HERE = (
    "seqtheory report --out site",
    "seqtheory report --from site/report.json --falsify falsify.json --out site",
    "seqtheory figures one_step_loss --quick --out /tmp/figs --seed 3",
)
#: Minutes to hours of work: parsed by the command line here, run by the tests named.
LONG = {
    "python3 -m sphinx -b html docs docs/_build/html":
        "executes every notebook (minutes): tests/test_docs_site.py and tests/test_browser_math.py build the site "
        "without executing, tests/test_notebooks.py executes each notebook",
    "seqtheory observe ren2024/trained --seeds 0:3 --jobs 2": "≈ 15 min of training; tests/test_experiment.py "
                                                             "records small experiments end to end",
    "seqtheory figures": "every figure at the paper's settings (an hour); tests/test_figures.py draws each quick",
    "seqtheory figures two_hop --jobs 2": "trains the two-hop sweep (tens of minutes); test_figures.py draws it quick",
}


def test_every_readme_command_is_accounted_for():
    commands = readme_commands()
    known = set(BY_CI) | set(ELSEWHERE) | set(RUN_HERE) | set(LONG)
    assert set(commands) == known, {"unaccounted": sorted(set(commands) - known),
                                    "no longer in the README": sorted(known - set(commands))}
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'python3 -m pip install ".[test]"' in ci and "\nseqtheory verify\n" in ci and "\npython3 -m pytest\n" in ci


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    args = shlex.split(command)
    assert args[0] == "seqtheory"
    return subprocess.run([sys.executable, "-m", "seqtheory", *args[1:]], cwd=cwd, capture_output=True, text=True,
                          timeout=900, check=False)


def test_report_examples_run_as_written(tmp_path):
    """The falsify example writes falsify.json; the first report command runs verify and writes site/ with its
    report; the second rebuilds the site from those two files."""
    (falsify,) = ELSEWHERE
    for command in (falsify, *RUN_HERE[:2]):
        res = _run(command, tmp_path)
        assert res.returncode == 0, (command, res.stdout[-2000:], res.stderr[-2000:])
    site = tmp_path / "site"
    for name in ("index.html", "summary.md", "report.json", "mathjax/tex-svg-full.js"):
        assert (site / name).is_file(), name
    page = (site / "claims" / "huang2025__notes__regime-constant.html").read_text(encoding="utf-8")
    assert "Falsification search" in page


def test_quick_figure_example_runs_as_written(tmp_path):
    res = _run(RUN_HERE[2], tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    for suffix in (".png", ".npz", ".provenance.json"):  # the image, its data and where they came from
        assert Path(f"/tmp/figs/one_step_loss{suffix}").is_file(), suffix


@pytest.mark.parametrize("command", sorted(LONG))
def test_long_examples_parse(command):
    """The long commands' every argument is accepted by the real parser (sphinx's own options by sphinx)."""
    args = shlex.split(command)
    if args[0] == "seqtheory":
        from seqtheory import cli

        parsed = cli.build_parser().parse_args(args[1:])
        assert parsed.command in ("observe", "figures")
        if parsed.command == "figures":
            from seqtheory.figures import registry as figures

            assert set(parsed.names) <= set(figures.names())
    else:
        assert args[:4] == ["python3", "-m", "sphinx", "-b"] and (ROOT / args[5]).is_dir()
