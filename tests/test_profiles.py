"""The hypothesis profiles ship with the package and ``deep`` raises every claim's budget."""

from hypothesis import settings

from seqtheory import profiles


def test_deep_scales_every_claim_budget():
    active = profiles.default_name()
    try:
        profiles.load("deep")
        assert settings.default.max_examples == profiles.DEEP_EXAMPLES
        assert profiles.scaled(8) == 8 * profiles.DEEP_EXAMPLES // profiles.BASE_EXAMPLES
        assert profiles.scaled(1) == 20
        profiles.load("ci")
        assert profiles.scaled(8) == 8 and profiles.scaled(1) == 1
        assert settings.default.derandomize and settings.default.database is None
    finally:
        profiles.load(active)


def test_ci_is_the_default_under_ci(monkeypatch):
    monkeypatch.delenv("HYPOTHESIS_PROFILE", raising=False)
    monkeypatch.setenv("CI", "true")
    assert profiles.default_name() == "ci"
    monkeypatch.delenv("CI")
    assert profiles.default_name() == "dev"
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "deep")
    assert profiles.default_name() == "deep"
