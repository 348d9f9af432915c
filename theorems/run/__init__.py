"""Running claims: the registry (discovery and the ``seqtheory.claims`` entry points), the runner (local pool or
Dask), ``verify``, ``falsify``, the recorded findings and the versioned record of a run.  Above the claim model
(:mod:`seqtheory.theorems.core`), below the report and the command line."""
