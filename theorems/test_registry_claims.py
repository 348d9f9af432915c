"""Every registered claim, the same three ways: its pinned check (pass, or xfail for a recorded finding) with
the negative control rejected; its relation over the whole domain (hypothesis, ``claim.examples`` draws scaled
by the active profile); and a clear error for unknown parameters.  Plus the house rules of the registry: a
claim's id names its file, and the shipped metadata index is the live registry's."""

import pytest
from hypothesis import example, given, settings

from seqtheory.profiles import scaled
from seqtheory.theorems.core import index, registry

CLAIMS = registry.all_claims()


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_pinned_check_and_negative_control(claim):
    result = claim.check(seed=0)
    assert result.verdict == ("pass" if claim.expected == "pass" else "xfail"), result
    assert result.negative_control_rejected, result


@pytest.mark.parametrize("claim", [c for c in CLAIMS if c.expected == "pass"], ids=lambda c: c.id)
def test_claim_holds_over_its_domain(claim):
    def holds(params):
        result = claim.check(seed=11, control=False, **params)
        assert result.passed, (params, result)

    for params in claim.pinned:
        holds = example(params=params)(holds)
    settings(max_examples=scaled(claim.examples))(given(params=claim.strategy())(holds))()


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_unknown_parameters_are_rejected(claim):
    with pytest.raises(ValueError, match="bogus"):
        claim.check(bogus=1)


def test_every_claim_id_names_its_file():
    for module, claims in registry.claims_by_module(registry.builtin_modules()).items():
        assert claims, f"{module} is in a paper folder but defines no claims"
        for claim in claims:
            assert registry.module_for_id(claim.id) == module, (
                f"{claim.id} must live in {registry.module_for_id(claim.id)}, not {module}")


def test_shipped_index_is_the_live_registry():
    assert index.load_builtin() == index.build(), (
        "claims_index.json is stale: run `python -m seqtheory.theorems.core.index --write --readme README.md`")


def test_module_for_id_rule():
    assert registry.module_for_id("huang2025/thm3.1/one-step-loss") == "seqtheory.theorems.huang2025.thm3_1"
    assert registry.module_for_id("wishart/identities/chi-square") == "seqtheory.theorems.wishart.identities"
    for bad in ("huang2025/one", "a/b/c/d", "a//c"):
        with pytest.raises(ValueError, match="three segments"):
            registry.module_for_id(bad)
