"""The runner: same records whatever runs them (serial, a local pool, a Dask cluster), streaming, the versioned
report and its schema, mergeable estimates, and provenance of seqtheory's own source."""

import json
import os
import subprocess

import numpy as np
import pytest

from seqtheory import cli, provenance
from seqtheory.simulate.stats import Estimate, merge_shards, shard_seeds
from seqtheory.theorems.run import record as report
from seqtheory.theorems.run import registry, runner, verify

#: Fast claims of every kind: a Monte Carlo z-test, an exact identity, a deterministic kernel check, a finding.
IDS = ["huang2025/thm3.1/one-step-loss", "wishart/identities/chi-square", "gu2023/scan/causal",
       "huang2025/notes/median-vanishes", "ren2024/dp"]


def _report(tmp_path, name, *extra):
    path = tmp_path / f"{name}.json"
    assert cli.main(["verify", *IDS, "--seed", "5", "--json", str(path), *extra]) == 0
    return json.loads(path.read_text())


def test_jobs_do_not_change_the_report(tmp_path):
    one = _report(tmp_path, "one", "--jobs", "1")
    two = _report(tmp_path, "two", "--jobs", "2")
    assert one["execution"]["jobs"] == 1 and two["execution"]["jobs"] == 2
    assert report.without_timings(one) == report.without_timings(two)
    assert [r["id"] for r in one["claims"]] == [c.id for c in verify.select(IDS)]


def test_report_matches_its_schema_and_records_provenance(tmp_path):
    import jsonschema  # a test dependency (never skipped)

    rep = _report(tmp_path, "schema", "--jobs", "1")
    jsonschema.validate(rep, report.schema())
    assert rep["source"]["kind"] in ("git", "installed") and rep["request"]["seeds"] == [5]
    assert rep["packages"]["numpy"] == np.__version__
    bad = dict(rep, schema_version=0)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, report.schema())


def test_exact_values_are_lossless():
    import sympy as sp

    n = sp.Symbol("n", positive=True)
    value = sp.Rational(3, 7) * n**2 + 10**40
    form = report.exact_form(value)
    assert sp.sympify(form["srepr"]) == value
    assert report.exact_form(10**40) == {"text": str(10**40), "int": str(10**40)}
    assert report.exact_form([sp.Integer(2), 0.5]) == [{"text": "2", "srepr": "Integer(2)"}, 0.5]


def test_streaming_prints_each_row_and_fits_100_columns(capsys):
    assert verify.run(IDS[:2], seed=1, jobs=1) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [ln for ln in lines if ln.startswith(("huang2025/", "wishart/"))]
    assert len(rows) == 2 and all(len(ln) <= 100 for ln in rows)


def test_seed_sweep_through_the_pool(tmp_path):
    path = tmp_path / "seeds.json"
    assert cli.main(["verify", IDS[0], "--seeds", "0:3", "--jobs", "2", "--json", str(path)]) == 0
    rep = json.loads(path.read_text())
    assert [r["seed"] for r in rep["claims"]] == [0, 1, 2]
    assert rep["per_claim"][0]["unexpected"] == 0 and rep["request"]["seeds"] == [0, 1, 2]
    import jsonschema

    jsonschema.validate(rep, report.schema())


def test_bad_jobs_and_unreachable_scheduler_are_clear(capsys):
    with pytest.raises(SystemExit):
        cli.main(["verify", "--jobs", "0"])
    assert "--jobs" in capsys.readouterr().err
    assert cli.main(["verify", IDS[1], "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "scheduler" in capsys.readouterr().err


def test_dask_local_cluster_gives_the_same_records_and_survives_a_killed_worker():
    import distributed  # a test dependency (never skipped): the optional extra seqtheory[dask] for users

    claims = verify.select(IDS)
    modules = registry.modules_of(claims)
    tasks = [runner.Task(c.id, 5, module=modules[c.id]) for c in claims]
    serial = runner.collect(runner.execute(tasks, 1), len(tasks))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:  # the runner must not need a default
        first = runner.collect(runner.execute(tasks, scheduler=cluster.scheduler_address), len(tasks))
        victim = sorted(client.scheduler_info()["workers"])[0]
        stream = runner.execute(tasks + tasks, scheduler=cluster.scheduler_address)
        got = {}
        for k, (i, rec) in enumerate(stream):
            got[i] = rec
            if k == 0:  # kill one worker mid-run: its tasks are rescheduled, none lost or duplicated
                try:
                    client.run(os._exit, 1, workers=[victim])
                except Exception:
                    pass
        assert sorted(got) == list(range(2 * len(tasks)))
    strip = [{k: v for k, v in r.items() if k != "seconds"} for r in serial]
    assert [{k: v for k, v in r.items() if k != "seconds"} for r in first] == strip
    assert [{k: v for k, v in got[i].items() if k != "seconds"} for i in range(len(tasks))] == strip


def test_estimates_merge_exactly_and_by_shard_index():
    draws = np.random.default_rng(0).standard_normal(10_001) * 3 + 1
    shards = np.array_split(draws, 7)
    merged = merge_shards(Estimate.of_mean(s) for s in shards)
    whole = Estimate.of_mean(draws)
    assert merged.samples == whole.samples
    assert merged.value == pytest.approx(whole.value, rel=1e-14)
    assert merged.stderr == pytest.approx(whole.stderr, rel=1e-12)
    assert merged.stderr == pytest.approx(draws.std(ddof=1) / np.sqrt(draws.size), rel=1e-12)
    # the fold is in shard order: the same shards give the same bits whoever computed them
    again = merge_shards([Estimate.of_mean(s) for s in shards])
    assert (again.value, again.stderr) == (merged.value, merged.stderr)
    with pytest.raises(ValueError, match="merged"):
        Estimate.exact(1.0).merge(whole)
    with pytest.raises(ValueError, match="at least one"):
        merge_shards([])
    a, b = shard_seeds(3, 2)
    assert a.entropy == b.entropy == 3 and a.spawn_key != b.spawn_key


def test_provenance_ignores_a_foreign_git_checkout(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "someone-else"\n')
    fake = tmp_path / "venv" / "seqtheory" / "provenance.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("")
    assert provenance.source(fake)["kind"] == "installed"
    assert provenance.source()["kind"] in ("git", "installed")


def _normal_draws(rng, count):
    return rng.standard_normal(count) ** 2


def test_sharded_mean_is_bit_identical_for_any_number_of_workers():
    from seqtheory.simulate.parallel import sharded_mean

    one = sharded_mean(_normal_draws, seed=7, total=200_001, shards=8, jobs=1)
    two = sharded_mean(_normal_draws, seed=7, total=200_001, shards=8, jobs=2)
    assert (one.value, one.stderr, one.samples, one.m2) == (two.value, two.stderr, two.samples, two.m2)
    assert one.samples == 200_001 and abs(one.value - 1) < 5 * one.stderr  # E[χ²_1] = 1
    with pytest.raises(ValueError, match="shards"):
        sharded_mean(_normal_draws, seed=7, total=10, shards=6)


def _blas_thread_counts(_):
    import scipy.linalg  # noqa: F401  (scipy's own OpenBLAS, loaded after the worker started)
    from threadpoolctl import threadpool_info

    return [lib["num_threads"] for lib in threadpool_info()]


def test_pool_workers_run_one_native_thread_each():
    # the workers start when tasks are submitted: a cap applied only while the pool object is built misses them
    from seqtheory.simulate import parallel

    counts = [c for _, c in parallel.execute([0, 1], 2, None, _blas_thread_counts)]
    assert counts and all(counts) and all(n == 1 for c in counts for n in c), counts


def test_a_dask_run_with_no_worker_left_or_no_progress_ends_with_a_clear_error(monkeypatch):
    """Instead of waiting forever: a cluster whose last worker is gone, and a run where no task finishes within
    the task timeout, both end in ClusterError (the CLI's one line and status 3)."""
    import time

    import distributed

    from seqtheory.simulate import parallel

    monkeypatch.setattr(parallel, "POLL_S", 0.2)
    monkeypatch.setattr(parallel, "NO_WORKER_S", 1.0)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        monkeypatch.setenv("SEQTHEORY_TASK_TIMEOUT", "1.5")
        t0 = time.monotonic()
        with pytest.raises(parallel.ClusterError, match="no task finished for 2 s"):
            list(parallel.execute([30.0], 1, cluster.scheduler_address, time.sleep))
        assert time.monotonic() - t0 < 20
        monkeypatch.setenv("SEQTHEORY_TASK_TIMEOUT", "600")
        client.retire_workers(list(client.scheduler_info()["workers"]), close_workers=True)
        with pytest.raises(parallel.ClusterError, match="no Dask worker has been connected"):
            list(parallel.execute([0.1, 0.1], 1, cluster.scheduler_address, time.sleep))
    monkeypatch.setenv("SEQTHEORY_TASK_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="SEQTHEORY_TASK_TIMEOUT"):
        parallel.task_timeout()


def test_keep_freed_memory_sets_glibc_and_changes_no_number():
    """On glibc the allocator settings apply (mallopt returns 1 for each); a training gives the same bits before
    and after (only where memory comes from changes)."""
    import platform
    import subprocess
    import sys

    from seqtheory.allocator import keep_freed_memory

    glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    code = ("import numpy as np, sys\n"
            "from seqtheory.allocator import keep_freed_memory\n"
            "from seqtheory.simulate import dp_replica as d\n"
            f"if sys.argv[1] == 'keep': assert keep_freed_memory() is {glibc}\n"
            "print(repr(d.train('mamba', True, np.random.default_rng(3), 8)[1].tolist()))\n")
    runs = [subprocess.run([sys.executable, "-c", code, mode], check=True, capture_output=True, text=True).stdout
            for mode in ("keep", "default")]
    assert runs[0] == runs[1] and runs[0].strip()
    assert keep_freed_memory() is glibc
