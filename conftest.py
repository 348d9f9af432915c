"""Test-suite configuration for a source checkout: the hypothesis profiles ship with the package
(:mod:`seqtheory.profiles`); ``theorems/conftest.py`` loads them too, for runs from an installed wheel."""

from seqtheory.profiles import load

load()
