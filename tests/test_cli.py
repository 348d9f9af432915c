"""The ``seqtheory`` command and ``python -m seqtheory``: exit codes, table, JSON schema, version."""

import json
import subprocess
import sys

import pytest

from seqtheory import cli
from seqtheory.theorems.core.claim import Claim, Paper
from seqtheory.theorems.core.domain import Domain, Integer
from seqtheory.theorems.core.relations import ExactEquality
from seqtheory.theorems.run import registry, verify

FAST = "huang2025/thm3.1/one-step-loss"
SCHEMA = {"id": str, "verdict": str, "error": float, "tolerance": float, "seconds": float, "control": dict}


def test_verify_prints_table_and_writes_json(tmp_path, capsys):
    out = tmp_path / "report.json"
    assert cli.main(["verify", FAST, "--json", str(out), "--seed", "3"]) == 0
    text = capsys.readouterr().out
    assert FAST in text and "pass" in text and "rej " in text and "lemma" in text
    assert max(len(line) for line in text.splitlines() if FAST in line or line.startswith("id")) <= 100
    rep = json.loads(out.read_text())
    assert rep["schema_version"] == 4 and rep["request"]["seeds"] == [3] and rep["summary"]["checks"] == 1
    rows = rep["claims"]
    assert len(rows) == 1
    for key, typ in SCHEMA.items():
        assert isinstance(rows[0][key], typ), key
    assert rows[0]["verdict"] in {"pass", "fail", "xfail"} and rows[0]["seed"] == 3
    assert rows[0]["theory"]["srepr"].startswith("Rational(") and isinstance(rows[0]["numeric"], float)


def test_verify_unknown_id_exits_2(capsys):
    assert cli.main(["verify", "no/such/claim"]) == 2
    assert "unknown claim id" in capsys.readouterr().err


def _broken_claim(expected="pass", finding=""):
    return Claim(id="broken/eq0/claim", paper=Paper("X Y", 2020, "t", "1"), where="Eq. 0", statement="1 = 2",
                 fidelity="toolkit", stance="tool",
                 domain=Domain((Integer("x", 0),)), defaults={"x": 1}, theory=lambda x: 1,
                 simulate=lambda seed, x: 2, relation=ExactEquality(), negative_control=lambda x: 3,
                 negative_control_text="3", expected=expected, finding=finding)


def test_unexpected_failure_exits_nonzero(monkeypatch, capsys):
    monkeypatch.setattr(verify, "select", lambda ids: [_broken_claim()])
    assert cli.main(["verify"]) == 1
    assert "1 unexpected" in capsys.readouterr().out


def test_recorded_finding_is_xfail_and_exits_zero(monkeypatch, capsys):
    monkeypatch.setattr(verify, "select", lambda ids: [_broken_claim("fail", "x=1: 1 ≠ 2")])
    assert cli.main(["verify"]) == 0
    out = capsys.readouterr().out
    assert "xfail" in out and "x=1: 1 ≠ 2" in out


def test_control_not_rejected_is_unexpected(monkeypatch):
    claim = _broken_claim()
    lax = Claim(**{**claim.__dict__, "simulate": lambda seed, x: 1, "negative_control": lambda x: 1})
    monkeypatch.setattr(verify, "select", lambda ids: [lax])
    assert cli.main(["verify"]) == 1


def test_list_shows_every_claim(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    for claim in registry.all_claims():
        assert claim.id in out


def test_python_dash_m_seqtheory_runs_verify(tmp_path):
    res = subprocess.run([sys.executable, "-m", "seqtheory", "verify", FAST, "--json", str(tmp_path / "v.json")],
                         capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    assert FAST in res.stdout
    assert json.loads((tmp_path / "v.json").read_text())["claims"][0]["verdict"] == "pass"


def test_figures_unknown_name_exits_2(tmp_path, capsys):
    assert cli.main(["figures", "nope", "--out", str(tmp_path)]) == 2
    assert "unknown figure" in capsys.readouterr().err


def test_version(capsys):
    import seqtheory

    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"seqtheory {seqtheory.__version__}"
    assert seqtheory.__version__ != "0+unknown"  # read from the installed distribution's metadata


def test_no_subcommand_is_an_error():
    with pytest.raises(SystemExit):
        cli.main([])


def test_a_closed_pipe_ends_quietly():
    """`seqtheory list --format json | head -1`: the reader leaves early; no BrokenPipeError traceback on stderr.
    (The JSON listing, ≈ 130 kB, is larger than a pipe's 64 kB buffer, so the writer does meet the closed pipe.)"""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "seqtheory", "list", "--format", "json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"["
    proc.stdout.close()  # the reader goes away before the listing is written
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert proc.returncode == 141


def test_seed_and_wide_are_refused_with_seeds(capsys):
    """--seed and --wide do nothing with --seeds: refused before any work, not silently ignored."""
    assert cli.main(["verify", FAST, "--seeds", "0:2", "--seed", "3"]) == 2
    assert "drop --seed" in capsys.readouterr().err
    assert cli.main(["verify", FAST, "--seeds", "0:2", "--wide"]) == 2
    assert "drop --wide" in capsys.readouterr().err


def test_one_claim_is_singular(capsys):
    assert cli.main(["verify", FAST, "--jobs", "1"]) == 0
    assert "\n1 claim: 1 pass" in capsys.readouterr().out


def test_report_and_falsify_refuse_bad_folders_before_any_work(tmp_path, capsys):
    """A missing --figures folder, or a validity-map --out that is a file, is refused at once (exit 2), not after
    the run (FileExistsError) or silently ignored."""
    assert cli.main(["report", FAST, "--figures", str(tmp_path / "none"), "--out", str(tmp_path / "s")]) == 2
    assert "--figures" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert cli.main(["falsify", FAST, "--map", "n,d", "--out", str(afile)]) == 2
    assert "--out" in capsys.readouterr().err


def test_figures_help_lists_the_figures(capsys):
    from seqtheory.figures import registry

    with pytest.raises(SystemExit):
        cli.main(["figures", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert all(name in out for name in registry.names())


def test_observe_needs_an_experiment_and_a_checkout(capsys, monkeypatch):
    """``seqtheory observe`` refuses claims without an experiment, and refuses to write records into an installed
    copy (records belong to seqtheory's source checkout)."""
    assert cli.main(["observe", FAST]) == 2
    assert "none of the selected claims runs an experiment" in capsys.readouterr().err
    from seqtheory import provenance
    from seqtheory.theorems.run import observe

    monkeypatch.setattr(provenance, "_git", lambda args, cwd: None)
    with pytest.raises(ValueError, match="installed copy"):
        observe.records_folder()
    with pytest.raises(SystemExit):
        cli.main(["observe", "--seeds", "nonsense"])


def _assert_group_gone(pgid: int, seconds: float = 10.0) -> None:
    """Every process of the group (the workers included) is gone within ``seconds`` (zombies are reaped quickly)."""
    import os
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.25)
    pytest.fail(f"a process of the stopped run is still alive after {seconds:g} s")


def test_interrupt_exits_130_and_leaves_no_partial_report(tmp_path):
    """Ctrl-C (SIGINT to the process group, as a terminal sends it) stops the run with status 130, one line on
    stderr and no truncated JSON; no worker process outlives it."""
    import os
    import signal
    import time

    out = tmp_path / "r.json"
    # every claim: ≈ 20–35 s on 2 cores (benchmarks/verify.py), so the interrupt at 6 s lands mid-run
    # SIGINT back to its default in the child: a pytest-xdist worker may ignore it, and an ignored SIGINT is
    # inherited across exec (Python then installs no KeyboardInterrupt handler) — a terminal's child never has that
    proc = subprocess.Popen([sys.executable, "-m", "seqtheory", "verify", "--jobs", "2", "--json",
                             str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(6)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-2000:]
    assert "interrupted" in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".r.json.*"))
    _assert_group_gone(proc.pid)


def test_huge_seed_ranges_and_bad_scheduler_addresses_fail_fast(capsys, monkeypatch):
    with pytest.raises(SystemExit):
        cli.main(["verify", FAST, "--seeds", "0:1000000000"])
    assert "at most 100000 seeds per run" in capsys.readouterr().err
    from seqtheory.simulate.parallel import check_address

    for good in ("tcp://10.0.0.1:8786", "localhost:8786", "tls://sched.example.org:8786", "inproc://x", None):
        assert check_address(good) == good
    for bad in ("not a url", "", "tcp://", "host:port:extra", "a b:1"):
        with pytest.raises(ValueError, match="--scheduler"):
            check_address(bad)
    # refused before any work: no table header, no forecast, one line on stderr (flag and environment alike)
    for command in (["verify", FAST, "--scheduler", "not a url"], ["falsify", FAST, "--scheduler", ""],
                    ["figures", "--quick", "--scheduler", "a b:1"]):
        assert cli.main(command) == 2, command
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.count("\n") == 1 and "not a scheduler address" in captured.err
    monkeypatch.setenv("SEQTHEORY_SCHEDULER", "host:port:extra")
    assert cli.main(["verify", FAST]) == 2 and "not a scheduler address" in capsys.readouterr().err


def test_terminate_stops_the_workers_too(tmp_path):
    """SIGTERM to the main process alone (a scheduler's `kill`): status 143, and its worker processes are stopped
    with it — none is left running."""
    import signal
    import time

    proc = subprocess.Popen([sys.executable, "-m", "seqtheory", "verify", "--jobs", "2"],  # every claim: ≥ 20 s
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(6)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=120)
    assert proc.returncode == 143
    _assert_group_gone(proc.pid)
