"""Loads seqtheory's hypothesis profiles for the claim tests, also when they run from an installed wheel
(``python -m pytest --pyargs seqtheory.theorems``)."""

from seqtheory.profiles import load

load()
