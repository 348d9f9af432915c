"""seqtheory's claims: one module per paper claim, each with its symbolic derivation, numeric check,
property tests and negative control.  ``pytest theorems/`` is the proof sanity check; ``python -m theorems``
(or ``seqtheory verify``) prints the report."""
