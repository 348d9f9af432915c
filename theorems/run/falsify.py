"""``seqtheory falsify``: search for where a claim stops holding — a minimal counterexample, and the boundary along
each axis — first inside the stated domain, then in the claim's stress region (docs/falsify.md).

Search.  Hypothesis draws parameter points from the domain's derived strategy (boundary values included) and is
steered by ``target()`` on the normalised error error/tolerance (a failing exact check counts as +∞, capped), so
it climbs towards failures instead of sampling blindly; the first failure is then shrunk to a minimal
counterexample (fewest/smallest parameters).  ``budget`` is the number of points evaluated per region.

Corners first.  Before the random search, up to a third of the budget goes to the small corner of the domain:
each axis' low end, the next two integers and its high end, combined smallest first (joint constraints
respected).  The target above is 0 at every passing point of an exact claim, so without this sweep a failure
confined to a small corner would be found only by chance.

Confirmation (no false alarms).  A point fails when its relation fails or its evaluation raises an arithmetic
error.  An exact or deterministic relation (tolerance 0, or no standard error) fails once and for all.  A
statistical one counts only if it fails again at ``CONFIRM`` further independent seeds (``SeedSequence(seed)``
spawned by index): by chance a z = 5 test fails with probability < 6·10⁻⁷, so three failures in a row have
probability < 2·10⁻¹⁹.  (The sample size stays the claim's own; a larger sample is not tried.)

Minimal counterexample.  Hypothesis shrinks the first failure; then each parameter in turn is moved towards the
low end of its range — the lowest value a joint constraint admits with the others fixed: integers within
``LINEAR_SCAN`` of it are scanned upwards for the smallest failing value, longer integer ranges and reals are
bisected (which finds a boundary, the smallest failing value when the failure set is an interval) — in rounds
until nothing moves, since one coordinate's move can unblock another's.

Boundaries.  For each parameter of the minimal counterexample, the other parameters are held fixed and the
parameter is moved to the ends of the searched range; from a passing end, bisection between it and the failing
value locates the boundary — exactly for integers, to ``REAL_PRECISION`` of the range for reals.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from seqtheory.theorems.core.claim import Claim, NonFiniteTheory, margin
from seqtheory.theorems.core.domain import Domain, Integer, Real

#: Extra independent seeds a statistical failure must fail at to count.
CONFIRM = 2
#: Relative precision (of the searched range) to which a real boundary is bisected.
REAL_PRECISION = 1e-3
#: Integer ranges up to this length are scanned value by value for the smallest failing value (a failure set
#: need not be an interval); longer ones, and reals, are bisected.
LINEAR_SCAN = 32
#: Parameter points evaluated per region unless ``--budget`` says otherwise.
DEFAULT_BUDGET = 60
#: Cap of the normalised error fed to hypothesis' target() (an exact failure is +∞).
TARGET_CAP = 1e6


@dataclass
class Point:
    params: dict
    failed: bool
    ratio: float  # error / tolerance (inf for an exact failure)
    evidence: str
    confirmed_seeds: list = field(default_factory=list)
    #: the check could not read its Monte Carlo there (heavy tails): neither a failure nor a pass
    inconclusive: bool = False


def _statistical(check) -> bool:
    return check.tolerance > 0 and check.stderr > 0


def evaluate(claim: Claim, params: dict, seed: int, domain: Domain, confirm: bool = True) -> Point:
    """Run the claim (no control) at ``params`` validated against ``domain``; confirm a statistical failure at
    CONFIRM independent seeds (see the module docstring)."""
    try:
        check = claim.check(seed=seed, control=False, domain=domain, **params)
    except (ArithmeticError, ValueError, np.linalg.LinAlgError) as exc:
        if isinstance(exc, ValueError) and not domain.admits({**claim.defaults, **params}):
            raise
        kind = "non-finite theory" if isinstance(exc, NonFiniteTheory) else "evaluation fails"
        return Point(dict(params), True, math.inf, f"{kind}: {type(exc).__name__}: {exc}")
    ratio = margin(check)
    evidence = (f"theory {_short(check.theory)}, numeric {_short(check.numeric)}"
                f"{f' ± {check.stderr:.2g}' if check.stderr else ''}; error {check.error:.4g} vs tolerance "
                f"{check.tolerance:.4g}" + (f"; {check.detail}" if check.detail else ""))
    if check.verdict == "inconclusive":  # heavy tails: the point says nothing either way, and is reported as such
        return Point(dict(params), False, ratio, evidence, inconclusive=True)
    if check.passed:
        return Point(dict(params), False, ratio, evidence)
    seeds = []
    if confirm and _statistical(check):
        for s in np.random.SeedSequence(seed).spawn(CONFIRM):
            again = int(s.generate_state(1)[0])
            if claim.check(seed=again, control=False, domain=domain, **params).passed:
                return Point(dict(params), False, ratio, evidence + f"; not confirmed at seed {again}")
            seeds.append(again)
    return Point(dict(params), True, ratio, evidence, seeds)


def _short(x) -> str:
    text = f"{float(x):.6g}" if isinstance(x, float | int | np.floating) else str(x)
    return text if len(text) <= 60 else text[:57] + "..."


#: Searches a region may restart after a failure that does not confirm (a chance failure), within its budget.
RESTARTS = 3


def _key(params: dict) -> str:
    return repr(sorted(params.items()))


#: At most 1/CORNER_SHARE of a region's budget goes to the corner enumeration before the random search.
CORNER_SHARE = 3
#: Values per axis in the corner enumeration: the low end and the next SMALL_VALUES − 1 integers, then the high end.
SMALL_VALUES = 3


def _axis_corner_values(spec) -> list:
    """Low end, the next few integers (for integer axes), high end — the small corner first."""
    if isinstance(spec, Integer):
        lo, hi = spec._probe()
        return sorted({*range(lo, min(lo + SMALL_VALUES, hi + 1)), hi})
    return list(spec.boundaries())


def corners(claim: Claim, domain: Domain, limit: int) -> list[dict]:
    """Up to ``limit`` admissible points of the product of each axis' corner values, smallest first (by the sum of
    the values' ranks, then lexicographically).  The random search is steered by error/tolerance, which is 0 at
    every passing point of an exact claim: without this sweep a failure confined to a small corner is found only by
    chance."""
    import itertools

    if limit <= 0 or not domain.params:
        return []
    axes = [_axis_corner_values(p) for p in domain.params]
    ranked = sorted(itertools.product(*(range(len(a)) for a in axes)), key=lambda idx: (sum(idx), idx))
    out: list[dict] = []
    for idx in ranked:
        params = {p.name: axis[i] for p, axis, i in zip(domain.params, axes, idx, strict=True)}
        if domain.admits({**claim.defaults, **params}):
            out.append(params)
            if len(out) == limit:
                break
    return out


def search(claim: Claim, domain: Domain, budget: int, seed: int,
           seen: dict[str, Point] | None = None) -> tuple[Point | None, int, list[str]]:
    """Hypothesis search of ``domain`` steered by target(error/tolerance): the minimal failing point (after
    shrinking, confirmed) or None, the number of distinct points evaluated, and notes (chance failures that did not
    confirm, each followed by a fresh search with the rest of the budget).  A point is evaluated once (seen-set:
    ``seen``, filled in for the caller when given — its inconclusive points are reported)."""
    from hypothesis import HealthCheck, Phase, given, settings, target
    from hypothesis import seed as hyp_seed

    seen = {} if seen is None else seen
    chance: set[str] = set()
    notes: list[str] = []
    for params in corners(claim, domain, budget // CORNER_SHARE):
        key = _key(params)
        if key in seen:
            continue
        seen[key] = evaluate(claim, params, seed, domain, confirm=False)
        if not seen[key].failed:
            continue
        confirmed = evaluate(claim, params, seed, domain)
        if confirmed.failed:
            notes.append(f"found by the corner enumeration after {len(seen)} points")
            return minimise(claim, domain, confirmed, seed), len(seen), notes
        chance.add(key)
        notes.append(f"a chance failure at corner {params} did not confirm ({confirmed.evidence.split('; ')[-1]})")
    for attempt in range(RESTARTS + 1):
        left = budget - len(seen)
        if left <= 0:
            break
        failures: list[Point] = []

        @hyp_seed(seed + attempt)
        @settings(max_examples=left, database=None, deadline=None, derandomize=False,
                  phases=[Phase.explicit, Phase.generate, Phase.target, Phase.shrink],
                  suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
        @given(params=domain.strategy())
        def probe(params):
            key = _key(params)
            if key not in seen:
                seen[key] = evaluate(claim, params, seed, domain, confirm=False)
            point = seen[key]
            target(min(point.ratio, TARGET_CAP), label="error/tolerance")
            if point.failed and key not in chance:
                failures.append(point)  # noqa: B023 — the probe runs inside this attempt, before the list is rebound
                raise AssertionError("counterexample")

        try:
            probe()
        except AssertionError:
            pass
        if not failures:
            return None, len(seen), notes
        minimal = evaluate(claim, failures[-1].params, seed, domain)  # hypothesis replays the shrunk example last
        if minimal.failed:
            return minimise(claim, domain, minimal, seed), len(seen), notes
        chance.add(_key(minimal.params))
        notes.append(f"a chance failure at {minimal.params} did not confirm ({minimal.evidence.split('; ')[-1]}); "
                     f"searched on after {len(seen)} points")
    return None, len(seen), notes


def _bisect(claim: Claim, domain: Domain, point: Point, name: str, good, bad, seed: int):
    """Bisect ``name`` between a passing value ``good`` and a failing one ``bad`` (others as in ``point``): integers
    to adjacent values, reals to ``REAL_PRECISION`` of the searched range; stops early at a point outside the
    domain.  Returns (good, bad, the evaluated point at bad or None if bad never moved)."""
    spec = next(p for p in domain.params if p.name == name)
    lo, hi = spec._probe()
    close = 1 if isinstance(spec, Integer) else REAL_PRECISION * max(hi - lo, 1e-300)
    failing = None
    while abs(bad - good) > close:
        mid = (good + bad) // 2 if isinstance(spec, Integer) else (good + bad) / 2
        trial = {**point.params, name: mid}
        if not domain.admits({**claim.defaults, **trial}):
            break
        p = evaluate(claim, trial, seed, domain)
        if p.failed:
            bad, failing = mid, p
        else:
            good = mid
    return good, bad, failing


def _smallest_failing(claim: Claim, domain: Domain, point: Point, name: str, seed: int) -> Point:
    """Move ``name`` towards the low end of its searched range as far as the claim keeps failing (others fixed):
    the low end itself if it fails, else the smallest failing value (scanned for short integer ranges, else
    bisected)."""
    spec = next(p for p in domain.params if p.name == name)
    if not isinstance(spec, Integer | Real):
        return point
    bad = point.params[name]
    low = _lowest_admissible(claim, domain, point, spec, bad)
    if bad == low:
        return point
    at_low = evaluate(claim, {**point.params, name: low}, seed, domain)
    if at_low.failed:
        return at_low
    if isinstance(spec, Integer) and bad - low <= LINEAR_SCAN:  # failure sets need not be intervals: scan up
        for value in range(low + 1, bad):
            trial = {**point.params, name: value}
            if domain.admits({**claim.defaults, **trial}):
                p = evaluate(claim, trial, seed, domain)
                if p.failed:
                    return p
        return point
    return _bisect(claim, domain, point, name, low, bad, seed)[2] or point


def _lowest_admissible(claim: Claim, domain: Domain, point: Point, spec, bad):
    """The smallest value of ``spec``'s axis the domain admits with the other parameters as in ``point`` (a joint
    constraint may block the low end: from (n, d) = (20, 19) under n > d, n can only go down to 20).  Integers:
    scanned up from the low end for ``LINEAR_SCAN`` values, then bisected on admissibility; reals: bisected to
    ``REAL_PRECISION`` of the range.  Assumes the admissible values between it and ``bad`` form an interval."""
    low = spec.boundaries()[0]

    def admits(value) -> bool:
        return domain.admits({**claim.defaults, **point.params, spec.name: value})

    if admits(low):
        return low
    if isinstance(spec, Integer):
        for value in range(low + 1, min(bad, low + LINEAR_SCAN)):
            if admits(value):
                return value
        blocked, ok = min(bad, low + LINEAR_SCAN) - 1, bad
        while ok - blocked > 1:
            mid = (ok + blocked) // 2
            blocked, ok = (blocked, mid) if admits(mid) else (mid, ok)
        return ok
    lo, hi = spec._probe()
    blocked, ok = low, bad
    while abs(ok - blocked) > REAL_PRECISION * max(hi - lo, 1e-300):
        mid = (ok + blocked) / 2
        blocked, ok = (blocked, mid) if admits(mid) else (mid, ok)
    return ok


#: Rounds of coordinate-wise shrinking (a coordinate freed by another's move is revisited).
MINIMISE_ROUNDS = 4


def minimise(claim: Claim, domain: Domain, point: Point, seed: int) -> Point:
    """Coordinate-wise shrinking after hypothesis' own: each parameter in turn moved to its smallest failing
    value (hypothesis does not shrink across the boundary-value branch of a strategy), in rounds until nothing
    moves (at most :data:`MINIMISE_ROUNDS`): under a joint constraint one coordinate's move can unblock another's."""
    for _ in range(MINIMISE_ROUNDS):
        before = dict(point.params)
        for name in domain.names():
            point = _smallest_failing(claim, domain, point, name, seed)
        if point.params == before:
            break
    return point


def boundary(claim: Claim, domain: Domain, point: Point, name: str, seed: int) -> dict | None:
    """Along ``name`` (others fixed at the counterexample): a passing value, the nearest failing one, and the
    bisected boundary between them; None if every end of the searched range fails too (or ``name`` is not an
    integer or real axis)."""
    spec = next(p for p in domain.params if p.name == name)
    if not isinstance(spec, Integer | Real):
        return None
    bad = point.params[name]
    for end in spec.boundaries():
        trial = {**point.params, name: end}
        if end == bad or not domain.admits({**claim.defaults, **trial}):
            continue
        if evaluate(claim, trial, seed, domain).failed:
            continue
        good, bad, _ = _bisect(claim, domain, point, name, end, bad, seed)
        fixed = {k: v for k, v in point.params.items() if k != name}
        return {"axis": name, "passes_at": good, "fails_at": bad, "others": fixed,
                "text": f"along {name} (others as in the counterexample): holds at {name} = {_num(good)}, fails "
                        f"at {name} = {_num(bad)}"}
    return None


def _num(x) -> str:
    return f"{x:.6g}" if isinstance(x, float) else str(x)


def falsify(claim: Claim, budget: int = DEFAULT_BUDGET, seed: int = 0, axes: list[str] | None = None) -> dict:
    """Search the stated domain, then the stress region; the per-claim result of the output contract.
    ``budget`` (points per region) is a positive integer and ``seed`` a non-negative one (TypeError/ValueError
    naming them otherwise)."""
    from seqtheory.simulate import validate

    budget = validate.integer("budget", budget, 1)
    seed = validate.integer("seed", seed, 0)
    started = time.perf_counter()
    if axes:
        unknown = sorted(set(axes) - {p.name for p in claim.stress})
        if unknown:
            raise ValueError(f"claim {claim.id}: unknown stress axes {unknown}; its axes are "
                             f"{[p.name for p in claim.stress] or 'none (it declares no stress axes)'}")
    stated = claim.domain
    regions = [("stated domain", stated)]
    if claim.stress:
        regions.append(("stress region", claim.stress_domain(axes)))
    counterexamples, boundaries, searched = [], [], []
    inconclusive = []
    for label, domain in regions:
        seen: dict[str, Point] = {}
        point, n, notes = search(claim, domain, budget, seed, seen)
        searched.append({"region": label, "domain": domain.describe(), "points": n, "budget": budget,
                         "notes": notes})
        inconclusive += [{"params": p.params, "region": label, "evidence": p.evidence}
                         for p in seen.values() if p.inconclusive]
        if point is None:
            continue
        inside = stated.admits({**claim.defaults, **point.params})
        counterexamples.append({"params": point.params, "inside_stated_domain": inside, "region": label,
                                "evidence": point.evidence, "error_over_tolerance": _jsonable(point.ratio),
                                "confirmed_at_seeds": point.confirmed_seeds})
        for name in domain.names():
            b = boundary(claim, domain, point, name, seed)
            if b is not None:
                boundaries.append({**b, "region": label})
        if inside:
            break  # the statement itself is refuted: the stress region adds nothing
    return {
        "id": claim.id, "expected": claim.expected, "finding": claim.finding,
        "stated_domain_survived": not any(c["inside_stated_domain"] for c in counterexamples),
        "counterexamples": counterexamples, "boundaries": boundaries, "searched": searched,
        # points where the check could not read its Monte Carlo (heavy tails): "survived" does not cover them
        "inconclusive": inconclusive,
        "seed": seed, "seconds": round(time.perf_counter() - started, 2),
    }


def _jsonable(x):
    return "inf" if isinstance(x, float) and math.isinf(x) else x
