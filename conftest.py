"""Hypothesis profiles for the whole suite.

``ci`` (the default when CI=true): derandomized, no example database, no deadline — identical runs.
``dev`` (the default otherwise): random, with the local database, no deadline.
``deep``: many more examples, for a human hunting counterexamples (``HYPOTHESIS_PROFILE=deep pytest``).
"""

import os

from hypothesis import HealthCheck, settings

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", derandomize=True, database=None, deadline=None, max_examples=25,
                          print_blob=True, suppress_health_check=_SLOW_OK)
settings.register_profile("dev", deadline=None, max_examples=25, suppress_health_check=_SLOW_OK)
settings.register_profile("deep", deadline=None, max_examples=500, suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))
