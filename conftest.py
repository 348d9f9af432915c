"""Test-suite configuration for a source checkout: the hypothesis profiles ship with the package
(:mod:`seqtheory.profiles`); ``theorems/conftest.py`` loads them too, for runs from an installed wheel."""

import os

from seqtheory.profiles import load

load()
from seqtheory.allocator import keep_freed_memory  # noqa: E402

keep_freed_memory()  # training tests reuse their arrays' pages (glibc)
if os.environ.get("PYTEST_XDIST_WORKER"):  # pytest -n N: N workers share the cores, one native thread each
    from seqtheory.simulate.parallel import cap_native_threads

    cap_native_threads()
