"""Loads seqtheory's hypothesis profiles for the claim tests, also when they run from an installed wheel
(``python -m pytest --pyargs seqtheory.theorems``)."""

import os

from seqtheory.profiles import load

load()
from seqtheory.allocator import keep_freed_memory  # noqa: E402

keep_freed_memory()  # training tests reuse their arrays' pages (glibc)
if os.environ.get("PYTEST_XDIST_WORKER"):  # pytest -n N: N workers share the cores, one native thread each
    from seqtheory.simulate.parallel import cap_native_threads

    cap_native_threads()
