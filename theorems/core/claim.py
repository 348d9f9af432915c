"""The claim: a paper statement as executable mathematics.

A :class:`Claim` pairs a closed form (``theory``) with an independent numeric computation (``simulate``) and
a :mod:`relation <seqtheory.theorems.core.relations>` asserted between them over a parameter
:class:`~seqtheory.theorems.core.domain.Domain`.  Every claim carries a **negative control**: a plausible wrong
formula that the very same check must reject, which proves the check can fail.  A claim the numbers contradict is
kept with ``expected="fail"`` and its counterexample in ``finding``; its check then reports ``xfail``.

Two labels say what a verdict means (``docs/claims.md``): **fidelity** — what the statement is relative to its
source — and **stance** — what a pass says about the paper result the claim is filed under.  A claim whose negative
control *is* the paper's own statement (``control_is_paper``) cannot support the paper: its pass is evidence
against it.  A claim is validated field by field when it is built, so a malformed claim fails where it is written,
with its id and the field named.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seqtheory.simulate import validate
from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.theorems.core.domain import Domain, Integer, Real
from seqtheory.theorems.core.paper import Paper, Source
from seqtheory.theorems.core.relations import Judgement, Relation, heavy_tail

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["CONTROL_MARGIN", "EXPECTED", "FIDELITIES", "STANCES", "VERDICTS", "Check", "Claim", "NonFiniteTheory",
           "margin"]

#: What a claim is relative to its source: the paper's statement with its published constants, checked against the
#: paper's text; a statement taken from a named external document (a :class:`~seqtheory.theorems.core.paper.Source`:
#: an OpenReview reply, the authors' code, an abstract); a statement rebuilt from abstracts, summaries or the
#: toolkit's own reading (the text itself not reached); a step the toolkit derives on the way to a paper result;
#: the toolkit's own construct, precise or corrected version; an empirical, seeded observation (not a theorem).
FIDELITIES = ("paper", "restated", "reconstructed", "derived", "toolkit", "observation")
#: What a verdict says about the paper result the claim is filed under: the check supports the result; it
#: contradicts it (a pass of a claim stating the contrary, or a recorded finding refuting the paper's statement);
#: the replica or regime could not show it either way; a neutral step on the way (a lemma, an exact ingredient);
#: the toolkit's own construct or self-check (it says nothing about the paper).
STANCES = ("supports", "contradicts", "not-reproduced", "lemma", "tool")
#: Expected outcomes: a statement the numbers should bear out, or a recorded finding (a refuted statement).
EXPECTED = ("pass", "fail")
#: Verdicts: as expected (pass, xfail), not (fail); an observation whose replicas are outside the paper's regime
#: (``out-of-regime``: it says nothing about the paper, never a pass); an observation whose recorded runs no longer
#: match the code or do not reproduce (``stale``: unexpected until ``seqtheory observe`` re-runs it); a Monte Carlo
#: too heavy-tailed for its z-test to read (``inconclusive``: neither pass nor fail, unexpected in ``verify``).
VERDICTS = ("pass", "fail", "xfail", "out-of-regime", "stale", "inconclusive")
#: A negative control counts as rejected only when its error is at least this many tolerances.
CONTROL_MARGIN = 3.0
_ID = re.compile(r"^[^/\s]+/[^/\s]+/[^/\s]+$")


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
    stance: str = ""
    #: an observation's regime gate ({"condition", "measured", "met"}) and statistical design (replicas, seeds, test,
    #: effect and interval); ``stale`` says why its recorded runs cannot be trusted
    regime: dict | None = None
    design: dict | None = None
    stale: str = ""


class NonFiniteTheory(ArithmeticError):
    """The closed form is not a finite number at this point (sympy ``zoo``/``oo``/``nan``, a float ±inf or NaN):
    the statement says nothing checkable there — ``falsify`` reports the point as a counterexample of its own kind,
    ``verify`` as an ``error``."""


def _finite(value: Any) -> bool:
    """False for a non-finite number (sympy zoo, ±oo, nan; float ±inf, NaN), item by item for sequences; anything
    else (a polynomial, a formula, text) counts as finite."""
    if isinstance(value, list | tuple):
        return all(_finite(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    if type(value).__module__.startswith("sympy"):
        import sympy as sp

        return not (isinstance(value, sp.Basic) and value.has(sp.zoo, sp.oo, -sp.oo, sp.nan))
    return True


def margin(judgement: Judgement | Check) -> float:
    """A judgement's error in units of its tolerance (inf when the tolerance is 0 and the error is not)."""
    if judgement.tolerance > 0:
        return judgement.error / judgement.tolerance
    return math.inf if judgement.error > 0 else 0.0


def _text(claim_id: str, name: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"claim {claim_id}: {name} must be non-empty text, got {value!r}")


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
    relation: Relation
    negative_control: Callable[..., Any]
    negative_control_text: str
    #: what the claim is relative to its source: one of :data:`FIDELITIES` (``docs/claims.md``)
    fidelity: str
    #: what a pass says about the paper result: one of :data:`STANCES`
    stance: str
    #: ``restated``: the :class:`Source` it rests on (required); otherwise text naming the paper result a derived
    #: step serves, or the basis of a reconstruction or observation
    source: Source | str = ""
    expected: str = "pass"
    finding: str = ""
    method: str = ""
    #: the negative control is the paper's own statement (then the claim cannot ``support`` the paper)
    control_is_paper: bool = False
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
    #: an observation's experiment (:class:`~seqtheory.theorems.core.experiment.Experiment`): its replicas,
    #: calibration seeds and recorded runs (``seqtheory observe``)
    experiment: Any = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise ValueError(f"claim id must be 'paper/result/name' (three non-empty segments), got {self.id!r}")
        cid = self.id
        if not isinstance(self.paper, Paper):
            raise TypeError(f"claim {cid}: paper must be a Paper record, got {type(self.paper).__name__}")
        for name in ("where", "statement", "negative_control_text"):
            _text(cid, name, getattr(self, name))
        if not isinstance(self.domain, Domain):
            raise TypeError(f"claim {cid}: domain must be a Domain, got {type(self.domain).__name__}")
        for name in ("theory", "simulate", "negative_control"):
            if not callable(getattr(self, name)):
                raise TypeError(f"claim {cid}: {name} must be callable, got {getattr(self, name)!r}")
        if not (callable(getattr(self.relation, "judge", None)) and isinstance(getattr(self.relation, "kind", None),
                                                                                 str)):
            raise TypeError(f"claim {cid}: relation must be a Relation (a .judge method and a .kind), got "
                            f"{self.relation!r}")
        self._check_labels(cid)
        self._check_parameters(cid)

    def _check_labels(self, cid: str) -> None:
        if self.fidelity not in FIDELITIES:
            raise ValueError(f"claim {cid}: fidelity must be one of {FIDELITIES}, got {self.fidelity!r}")
        if self.stance not in STANCES:
            raise ValueError(f"claim {cid}: stance must be one of {STANCES}, got {self.stance!r}")
        if self.fidelity == "restated" and not isinstance(self.source, Source):
            raise ValueError(f"claim {cid}: a restated claim must name its Source (an external document), got "
                             f"{self.source!r}")
        if self.fidelity in ("derived", "reconstructed") and not self.source:
            raise ValueError(f"claim {cid}: a {self.fidelity} claim must say what it rests on (source)")
        if not isinstance(self.source, Source | str):
            raise TypeError(f"claim {cid}: source must be a Source or text, got {type(self.source).__name__}")
        if not isinstance(self.control_is_paper, bool):
            raise TypeError(f"claim {cid}: control_is_paper must be a bool, got {self.control_is_paper!r}")
        if self.control_is_paper and self.stance == "supports":
            raise ValueError(f"claim {cid}: its negative control is the paper's own statement, so a pass is evidence "
                             "against the paper: stance cannot be 'supports'")
        if self.expected not in EXPECTED:
            raise ValueError(f"claim {cid}: expected must be one of {EXPECTED}, got {self.expected!r}")
        if self.expected == "fail" and not self.finding:
            raise ValueError(f"claim {cid}: an expected failure must record its counterexample in finding")
        if self.experiment is not None:
            from seqtheory.theorems.core.experiment import Experiment

            if not isinstance(self.experiment, Experiment):
                raise TypeError(f"claim {cid}: experiment must be an Experiment, got {type(self.experiment).__name__}")
            if self.fidelity != "observation":
                raise ValueError(f"claim {cid}: only an observation runs an experiment (fidelity is "
                                 f"{self.fidelity!r})")
        if not isinstance(self.tags, tuple) or not all(isinstance(t, str) for t in self.tags):
            raise TypeError(f"claim {cid}: tags must be a tuple of strings, got {self.tags!r}")

    def _check_parameters(self, cid: str) -> None:
        if not isinstance(self.defaults, Mapping):
            raise TypeError(f"claim {cid}: defaults must be a mapping, got {type(self.defaults).__name__}")
        if isinstance(self.examples, bool) or not isinstance(self.examples, int) or self.examples < 1:
            raise ValueError(f"claim {cid}: examples must be an integer ≥ 1, got {self.examples!r}")
        try:
            self.domain.validate(dict(self.defaults))
        except ValueError as exc:
            raise ValueError(f"claim {cid}: defaults must lie in the domain: {exc}") from None
        if not isinstance(self.pinned, tuple) or not all(isinstance(p, Mapping) for p in self.pinned):
            raise TypeError(f"claim {cid}: pinned must be a tuple of parameter dicts, got {self.pinned!r}")
        for point in self.pinned:
            try:
                self.domain.validate({**self.defaults, **point})
            except ValueError as exc:
                raise ValueError(f"claim {cid}: pinned point {dict(point)} is outside the domain: {exc}") from None
        if not isinstance(self.stress, tuple) or not all(isinstance(p, Integer | Real) for p in self.stress):
            raise TypeError(f"claim {cid}: stress must be a tuple of Integer/Real axes, got {self.stress!r}")
        unknown = {p.name for p in self.stress} - set(self.domain.names())
        if unknown:
            raise ValueError(f"claim {cid}: stress axes {sorted(unknown)} are not parameters of its domain "
                             f"{list(self.domain.names())}")
        if not isinstance(self.relax, tuple) or not all(isinstance(r, str) for r in self.relax):
            raise TypeError(f"claim {cid}: relax must be a tuple of constraint texts, got {self.relax!r}")
        missing = set(self.relax) - {c.text for c in self.domain.constraints}
        if missing:
            raise ValueError(f"claim {cid}: relaxed constraints {sorted(missing)} are not in its domain")

    def source_text(self) -> str:
        """The source as one line of text (a Source record cited by document and place)."""
        return self.source.cite() if isinstance(self.source, Source) else self.source

    def strategy(self) -> SearchStrategy[Any]:
        """The property test's hypothesis strategy: drawn from the declared domain (see ``Domain.strategy``)."""
        return self.domain.strategy()

    def judge(self, theory_value: Any, observed: Any) -> Judgement:
        est = observed.estimate if isinstance(observed, Observation) else observed
        return self.relation.judge(theory_value, est)

    def stress_domain(self, axes: list[str] | None = None) -> Domain:
        """The stated domain widened by the stress axes (same-named parameters replaced; only ``axes`` when given)
        minus relaxed constraints: the region ``seqtheory falsify`` searches after the stated domain."""
        wide = {p.name: p for p in self.stress if not axes or p.name in axes}
        return Domain(tuple(wide.get(p.name, p) for p in self.domain.params),
                      tuple(c for c in self.domain.constraints if c.text not in self.relax))

    def check(self, seed: int = 0, control: bool = True, domain: Domain | None = None, **params: Any) -> Check:
        """Run the claim at ``params`` (defaults filled in) and, if ``control``, its negative control.
        ``domain`` (default: the stated one) is what the parameters are validated against — ``falsify`` passes
        the stress domain to evaluate the claim beyond its statement.  ``seed`` is a non-negative integer (a bool,
        a float or text is a TypeError naming it)."""
        seed = validate.integer("seed", seed, 0)
        values = (domain or self.domain).validate({**self.defaults, **params})
        t0 = time.perf_counter()
        theory_value = self.theory(**values)
        if not _finite(theory_value):
            raise NonFiniteTheory(f"claim {self.id}: the closed form is not finite at {values}: {theory_value}")
        observed = self.simulate(seed=seed, **values)
        j = self.judge(theory_value, observed)
        est = observed.estimate if isinstance(observed, Observation) else observed
        wrong = rejected = control_margin = None
        if control:
            wrong = self.negative_control(**values)
            judge_control = getattr(self.relation, "control_margin", None)
            control_margin = judge_control(wrong, est) if judge_control else margin(self.judge(wrong, observed))
            rejected = control_margin >= CONTROL_MARGIN
        seconds = time.perf_counter() - t0
        regime = observed.regime if isinstance(observed, Observation) else None
        stale = observed.stale if isinstance(observed, Observation) else ""
        if stale:
            verdict = "stale"
        elif regime is not None and not regime.met:
            verdict = "out-of-regime"
        elif heavy_tail(est):  # the Monte Carlo's standard error is an accident of the sample: no verdict either way
            verdict = "inconclusive"
        elif j.passed:
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
            detail="; ".join(filter(None, (observed.detail if isinstance(observed, Observation) else "",
                                           heavy_tail(est)))),
            fidelity=self.fidelity, control_margin=control_margin, stance=self.stance,
            regime=regime.as_dict() if regime is not None else None,
            design=observed.design if isinstance(observed, Observation) else None, stale=stale,
        )
