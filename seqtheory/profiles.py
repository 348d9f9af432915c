"""Hypothesis profiles of the test suite, shipped with the package so the tests run from an installed wheel
(``pytest --pyargs seqtheory.theorems``).

``ci`` (the default when ``CI`` is set): derandomized, no example database, no deadline — identical runs.
``dev`` (the default otherwise): random, with the local example database, no deadline.
``deep``: twenty times the examples, for a human hunting counterexamples (``HYPOTHESIS_PROFILE=deep pytest``).

Per-claim budgets (``Claim.examples``) are written for the ``ci``/``dev`` size; :func:`scaled` multiplies them by
the active profile's size relative to that base, so ``deep`` raises every claim's budget too.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: ``max_examples`` of the ``ci`` and ``dev`` profiles; per-claim budgets are relative to it.
BASE_EXAMPLES = 25
#: ``max_examples`` of the ``deep`` profile.
DEEP_EXAMPLES = 500
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]


def register() -> None:
    """Register the ``ci``, ``dev`` and ``deep`` profiles (idempotent)."""
    settings.register_profile("ci", derandomize=True, database=None, deadline=None, max_examples=BASE_EXAMPLES,
                              print_blob=True, suppress_health_check=_SLOW_OK)
    settings.register_profile("dev", deadline=None, max_examples=BASE_EXAMPLES, suppress_health_check=_SLOW_OK)
    settings.register_profile("deep", deadline=None, max_examples=DEEP_EXAMPLES, suppress_health_check=_SLOW_OK)


def default_name() -> str:
    """``$HYPOTHESIS_PROFILE`` if set, else ``ci`` under CI, else ``dev``."""
    return os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")


def load(name: str | None = None) -> str:
    """Register the profiles and load ``name`` (default :func:`default_name`); returns the loaded name."""
    register()
    name = name or default_name()
    settings.load_profile(name)
    return name


def scaled(examples: int) -> int:
    """A per-claim example budget scaled by the active profile (``examples`` at ``ci``/``dev``, 20× at ``deep``)."""
    active = settings.default
    budget = active.max_examples if active is not None else BASE_EXAMPLES
    return max(1, round(examples * budget / BASE_EXAMPLES))
