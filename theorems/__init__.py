"""seqtheory's claims: each a paper statement as executable mathematics — an exact derivation, an independent
numeric side, a relation between them, a negative control and a property test over the claim's domain.

Layout (a claim's id names its file: ``huang2025/thm3.1/one-step-loss`` lives in ``huang2025/thm3_1.py``):

* ``core/`` — the claim machinery: :class:`~seqtheory.theorems.core.claim.Claim`, domains, relations, the
  registry (discovery and the ``seqtheory.claims`` entry-point group), the metadata index, ``verify``;
* ``exact/`` — exact engines: Wishart moments (zonal, Stein, Wick, Haff), bivariate polynomials;
* ``papers.py`` — every paper's bibliographic record, once;
* one folder per paper (``huang2025/``, ``ren2024/``, …, ``wishart/``) holding only claim modules and their tests.

``pytest theorems/`` (or ``pytest --pyargs seqtheory.theorems``) is the proof sanity check; ``seqtheory verify``
(:mod:`seqtheory.theorems.run.verify`) prints the report.  Importing this package does no work.
"""
