"""Observations as experiments (seqtheory.theorems.core.experiment, theorems/run/observe.py): held-out calibration,
the one-sided and equivalence tests, the regime gate and its out-of-regime verdict, recorded runs that verify
replays, and the stale verdict when a record no longer matches the code or does not reproduce."""

import json
import math

import numpy as np
import pytest

from seqtheory.simulate.stats import Estimate, Regime
from seqtheory.theorems.core.claim import Claim
from seqtheory.theorems.core.domain import Domain
from seqtheory.theorems.core.experiment import (
    Experiment,
    calibrated_threshold,
    code_hash,
    lower_bound,
    paired_effect,
    record_name,
    replicas_for_power,
)
from seqtheory.theorems.core.relations import Exceeds, Within
from seqtheory.theorems.papers import YAO2025
from seqtheory.theorems.run import observe
from seqtheory.theorems.run.record import record as as_record
from seqtheory.theorems.run.record import summary, unexpected

pytestmark = pytest.mark.filterwarnings("ignore::seqtheory.theorems.core.experiment.LiveReplicasWarning")


def toy_replica(seed_seq, shift=0.5):
    """A cheap replica: a paired effect of mean ``shift`` and spread 0.1, and a gate measure."""
    rng = np.random.default_rng(seed_seq)
    return {"effect": shift + 0.1 * rng.standard_normal(), "gate": 1.0}


def _claim(exp, gate_met=True, control=0.0, relation=None):
    def gate(runs):
        return Regime("the toy regime", f"gate {runs.column('gate').mean():g}", gate_met)

    return Claim(id="toy/exp/effect", paper=YAO2025, where="toy", statement="a toy effect", domain=Domain(()),
                 defaults={}, theory=lambda: calibrated_threshold(exp, lambda r: r["effect"]),
                 simulate=lambda seed: paired_effect(exp, seed, {}, lambda r: r["effect"], gate, lambda runs: "toy"),
                 relation=relation or Exceeds(), negative_control=lambda: control,
                 negative_control_text="no effect", fidelity="observation", stance="supports", experiment=exp)


def test_exceeds_is_a_one_sided_t_test():
    rel = Exceeds(alpha=0.05)
    q = rel.quantile(10)
    assert math.isclose(q, 1.8331129326536335)
    assert rel.judge(0.0, Estimate(0.2, 0.1, 10)).passed  # t = 2 > 1.83
    assert not rel.judge(0.0, Estimate(0.15, 0.1, 10)).passed  # t = 1.5
    assert not rel.judge(0.3, Estimate(0.2, 0.1, 10)).passed  # below the threshold: never passes
    assert math.isclose(rel.control_margin(0.0, Estimate(0.6, 0.1, 10)), 0.6 / (q * 0.1))
    assert not rel.judge(0.0, Estimate(1.0, 0.0, 1)).passed  # one replica: no test
    with pytest.raises(ValueError, match="alpha"):
        Exceeds(alpha=0.7)


def test_within_is_an_equivalence_test():
    rel = Within(0.05)
    q = Exceeds().quantile(10)
    assert rel.judge(0.0, Estimate(0.01, 0.01, 10)).passed  # 0.01 + 1.83·0.01 < 0.05
    assert not rel.judge(0.0, Estimate(0.0, 0.04, 10)).passed  # noisy: the interval leaves the margin
    assert math.isclose(rel.judge(0.0, Estimate(-0.02, 0.01, 10)).error, 0.02 + q * 0.01)
    with pytest.raises(ValueError, match="margin"):
        Within(0.0)


def test_power_count_grows_with_the_spread():
    tight = replicas_for_power([0.5, 0.52, 0.48, 0.51, 0.49], 0.25)
    loose = replicas_for_power([0.5, 0.9, 0.1, 0.7, 0.3], 0.25)
    assert 2 <= tight < loose
    assert replicas_for_power([0.1, 0.2, 0.15], 0.3) > 200  # the effect is below the threshold: no count suffices


def test_power_at_a_conservative_effect():
    """``effect`` replaces the calibration mean: powering at the mean's lower bound asks for more replicas, and a
    bound at or below the threshold asks for more than any count."""
    cal = [0.3, 0.1, 0.5, 0.2, 0.4, 0.0, 0.6, 0.25]
    low = lower_bound(cal)
    x = np.asarray(cal)
    assert math.isclose(low, x.mean() - 1.894578605061305 * x.std(ddof=1) / math.sqrt(8))  # t_{0.95, 7}
    assert lower_bound(cal, 0.975) == pytest.approx(Estimate.of_mean(x).interval(0.95)[0])
    at_mean = replicas_for_power(cal, 0.5 * x.mean(), power=0.9)
    at_low = replicas_for_power(cal, 0.5 * x.mean(), power=0.9, effect=low)
    assert at_mean < at_low
    assert replicas_for_power(cal, 0.5 * x.mean(), effect=0.5 * x.mean()) > 200
    # three test tolerances above the threshold (a control rejected as a check must) ask for more than one
    assert replicas_for_power(cal, 0.0, power=0.9) < replicas_for_power(cal, 0.0, power=0.9, margin=3.0)


def test_a_stream_draws_replicas_no_plain_root_draws(tmp_path):
    """``stream`` moves every root to ``SeedSequence([seed, stream])``: none of its replicas is a replica of the
    plain root, nor one of the streams a plain replica spawns (children of ``SeedSequence(seed).spawn(n)[i]``) —
    which ``SeedSequence(seed, spawn_key=(stream,))`` would have been."""
    plain = Experiment("toy/plain", toy_replica, replicas=10, folder=str(tmp_path))
    fresh = Experiment("toy/fresh", toy_replica, replicas=10, stream=1, folder=str(tmp_path))
    seen = {tuple(c.generate_state(4)) for r in np.random.SeedSequence(0).spawn(10)
            for c in [r, *(np.random.SeedSequence(r.entropy, spawn_key=(*r.spawn_key, i)) for i in range(3))]}
    new = {tuple(r.generate_state(4)) for r in fresh.root(0).spawn(10)}
    assert not seen & new and len(new) == 10
    assert fresh.run_replica(0, 3, 10, {}) != plain.run_replica(0, 3, 10, {})
    assert fresh.run_replica(0, 3, 10, {}) == fresh.run_replica(0, 3, 20, {})  # replica i whatever the count
    assert fresh.root_text(2) == "SeedSequence([2, 1])" and plain.root_text(2) == "SeedSequence(2)"
    for bad, err in ((0, ValueError), (True, TypeError), (1.0, TypeError)):
        with pytest.raises(err, match="stream"):
            Experiment("toy/bad", toy_replica, stream=bad)


def test_negative_sample_design_is_the_one_its_calibration_record_gives():
    """RENLIU_NEGATIVE's replica count is not a free number: recomputed from the recorded calibration replicas by
    the rule its comment states (control rejected by CONTROL_MARGIN tolerances with probability NEGATIVE_POWER at
    the calibration mean's lower bound), it is the count the check runs."""
    from seqtheory.theorems.core.claim import CONTROL_MARGIN
    from seqtheory.theorems.experiments import NEGATIVE_POWER, RENLIU_NEGATIVE, negative_replicas
    from seqtheory.theorems.renliu2024.modified_icl import negative_gain

    rec = RENLIU_NEGATIVE.record()
    assert rec is not None and rec["calibration"], "record renliu2024/modified-icl-negative is missing its calibration"
    gains = [negative_gain(r) for r in RENLIU_NEGATIVE.calibration_runs({})]
    assert len(gains) == RENLIU_NEGATIVE.calibration_replicas
    need = replicas_for_power(gains, 0.0, power=NEGATIVE_POWER, most=400, effect=lower_bound(gains),
                              margin=CONTROL_MARGIN)
    assert max(20, need) == negative_replicas(gains) == RENLIU_NEGATIVE.replicas


def test_a_claim_with_its_own_design_rule_reports_that_rule_not_the_generic_power_count():
    """The negative-samples check reports the replica count its own rule gives (196), and the rule; the other
    claimed effects report the generic 80 % power count against half the calibrated effect."""
    from seqtheory.theorems.run import registry

    negative, augmented = registry.select(["renliu2024/modified-icl/negative-samples$",
                                           "renliu2024/modified-icl/augmented$"])
    design = negative.check(seed=0).design
    assert design["power_replicas"] == design["replicas"] == 196
    assert design["power_rule"] == "seqtheory.theorems.experiments.negative_replicas"
    generic = augmented.check(seed=0).design
    assert generic["power_rule"].startswith("80% power at the calibrated effect")


def test_calibration_seeds_are_never_checked(tmp_path):
    exp = Experiment("toy/cal", toy_replica, replicas=5, calibration_seeds=(7,), folder=str(tmp_path))
    claim = _claim(exp)
    with pytest.raises(ValueError, match="calibration seed"):
        claim.check(seed=7)
    with pytest.raises(ValueError, match="calibration seeds"):
        observe.plan([claim], [0, 7])
    with pytest.raises(ValueError, match="replicas"):
        Experiment("toy/few", toy_replica, replicas=3)


def test_threshold_comes_from_the_calibration_replicas_only(tmp_path):
    exp = Experiment("toy/thr", toy_replica, replicas=5, calibration_seeds=(1000,), calibration_replicas=4,
                     folder=str(tmp_path))
    runs = exp.run_live(1000, {}, 4)
    assert math.isclose(calibrated_threshold(exp, lambda r: r["effect"]), 0.5 * np.mean([r["effect"] for r in runs]))
    negative = Experiment("toy/neg", lambda ss: toy_replica(ss, shift=-0.5), replicas=5, folder=str(tmp_path))
    assert calibrated_threshold(negative, lambda r: r["effect"]) == 0.0  # the claimed direction: never below 0


def test_gate_closed_is_out_of_regime_never_pass(tmp_path):
    exp = Experiment("toy/gate", toy_replica, replicas=6, folder=str(tmp_path))
    inside, outside = _claim(exp).check(seed=0), _claim(exp, gate_met=False).check(seed=0)
    assert inside.verdict == "pass" and inside.negative_control_rejected
    assert outside.verdict == "out-of-regime" and outside.passed  # the test passed; the verdict does not count it
    rec = as_record(_claim(exp, gate_met=False), outside, 0)
    assert rec["regime"] == {"condition": "the toy regime", "measured": "gate 1", "met": False}
    assert rec["design"]["replicas"] == 6 and rec["design"]["runs_from"] == "live"
    assert rec["design"]["calibration_seeds"] == [1000] and len(rec["design"]["interval_95"]) == 2
    assert not unexpected(rec) and summary([rec])["out_of_regime"] == 1 and summary([rec])["pass"] == 0


def test_recorded_runs_are_read_replayed_and_go_stale(tmp_path, monkeypatch):
    exp = Experiment("toy/rec", toy_replica, replicas=5, calibration_replicas=3, folder=str(tmp_path))
    claim = _claim(exp)
    monkeypatch.setattr(observe, "run_replica", lambda task: exp.run_replica(task.seed, task.index, task.count,
                                                                             task.params))
    tasks, experiments = observe.plan([claim], [0, 1])
    assert len(tasks) == 2 * 5 + 3
    results = [observe.run_replica(t) for t in tasks]
    monkeypatch.setattr("seqtheory.theorems.run.registry.claim_by_id", lambda cid, module=None: claim)
    (path,) = observe.write_records(tasks, results, experiments, tmp_path)
    assert path.name == record_name("toy/rec") == "toy__rec.json"
    rec = json.loads(path.read_text())
    assert rec["code_hash"] == code_hash(exp.module())[0] and sorted(rec["checks"]) == ['0 {}', '1 {}']
    fresh = Experiment("toy/rec", toy_replica, replicas=5, calibration_replicas=3, folder=str(tmp_path))
    check = _claim(fresh).check(seed=1)
    assert check.design["runs_from"] == "record" and check.verdict == "pass" and not check.stale
    assert _claim(fresh).check(seed=0).numeric == claim.check(seed=0).numeric  # recorded = live, bit for bit
    # a record made by other code is stale (an unexpected verdict); so is one whose replica 0 does not reproduce
    rec["code_hash"] = "0" * 64
    path.write_text(json.dumps(rec))
    stale = _claim(Experiment("toy/rec", toy_replica, replicas=5, folder=str(tmp_path))).check(seed=1)
    assert stale.verdict == "stale" and "re-run `seqtheory observe`" in stale.stale
    rec["code_hash"] = code_hash(exp.module())[0]
    rec["checks"]["1 {}"]["runs"][0]["effect"] += 1e-12
    path.write_text(json.dumps(rec))
    moved = _claim(Experiment("toy/rec", toy_replica, replicas=5, folder=str(tmp_path))).check(seed=1)
    assert moved.verdict == "stale" and "does not reproduce" in moved.stale
    assert unexpected(as_record(claim, moved, 1))


def test_an_experiment_belongs_to_an_observation():
    exp = Experiment("toy/x", toy_replica)
    with pytest.raises(ValueError, match="only an observation"):
        Claim(id="toy/x/y", paper=YAO2025, where="w", statement="s", domain=Domain(()), defaults={},
              theory=lambda: 0.0, simulate=lambda seed: 0.0, relation=Exceeds(), negative_control=lambda: 1.0,
              negative_control_text="c", fidelity="toolkit", stance="tool", experiment=exp)
    with pytest.raises(TypeError, match="experiment must be an Experiment"):
        _claim("not an experiment")


def test_observe_progress_speaks_after_every_long_silence_and_counts_per_experiment():
    """A line every twentieth of the replicas, and after any replica ending ≥ HEARTBEAT s of silence (the first eight
    two-hop regime replicas took 25 minutes with no line), with each experiment's count."""
    lines, now = [], [0.0]
    names = ["slow"] * 4 + ["fast"] * 36
    show = observe.Progress(names, lines.append, 0.0, clock=lambda: now[0])
    for i in range(4):  # one slow replica every 5 minutes: every one prints
        now[0] += 300.0
        show(i, {})
    assert len(lines) == 4 and "slow 4/4, fast 0/36" in lines[-1] and "rough" in lines[-1]
    for i in range(4, 40):  # fast ones, 1 s apart: only every second one (40 // 20) and the last
        now[0] += 1.0
        show(i, {})
    assert len(lines) == 4 + 18 and lines[-1].startswith("  40/40 replicas") and "rough" not in lines[-1]
