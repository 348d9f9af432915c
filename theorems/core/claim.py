"""The claim machinery: a paper claim as executable mathematics.

A :class:`Claim` pairs a closed form (``theory``) with an independent numeric computation (``simulate``) and
a :mod:`relation <theorems.relations>` asserted between them over a parameter :class:`~theorems.domain.Domain`.
Every claim carries a **negative control**: a plausible wrong formula that the very same check must reject,
which proves the check can fail.  A claim the numbers contradict is kept with ``expected="fail"`` and its
counterexample in ``finding``; its check then reports ``xfail``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.theorems.core.domain import Domain
from seqtheory.theorems.core.paper import Paper


@dataclass(frozen=True)
class Check:
    """The outcome of running one claim at one parameter point."""

    id: str
    paper: str
    where: str
    kind: str
    params: dict
    theory: Any
    numeric: Any
    stderr: float
    error: float
    tolerance: float
    passed: bool
    verdict: str
    seconds: float
    negative_control: str = ""
    negative_control_theory: Any = None
    negative_control_rejected: bool | None = None
    detail: str = ""
    fidelity: str = ""
    #: the control's error in units of its tolerance (inf for an exact relation the control misses)
    control_margin: float | None = None


#: What a claim is relative to its source: the paper's statement with its published constants; a faithful secondary
#: statement (named in ``source``); a step the toolkit derives on the way to a paper result; the toolkit's own
#: precise, corrected or extended version; an empirical, seeded observation (not a theorem).
FIDELITIES = ("paper", "restated", "derived", "toolkit", "observation")
#: A negative control counts as rejected only when its error is at least this many tolerances.
CONTROL_MARGIN = 3.0


def margin(judgement) -> float:
    """A judgement's error in units of its tolerance (inf when the tolerance is 0 and the error is not)."""
    if judgement.tolerance > 0:
        return judgement.error / judgement.tolerance
    return math.inf if judgement.error > 0 else 0.0


@dataclass(frozen=True)
class Claim:
    """One paper claim.  See the module docstring; the fields are described in ``docs/claims.md``.

    ``theory(**params)`` returns an exact value (sympy/int) or float; ``simulate(seed, **params)`` returns an
    :class:`Estimate`, an :class:`Observation` or an exact value (for exact relations).
    ``negative_control(**params)`` is a deliberately wrong theory with the same signature.
    The property test draws parameter dicts from ``strategy()``, which is derived from the :class:`Domain` (its
    probe ranges and boundary values; hypothesis is imported lazily there).
    """

    id: str
    paper: Paper
    where: str
    statement: str
    domain: Domain
    defaults: Mapping[str, Any]
    theory: Callable[..., Any]
    simulate: Callable[..., Any]
    relation: Any
    negative_control: Callable[..., Any]
    negative_control_text: str
    #: what the claim is relative to its source: one of :data:`FIDELITIES` (``docs/claims.md``)
    fidelity: str
    #: for ``restated``: the secondary statement it rests on; for ``derived``: the paper result it serves
    source: str = ""
    expected: str = "pass"
    finding: str = ""
    method: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    #: hypothesis examples the property test may spend (lower for claims that train a model)
    examples: int = 8
    #: parameter dicts always tried by the property test (pinned boundary cases, shrunk counterexamples)
    pinned: tuple = ()
    #: stress axes for ``seqtheory falsify``: parameter specs (Integer/Real) that widen the same-named parameters
    #: beyond the stated domain (e.g. n < d, k down to 0, η past 2/λ_max)
    stress: tuple = ()
    #: texts of domain constraints that ``falsify`` drops in the stress region (e.g. a finiteness condition)
    relax: tuple[str, ...] = ()

    def __post_init__(self):
        if self.fidelity not in FIDELITIES:
            raise ValueError(f"claim {self.id}: fidelity must be one of {FIDELITIES}, got {self.fidelity!r}")
        if self.fidelity in ("restated", "derived") and not self.source:
            raise ValueError(f"claim {self.id}: a {self.fidelity} claim must name its source")
        if self.expected not in ("pass", "fail"):
            raise ValueError(f"expected must be 'pass' or 'fail', got {self.expected!r}")
        if self.expected == "fail" and not self.finding:
            raise ValueError(f"claim {self.id}: an expected failure must record its counterexample in finding")

    def strategy(self):
        """The property test's hypothesis strategy: drawn from the declared domain (see ``Domain.strategy``)."""
        return self.domain.strategy()

    def judge(self, theory_value, observed):
        est = observed.estimate if isinstance(observed, Observation) else observed
        return self.relation.judge(theory_value, est)

    def stress_domain(self, axes=None) -> Domain:
        """The stated domain widened by the stress axes (same-named parameters replaced; only ``axes`` when given)
        minus relaxed constraints: the region ``seqtheory falsify`` searches after the stated domain."""
        wide = {p.name: p for p in self.stress if not axes or p.name in axes}
        unknown = set(wide) - set(self.domain.names())
        if unknown:
            raise ValueError(f"claim {self.id}: stress axes {sorted(unknown)} are not parameters of its domain "
                             f"{list(self.domain.names())}")
        missing = set(self.relax) - {c.text for c in self.domain.constraints}
        if missing:
            raise ValueError(f"claim {self.id}: relaxed constraints {sorted(missing)} are not in its domain")
        return Domain(tuple(wide.get(p.name, p) for p in self.domain.params),
                      tuple(c for c in self.domain.constraints if c.text not in self.relax))

    def check(self, seed: int = 0, control: bool = True, domain: Domain | None = None, **params) -> Check:
        """Run the claim at ``params`` (defaults filled in) and, if ``control``, its negative control.
        ``domain`` (default: the stated one) is what the parameters are validated against — ``falsify`` passes
        the stress domain to evaluate the claim beyond its statement."""
        values = (domain or self.domain).validate({**self.defaults, **params})
        t0 = time.perf_counter()
        theory_value = self.theory(**values)
        observed = self.simulate(seed=seed, **values)
        j = self.judge(theory_value, observed)
        wrong = rejected = control_margin = None
        if control:
            wrong = self.negative_control(**values)
            control_margin = margin(self.judge(wrong, observed))
            rejected = control_margin >= CONTROL_MARGIN
        seconds = time.perf_counter() - t0
        est = observed.estimate if isinstance(observed, Observation) else observed
        if j.passed:
            verdict = "pass" if self.expected == "pass" else "fail"
        else:
            verdict = "xfail" if self.expected == "fail" else "fail"
        return Check(
            id=self.id, paper=self.paper.cite(), where=self.where, kind=self.relation.kind, params=values,
            theory=theory_value, numeric=est.value if isinstance(est, Estimate) else est,
            stderr=float(getattr(est, "stderr", 0.0)), error=j.error,
            tolerance=j.tolerance, passed=j.passed, verdict=verdict, seconds=seconds,
            negative_control=self.negative_control_text if control else "",
            negative_control_theory=wrong, negative_control_rejected=rejected,
            detail=observed.detail if isinstance(observed, Observation) else "",
            fidelity=self.fidelity, control_margin=control_margin,
        )
