"""Figures in quick mode: deterministic data, written image + data + provenance."""

import json

import numpy as np
import pytest

from seqtheory import cli
from seqtheory.figures import output, registry


@pytest.mark.parametrize("name", registry.names())
def test_quick_compute_is_deterministic_in_the_seed(name):
    module = registry.load(name)
    a, b = module.compute(module.QUICK, 7), module.compute(module.QUICK, 7)
    measured = getattr(module, "MEASURED", ())  # timings and memory are measurements, not seeded data
    assert output.data_digest({k: v for k, v in a.items() if k not in measured}) == \
        output.data_digest({k: v for k, v in b.items() if k not in measured})
    for key, value in a.items():
        assert np.all(np.isfinite(value)), key
    module.plot(a)


@pytest.mark.parametrize("name", [n for n in registry.names() if getattr(registry.load(n), "PARALLEL", False)])
def test_parallel_figures_do_not_depend_on_the_number_of_workers(name):
    module = registry.load(name)
    one, two = module.compute(module.QUICK, 3, jobs=1), module.compute(module.QUICK, 3, jobs=2)
    assert output.data_digest(one) == output.data_digest(two)


def test_cli_writes_image_data_and_provenance(tmp_path, capsys):
    assert cli.main(["figures", "--quick", "--out", str(tmp_path), "--seed", "1"]) == 0
    for name in registry.names():
        for suffix in (".png", ".pdf", ".npz", ".provenance.json"):
            assert (tmp_path / f"{name}{suffix}").stat().st_size > 0
        prov = json.loads((tmp_path / f"{name}.provenance.json").read_text())
        assert prov["seed"] == 1 and prov["figure"] == name
        assert {"numpy", "sympy", "python"} <= set(prov["versions"])
        with np.load(tmp_path / f"{name}.npz") as data:
            assert output.data_digest(dict(data)) == prov["data_sha256"]
            assert not set(data) & set(prov["measured_arrays"])  # measurements live in their own file
        assert prov["quick"] is True and prov["source"]["kind"] in ("git", "installed")
    prov = json.loads((tmp_path / "attention_kernels.provenance.json").read_text())
    assert prov["measured_file"] == "attention_kernels.measured.npz" and "dense_seconds" in prov["measured_arrays"]


def test_one_step_figure_data_agree_with_theory():
    from seqtheory.figures import one_step_loss as fig

    data = fig.compute(fig.QUICK, 0)
    n, d = int(data["n"]), int(data["d"])
    eta = data["eta_grid"]
    np.testing.assert_allclose(data["loss_grid"], d - 2 * eta * d + eta**2 * d * (n + d + 1) / n, rtol=1e-12)
    z = np.abs(data["loss_mc"] - (d - 2 * data["eta_mc"] * d + data["eta_mc"] ** 2 * d * (n + d + 1) / n))
    assert np.all(z <= 5 * data["stderr_mc"])
