"""Observations as experiments: replicas, held-out calibration, a regime gate and recorded runs.

An empirical claim (fidelity ``observation``) measures trained replicas.  Its :class:`Experiment` says how one
replica runs (``replica(seed_seq, **params) -> {measure: number}``), how many replicas a check takes, and which
root seeds are **calibration** seeds: a threshold or a replica count may be chosen only from replicas spawned from
them, and ``Claim.check`` refuses to check at them, so no verdict is ever decided on the seeds that tuned it.  The
replicas of a check at seed ``s`` are ``SeedSequence(s).spawn(replicas)``: replica *i* is the same whatever runs it.
An experiment with a ``stream`` draws from ``SeedSequence([s, stream])`` instead: the same seeds, replicas no other
experiment has drawn — for a design made after some replicas of the plain stream had been seen.  (Not
``SeedSequence(s, spawn_key=(stream,))``: that is child ``stream`` of the plain root, whose own children a replica's
streams already are.)

**Recorded runs.**  Ten or more trained replicas per claim would make every ``verify`` take many minutes, so
``seqtheory observe`` runs them once and writes a record, ``theorems/observations/<experiment>.json``
(:mod:`seqtheory.theorems.run.observe`): per seed and parameter point the per-replica measures, plus the code hash
of every ``seqtheory.simulate`` module the replica runs, seqtheory's commit and the package versions.  ``verify``
then reads the record and re-runs **replica 0** live: it must reproduce the recorded numbers exactly (same seed ⇒
same bytes).  A record whose code hash no longer matches the installed code, or whose replica 0 does not reproduce,
makes the check's verdict ``stale`` (an unexpected outcome: CI fails until ``seqtheory observe`` is re-run).  A point
with no record runs every replica live, and the detail says so.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.stats import Estimate, Observation, Regime

__all__ = ["ALPHA", "FRACTION", "MIN_REPLICAS", "POWER", "RECORDS", "Experiment", "LiveReplicasWarning", "Runs",
           "calibrated_threshold", "canonical", "claimed_effect", "code_hash", "lower_bound", "paired_effect",
           "record_name", "replicas_for_power"]

#: Where the records live, inside the installed package (``seqtheory.theorems`` package data).
RECORDS = "observations"
#: The smallest replica count an experiment may declare (the observation standard: a power calculation may lower
#: the default of 10, never below this).
MIN_REPLICAS = 5


class LiveReplicasWarning(UserWarning):
    """A check trains its replicas live because no record holds them (slow, but correct)."""


@dataclass(frozen=True)
class Runs:
    """The replicas of one check: ``runs[i]`` is replica *i*'s measures; ``source`` says where they came from
    (``"record"``, ``"live"``) and ``stale`` why the record cannot be trusted (empty when it can)."""

    runs: tuple[dict, ...]
    seed: int
    source: str
    stale: str = ""

    def column(self, name: str) -> np.ndarray:
        """One measure across replicas, in replica order."""
        return np.array([r[name] for r in self.runs], dtype=float)  # (replicas,)


def record_name(experiment: str) -> str:
    """The record's file name for an experiment name (``yao2025/two-hop`` → ``yao2025__two-hop.json``)."""
    return experiment.replace("/", "__") + ".json"


def _module_source(name: str) -> str | None:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    with open(spec.origin, encoding="utf-8") as fh:
        return fh.read()


def _simulate_imports(source: str) -> set[str]:
    """The ``seqtheory.simulate`` modules a source imports (at any depth of the file: lazy imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("seqtheory.simulate")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("seqtheory.simulate"):
            found.add(node.module)
            for a in node.names:
                sub = f"{node.module}.{a.name}"
                if importlib.util.find_spec(node.module) is not None and _is_module(sub):
                    found.add(sub)
    return found


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def code_hash(module: str) -> tuple[str, list[str]]:
    """SHA-256 over the source of ``module`` and every ``seqtheory.simulate`` module it imports, transitively (sorted
    by name): what a replica's numbers depend on.  Returns the hex digest and the module names hashed."""
    seen: dict[str, str] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        source = _module_source(name)
        if source is None:
            continue
        seen[name] = source
        todo.extend(sorted(_simulate_imports(source) - set(seen)))
    digest = hashlib.sha256()
    for name in sorted(seen):
        digest.update(name.encode() + b"\0" + seen[name].encode() + b"\0")
    return digest.hexdigest(), sorted(seen)


def canonical(params: Mapping[str, Any]) -> str:
    """A parameter point as the record keys it (sorted JSON)."""
    return json.dumps({k: params[k] for k in sorted(params)}, sort_keys=True)


@dataclass(frozen=True)
class Experiment:
    """How an observation's replicas run (see the module docstring).

    ``name`` keys the record (several claims may share one experiment: the same trainings measured several ways);
    ``replica(seed_seq, **params)`` returns one replica's measures as a dict of numbers; ``replicas`` is the count a
    check runs (≥ :data:`MIN_REPLICAS`); ``calibration_seeds`` the root seeds reserved for calibration, with
    ``calibration_replicas`` replicas each; ``params`` maps the claim's parameters to the replica's (identity by
    default); ``stream`` (optional, ≥ 1) moves every root seed to its own child stream (module docstring)."""

    name: str
    replica: Callable[..., dict]
    replicas: int = 10
    calibration_seeds: tuple[int, ...] = (1000,)
    calibration_replicas: int = 5
    params: Callable[..., dict] | None = None
    #: a cheap replay of a replica (the first steps of each training): returns a subset of the replica's measures
    #: that must equal the recorded ones bit for bit; None: ``verify`` re-runs replica 0 in full
    replay: Callable[..., dict] | None = None
    description: str = ""
    #: where the record is read from (default: the package's ``theorems/observations``; tests point elsewhere)
    folder: str | None = None
    #: None: replicas spawn from ``SeedSequence(seed)``; an integer ≥ 1: from ``SeedSequence([seed, stream])``
    stream: int | None = None
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name or any(c.isspace() for c in self.name):
            raise ValueError(f"experiment name must be non-empty text without spaces, got {self.name!r}")
        if not callable(self.replica):
            raise TypeError(f"experiment {self.name}: replica must be callable, got {self.replica!r}")
        validate.integer("replicas", self.replicas, MIN_REPLICAS)
        validate.integer("calibration_replicas", self.calibration_replicas, 2)
        if not self.calibration_seeds or not all(
                isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in self.calibration_seeds):
            raise ValueError(f"experiment {self.name}: calibration_seeds must be a non-empty tuple of seeds ≥ 0, got "
                             f"{self.calibration_seeds!r}")
        if self.stream is not None:
            validate.integer("stream", self.stream, 1)

    def root(self, seed: int) -> np.random.SeedSequence:
        """The root the replicas at ``seed`` spawn from (:attr:`stream`)."""
        if self.stream is None:
            return np.random.SeedSequence(seed)
        return np.random.SeedSequence([seed, self.stream])

    def root_text(self, seed: int) -> str:
        """:meth:`root` as text, for a check's design record."""
        return f"SeedSequence({seed})" if self.stream is None else f"SeedSequence([{seed}, {self.stream}])"

    # -- replicas ---------------------------------------------------------------------------------------------
    def replica_params(self, params: Mapping[str, Any]) -> dict:
        return dict(self.params(**params) if self.params else params)

    def run_replica(self, seed: int, index: int, count: int, params: Mapping[str, Any]) -> dict:
        """Replica ``index`` of the ``count`` spawned from root ``seed`` (its measures as plain floats)."""
        from seqtheory.simulate import threads

        seed_seq = self.root(seed).spawn(count)[index]
        with threads.one_blas_thread():  # one BLAS thread: the same bytes in a worker, in the main process or on Dask
            out = self.replica(seed_seq, **self.replica_params(params))
        return {str(k): float(v) for k, v in out.items()}

    def replay_replica(self, seed: int, params: Mapping[str, Any]) -> dict:
        """The replay of replica 0 of a check at ``seed`` (:attr:`replay`)."""
        from seqtheory.simulate import threads

        assert self.replay is not None
        seed_seq = self.root(seed).spawn(self.replicas)[0]
        with threads.one_blas_thread():
            out = self.replay(seed_seq, **self.replica_params(params))
        return {str(k): float(v) for k, v in out.items()}

    def run_live(self, seed: int, params: Mapping[str, Any], count: int | None = None) -> tuple[dict, ...]:
        count = self.replicas if count is None else count
        return tuple(self.run_replica(seed, i, count, params) for i in range(count))

    def calibration_runs(self, params: Mapping[str, Any]) -> tuple[dict, ...]:
        """Every calibration replica at ``params`` (recorded when the record has them, else run live)."""
        rec = self.record()
        key = canonical(self.replica_params(params))
        out: list[dict] = []
        for seed in self.calibration_seeds:
            entry = (rec or {}).get("calibration", {}).get(f"{seed} {key}")
            out.extend(entry["runs"] if entry else self.run_live(seed, params, self.calibration_replicas))
        return tuple(out)

    # -- records ----------------------------------------------------------------------------------------------
    def module(self) -> str:
        return self.replica.__module__

    def code(self) -> str:
        if "code" not in self._cache:
            self._cache["code"] = code_hash(self.module())[0]
        return self._cache["code"]

    def record(self) -> dict | None:
        """The committed record of this experiment (None when there is none)."""
        if "record" not in self._cache:
            from pathlib import Path

            path = (Path(self.folder) / record_name(self.name) if self.folder is not None
                    else resources.files("seqtheory.theorems").joinpath(RECORDS).joinpath(record_name(self.name)))
            self._cache["record"] = json.loads(path.read_text("utf-8")) if path.is_file() else None
        return self._cache["record"]

    def runs(self, seed: int, params: Mapping[str, Any]) -> Runs:
        """The check's replicas at ``seed``: from the record (replica 0 re-run and compared) or live."""
        if seed in self.calibration_seeds:
            raise ValueError(f"experiment {self.name}: seed {seed} is a calibration seed (thresholds were chosen on "
                             f"it); check at a seed outside {list(self.calibration_seeds)}")
        key = f"{seed} {canonical(self.replica_params(params))}"
        cached = self._cache.setdefault("runs", {})
        if key not in cached:  # the claims sharing this experiment read (and replay) it once per process
            cached[key] = self._runs(seed, params, key)
        return cached[key]

    def _runs(self, seed: int, params: Mapping[str, Any], key: str) -> Runs:
        rec = self.record()
        entry = (rec or {}).get("checks", {}).get(key)
        if entry is None or len(entry["runs"]) != self.replicas:
            import warnings

            warnings.warn(f"experiment {self.name}: no recorded runs at seed {seed} for these parameters; training "
                          f"{self.replicas} replicas live (this can take long — `seqtheory observe --seeds "
                          f"{seed}:{seed + 1}` records them)", LiveReplicasWarning, stacklevel=2)
            return Runs(self.run_live(seed, params), seed, "live")
        runs = tuple(entry["runs"])
        if rec is not None and rec.get("code_hash") != self.code():
            return Runs(runs, seed, "record", stale=f"the record of {self.name} was made by other code (hash "
                                                     f"{str(rec.get('code_hash'))[:12]}, now {self.code()[:12]}): "
                                                     "re-run `seqtheory observe`")
        again = self.replay_replica(seed, params) if self.replay else self.run_replica(seed, 0, self.replicas, params)
        if any(runs[0].get(k) != v for k, v in again.items()):
            diff = {k: (runs[0].get(k), v) for k, v in again.items() if runs[0].get(k) != v}
            return Runs(runs, seed, "record", stale=f"replica 0 does not reproduce its recorded numbers "
                                                     f"(recorded, now: {diff})")
        return Runs(runs, seed, "record")


#: The threshold of a claimed effect, as a share of the effect measured on the calibration replicas: the claim is
#: that the check replicas show at least half the calibrated effect, significantly (one-sided t at ALPHA).
FRACTION = 0.5
ALPHA = 0.05
POWER = 0.8


def calibrated_threshold(experiment: Experiment, effect: Callable[[dict], float],
                         params: Mapping[str, Any] | None = None, fraction: float = FRACTION) -> float:
    """``fraction`` × the mean per-replica ``effect`` over the calibration replicas (never a check seed), and at
    least 0: a claimed effect has a direction, so a calibration that shows none (or the opposite) leaves the claim
    "more than no effect" — which the check replicas may then refute."""
    runs = experiment.calibration_runs(params or {})
    return max(0.0, fraction * float(np.mean([effect(r) for r in runs])))


def replicas_for_power(calibration: Sequence[float], threshold: float, alpha: float = ALPHA, power: float = POWER,
                       most: int = 200, effect: float | None = None, margin: float = 1.0) -> int:
    """The smallest replica count m ≥ 2 at which the one-sided t-test of H0: mean ≤ ``threshold`` rejects with
    probability ≥ ``power`` when the true mean effect and spread are those of the ``calibration`` effects
    (noncentral t: ncp = (mean − threshold)·√m / sd); ``most + 1`` when no m ≤ ``most`` reaches it.  ``effect``
    replaces the calibration mean as the true effect (a conservative design: e.g. :func:`lower_bound`);
    ``margin`` asks for a mean ``margin`` test tolerances above the threshold (``margin = CONTROL_MARGIN`` with the
    threshold at the negative control: the power to reject the control as a check must)."""
    from scipy import stats

    x = np.asarray(calibration, dtype=float)  # (calibration replicas,)
    mean, sd = float(x.mean()) if effect is None else float(effect), float(x.std(ddof=1))
    if mean <= threshold:
        return most + 1
    if sd == 0:
        return 2
    for m in range(2, most + 1):
        q = stats.t.isf(alpha, m - 1)
        if stats.nct.sf(margin * q, m - 1, (mean - threshold) * np.sqrt(m) / sd) >= power:
            return m
    return most + 1


def lower_bound(calibration: Sequence[float], confidence: float = 1 - ALPHA) -> float:
    """The one-sided Student-t lower ``confidence`` bound of the calibration effects' mean (the low end of the
    two-sided ``2·confidence − 1`` interval): the effect a design powered on it can still detect when the
    calibration replicas happened to overestimate the effect."""
    x = np.asarray(calibration, dtype=float)  # (calibration replicas,)
    return Estimate.of_mean(x).interval(2 * confidence - 1)[0]


def paired_effect(experiment: Experiment, seed: int, params: Mapping[str, Any], effect: Callable[[dict], float],
                  regime: Callable[[Runs], Regime] | None, detail: Callable[[Runs], str],
                  test: str = f"one-sided paired t-test, H0: mean effect ≤ threshold, α = {ALPHA}",
                  estimate: Callable[[Runs], Estimate] | None = None, power: bool = True,
                  power_rule: Callable[[list[float]], int] | None = None) -> Observation:
    """The observation of a paired design: the check replicas at ``seed`` (recorded or live), the per-replica
    ``effect`` and its mean as an :class:`Estimate` (or ``estimate(runs)``, e.g. a pooled ratio) with its 95 %
    Student-t interval, the ``regime`` gate, and the design fields every observation reports (``test`` names the
    test the claim's relation makes; ``power``: also the calibrated effect and the replica count a one-sided test
    of half of it needs — for a claimed effect, not for an equivalence or a paper-value check; ``power_rule``: the
    claim's own design rule instead, the replica count from the calibration effects, reported by its qualified
    name as ``power_rule``)."""
    runs = experiment.runs(seed, params)
    est = estimate(runs) if estimate else Estimate.of_mean(np.array([effect(r) for r in runs.runs]))  # (replicas,)
    low, high = est.interval()
    calibration = [effect(r) for r in experiment.calibration_runs(params)] if power else [math.nan]
    cal_mean = float(np.mean(calibration))
    design = {"experiment": experiment.name, "replicas": len(runs.runs), "check_seed": runs.seed,
              "check_replicas": f"{experiment.root_text(runs.seed)}.spawn({len(runs.runs)})",
              "calibration_seeds": list(experiment.calibration_seeds),
              "calibration_replicas": experiment.calibration_replicas,
              "test": test, "effect": est.value, "effect_stderr": est.stderr, "interval_95": [low, high],
              "runs_from": runs.source, "calibrated_effect": cal_mean,
              # replicas the one-sided test needs for 80 % power at the calibrated effect against half of it (None
              # when the calibration shows no effect in the claimed direction: no count can have power then), or
              # what the claim's own design rule asks of the same calibration
              "power_replicas": (power_rule(calibration) if power_rule is not None and power
                                 else replicas_for_power(calibration, FRACTION * cal_mean) if power and cal_mean > 0
                                 else None),
              "power_rule": (f"{power_rule.__module__}.{power_rule.__qualname__}" if power_rule is not None and power
                             else f"{POWER:.0%} power at the calibrated effect against {FRACTION:g} of it (one-sided "
                                  f"t, α = {ALPHA})" if power else None)}
    where = "recorded runs (replica 0 replayed)" if runs.source == "record" else "run live (no record)"
    return Observation(est, f"{detail(runs)}; effect {est.describe('+.3f')}; {where}",
                       regime=regime(runs) if regime else None, design=design, stale=runs.stale)


def claimed_effect(experiment: Experiment, effect: Callable[[dict], float], regime: Callable[[Runs], Regime] | None,
                   detail: Callable[[Runs], str], power_rule: Callable[[list[float]], int] | None = None,
                   **fields: Any) -> Any:
    """An observation claiming a paired effect, the standard way: the effect of the check replicas significantly
    exceeds half its calibrated value (:func:`calibrated_threshold`; one-sided t-test, :class:`Exceeds`), the
    control is "no effect" (0), the claim has no parameters (its configuration is the experiment's), and it is
    tagged slow and trained.  ``power_rule``: the claim's own rule for its replica count (reported in the design in
    place of the generic power count).  ``fields`` are the claim's own: id, paper, where, stance, source, statement,
    negative_control_text, method (and any other :class:`Claim` field)."""
    from seqtheory.theorems.core.claim import Claim
    from seqtheory.theorems.core.domain import Domain
    from seqtheory.theorems.core.relations import Exceeds

    return Claim(**{
        "domain": Domain(()), "defaults": {}, "fidelity": "observation", "experiment": experiment, "examples": 1,
        "tags": ("slow", "trained"), "relation": Exceeds(ALPHA),
        "theory": lambda: calibrated_threshold(experiment, effect),
        "simulate": lambda seed: paired_effect(experiment, seed, {}, effect, regime, detail, power_rule=power_rule),
        "negative_control": lambda: 0.0, **fields})
